import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import request from 'supertest';
import { deadLetterTopic, TOPICS } from '@redress/contracts';
import { publishEvents, TopicReader, waitFor, type ReadMessage } from '@redress/testing';
import { LegacyAccessCodes } from '../src/application/access-codes/legacy-access-codes';
import { INTAKE_PG_POOL } from '../src/application/tokens';
import type { IntakeConfig } from '../src/intake.config';
import type { IntakeOutbox } from '../src/messaging/intake-outbox';
import { aComplaint, startIntake, tokenFor } from './intake-app';
import { reclassified, triaged } from './triage-events';

jest.setTimeout(120_000);

const receiving = tokenFor({ roles: ['agent'], department: 'customer-service' });
const quality = tokenFor({ roles: ['agent'], department: 'quality' });
const qualityHead = tokenFor({ roles: ['department_head'], department: 'quality' });
const logistics = tokenFor({ roles: ['agent'], department: 'logistics' });
const supervisor = tokenFor({ roles: ['supervisor'] });

let app: INestApplication;
let outbox: IntakeOutbox;
let config: IntakeConfig;
let intakeTopic: TopicReader;
let deadLetters: TopicReader;
const apps: INestApplication[] = [];

beforeAll(async () => {
  ({ app, outbox, config } = await startIntake());
  apps.push(app);
  intakeTopic = await TopicReader.start(TOPICS.intake, { startAt: 'end', topicTimeoutMs: 30_000 });
  deadLetters = await TopicReader.start(deadLetterTopic(config.INTAKE_CONSUMER_GROUP), {
    topicTimeoutMs: 30_000,
  });
});

afterAll(async () => {
  await intakeTopic?.stop();
  await deadLetters?.stop();
  for (const running of apps) await running.close();
});

const http = (on: INestApplication = app) => request(on.getHttpServer());
const pool = (on: INestApplication = app) => on.get<Pool>(INTAKE_PG_POOL);
const typeOf = (m: ReadMessage) => (m.json as { type: string }).type;

function register(body: unknown, token = receiving, key?: string) {
  const req = http().post('/complaints').set('Authorization', `Bearer ${token}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body as object);
}

const get = (id: string, token: string) =>
  http().get(`/complaints/${id}`).set('Authorization', `Bearer ${token}`);

/** Waits until intake has learnt that `complaintId` is routed to `department`. */
async function routedTo(complaintId: string, department: string): Promise<void> {
  await waitFor(
    async () => {
      const res = await get(complaintId, supervisor);
      return res.status === 200 && res.body.department === department;
    },
    { description: `complaint ${complaintId} to be routed to ${department}`, timeoutMs: 30_000 },
  );
}

describe('department scope once triage routes a complaint', () => {
  it('hands the complaint to the routed department; the receiving one keeps a hand-over record and no longer acts on it', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const id = created.complaintId as string;
    // Before routing: the receiving department's, in full; not yet the quality department's.
    expect((await get(id, receiving).expect(200)).body).toMatchObject({
      department: 'customer-service',
      description: expect.any(String),
    });
    await get(id, quality).expect(403);

    await publishEvents(TOPICS.triage, [triaged(id, 'quality')]);
    await routedTo(id, 'quality');

    const forQuality = await get(id, quality).expect(200);
    expect(forQuality.body).toMatchObject({
      complaintId: id,
      department: 'quality',
      receivingDepartment: 'customer-service',
      routedAt: expect.any(String),
      description: expect.any(String),
      customer: expect.objectContaining({ name: '张三' }),
    });
    await get(id, qualityHead).expect(200);

    const handedOver = await get(id, receiving).expect(200);
    expect(handedOver.body).toEqual({
      complaintId: id,
      trackingNo: created.trackingNo,
      status: 'registered',
      channel: 'hotline',
      registeredAt: created.registeredAt,
      acknowledgeBy: created.acknowledgeBy,
      updatedAt: created.registeredAt,
      receivingDepartment: 'customer-service',
      department: 'quality',
      routedAt: forQuality.body.routedAt,
      handedOver: true,
      version: 2,
    });
    await get(id, logistics).expect(403);

    const amendByReceiving = await http()
      .post(`/complaints/${id}/amendments`)
      .set('Authorization', `Bearer ${receiving}`)
      .send({ description: '补充：包装也破了' })
      .expect(403);
    expect(amendByReceiving.body).toMatchObject({ code: 'HandedOver', department: 'quality' });
    await http()
      .post(`/complaints/${id}/withdrawal`)
      .set('Authorization', `Bearer ${receiving}`)
      .send({})
      .expect(403);
    const amended = await http()
      .post(`/complaints/${id}/amendments`)
      .set('Authorization', `Bearer ${quality}`)
      .send({ description: '补充：包装也破了' })
      .expect(200);
    expect(amended.body).toMatchObject({ department: 'quality', version: 3 });
  });

  it('keeps the route of the latest position of triage’s stream, whatever order or how often events arrive', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const id = created.complaintId as string;
    const first = triaged(id, 'quality', 1);
    const moved = reclassified(id, 'quality', 'logistics', 3);
    // A replayed dead letter: the reclassification arrives first, then the older decision,
    // then the reclassification once more.
    await publishEvents(TOPICS.triage, [moved]);
    await routedTo(id, 'logistics');
    await publishEvents(TOPICS.triage, [first, moved]);
    await waitFor(
      async () => {
        const { rows } = await pool().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM intake.processed_events
            WHERE consumer = 'intake' AND event_id = ANY($1::text[])`,
          [[first.id, moved.id]],
        );
        return rows[0]?.n === 2;
      },
      { description: 'both triage events to be processed', timeoutMs: 30_000 },
    );
    expect((await get(id, supervisor).expect(200)).body.department).toBe('logistics');
    await get(id, logistics).expect(200);
    await get(id, quality).expect(403);
    const { rows } = await pool().query(
      `SELECT department, triage_version, event_id FROM intake.complaint_routes WHERE complaint_id = $1`,
      [id],
    );
    expect(rows).toEqual([{ department: 'logistics', triage_version: 3, event_id: moved.id }]);
  });

  it('records a route that arrives before intake knows the complaint, for when it does', async () => {
    const id = randomUUID();
    await publishEvents(TOPICS.triage, [triaged(id, 'rnd', 2)]);
    const route = await waitFor(
      async () =>
        (
          await pool().query(
            `SELECT department, triage_version FROM intake.complaint_routes WHERE complaint_id = $1`,
            [id],
          )
        ).rows[0],
      { description: 'the early route to be recorded', timeoutMs: 30_000 },
    );
    expect(route).toEqual({ department: 'rnd', triage_version: 2 });
  });

  it('dead-letters a routing event whose Kafka key is not its complaint, and routes nothing', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const misrouted = { ...triaged(created.complaintId, 'quality'), subject: randomUUID() };
    await publishEvents(TOPICS.triage, [misrouted]);
    const [dead] = await deadLetters.waitForMessages(
      (m) => (m.json as { id?: string }).id === misrouted.id,
      1,
      30_000,
    );
    expect(typeOf(dead!)).toBe('ComplaintTriaged');
    expect((await get(created.complaintId, supervisor).expect(200)).body.department).toBe(
      'customer-service',
    );
  });

  it('lists hand-overs to the receiving department, and never matches them by what they hide', async () => {
    const sku = `SKU-SCOPE-${randomUUID().slice(0, 8)}`;
    const { body: created } = await register(
      aComplaint({ subject: { type: 'product', productSku: sku } }),
    ).expect(201);
    const id = created.complaintId as string;
    await publishEvents(TOPICS.triage, [triaged(id, 'quality')]);
    await routedTo(id, 'quality');

    const list = (token: string, query: Record<string, string | number>) =>
      http()
        .get('/complaints')
        .query({ registeredFrom: created.registeredAt, limit: 100, ...query })
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
        .then((res) => res.body.items as Array<Record<string, unknown>>);

    const received = (await list(receiving, {})).find((c) => c.complaintId === id);
    expect(received).toMatchObject({ handedOver: true, department: 'quality' });
    expect(received).not.toHaveProperty('description');
    expect(received).not.toHaveProperty('customer');
    expect(await list(receiving, { productSku: sku })).toEqual([]);

    const handled = await list(quality, { productSku: sku });
    expect(handled).toEqual([
      expect.objectContaining({
        complaintId: id,
        department: 'quality',
        description: expect.any(String),
      }),
    ]);
    expect((await list(logistics, {})).map((c) => c.complaintId)).not.toContain(id);
  });
});

describe('duplicate links and department scope', () => {
  it('joins a submission to a complaint outside the caller’s scope without showing that complaint', async () => {
    const body = aComplaint();
    const { body: created } = await register(body).expect(201);
    const id = created.complaintId as string;
    await publishEvents(TOPICS.triage, [triaged(id, 'quality')]);
    await routedTo(id, 'quality');

    // The same customer about the same subject, registered by a third department.
    const outside = await register({ ...body, description: '我又打了一次电话' }, logistics).expect(
      200,
    );
    expect(outside.body).toEqual({
      linked: true,
      submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      receivedAt: expect.any(String),
    });
    expect(outside.headers.location).toBeUndefined();
    const text = JSON.stringify(outside.body);
    expect(text).not.toContain(id);
    expect(text).not.toContain(created.trackingNo);
    const [linked] = await intakeTopic.waitForMessages(
      (m) => m.key === id && typeOf(m) === 'DuplicateComplaintLinked',
    );
    expect((linked!.json as { data: { submissionId: string } }).data.submissionId).toBe(
      outside.body.submissionId,
    );

    // The receiving department may know what it handed over; the routed one sees it in full.
    const again = await register(body, receiving).expect(200);
    expect(again.body).toMatchObject({
      linked: true,
      linkedTo: id,
      trackingNo: created.trackingNo,
    });
    const handled = await register(body, quality).expect(200);
    expect(handled.body).toMatchObject({ linkedTo: id, complaintId: id });
    expect(handled.headers.location).toBe(`/complaints/${id}`);
  });
});

describe('the public status page', () => {
  it('answers with the code in X-Access-Code or in a POST body, never cached', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const path = `/public/complaints/${created.trackingNo}`;
    const byHeader = await http().get(path).set('X-Access-Code', created.accessCode).expect(200);
    expect(byHeader.headers['cache-control']).toBe('no-store');
    expect(byHeader.headers['vary']).toMatch(/X-Access-Code/i);
    expect(byHeader.body).toMatchObject({ trackingNo: created.trackingNo, status: 'registered' });

    const byBody = await http()
      .post(`${path}/status`)
      .send({ accessCode: created.accessCode })
      .expect(200);
    expect(byBody.headers['cache-control']).toBe('no-store');
    expect(byBody.body).toEqual(byHeader.body);

    await http().post(`${path}/status`).send({ accessCode: 'WRONGCODE1' }).expect(404);
    await http().get(path).set('X-Access-Code', 'WRONGCODE1').expect(404);
  });

  it('reads the code and the number however the customer types them back', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const code = created.accessCode as string;
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    await http()
      .get(`/public/complaints/${(created.trackingNo as string).toLowerCase()}`)
      .set('X-Access-Code', typed)
      .expect(200);
  });

  it('refuses a path that is not a tracking number with a 400 naming trackingNo, however long', async () => {
    for (const trackingNo of ['RD-2026-1', 'RD-20261123-7KQ2M9XI', `RD-${'9'.repeat(8_000)}`]) {
      const answer = await http()
        .get(`/public/complaints/${trackingNo}`)
        .set('X-Access-Code', 'ABCDEFGHJK')
        .expect(400);
      expect(answer.body.errors).toContainEqual(expect.objectContaining({ field: 'trackingNo' }));
    }
  });

  it('refuses the code in the query string, and a missing or malformed code, naming the field', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const path = `/public/complaints/${created.trackingNo}`;
    const inQuery = await http().get(path).query({ code: created.accessCode }).expect(400);
    expect(inQuery.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(inQuery.body.errors).toEqual([
      { field: 'code', message: expect.stringMatching(/X-Access-Code/) },
    ]);
    expect(JSON.stringify(inQuery.body)).not.toContain(created.accessCode);

    const missing = await http().get(path).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'X-Access-Code', message: expect.any(String) }]);
    const malformed = await http().get(path).set('X-Access-Code', '<script>').expect(400);
    expect(malformed.body.errors?.[0]?.field).toBe('X-Access-Code');
    const noBody = await http().post(`${path}/status`).send({}).expect(400);
    expect(noBody.body.errors?.[0]?.field).toBe('accessCode');
    const other = await http()
      .get(path)
      .query({ lang: 'en' })
      .set('X-Access-Code', created.accessCode)
      .expect(400);
    expect(other.body.errors?.[0]?.field).toBe('lang');
  });
  it('documents the header, the POST form and the 429 in the OpenAPI document', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: unknown[]; responses: object }>>;
    };
    const byHeader = doc.paths['/public/complaints/{trackingNo}']?.['get'];
    expect(byHeader?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'X-Access-Code', in: 'header', required: true }),
      ]),
    );
    expect(byHeader?.parameters).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'code' })]),
    );
    expect(byHeader?.responses).toHaveProperty('429');
    expect(doc.paths['/public/complaints/{trackingNo}/status']?.['post']?.responses).toHaveProperty(
      '429',
    );
  });
});

describe('the access code is never stored in clear', () => {
  /** Rows of every table of the intake schema whose text holds `needle`. */
  async function rowsHolding(needle: string): Promise<string[]> {
    const { rows: tables } = await pool().query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'intake'`,
    );
    const found: string[] = [];
    for (const { table_name: table } of tables) {
      const { rows } = await pool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM intake."${table}" t WHERE t::text ILIKE '%' || $1 || '%'`,
        [needle],
      );
      if ((rows[0]?.n ?? 0) > 0) found.push(table);
    }
    return found;
  }

  it('keeps a keyed MAC and, for a retry, the code sealed: the retry still gives the customer the code', async () => {
    const key = randomUUID();
    const body = aComplaint();
    const first = await register(body, receiving, key).expect(201);
    const code = first.body.accessCode as string;
    expect(code).toMatch(/^[0-9A-Z]{10}$/);

    const retry = await register(body, receiving, key).expect(201);
    expect(retry.body).toEqual(first.body);
    await http()
      .get(`/public/complaints/${first.body.trackingNo}`)
      .set('X-Access-Code', retry.body.accessCode)
      .expect(200);

    await outbox.drain({ timeoutMs: 15_000 });
    expect(await rowsHolding(code)).toEqual([]);
    const sha = createHash('sha256').update(code).digest('hex');
    expect(await rowsHolding(sha)).toEqual([]);
    const { rows } = await pool().query(
      `SELECT access_code_mac, access_code_hash FROM intake.complaints WHERE complaint_id = $1`,
      [first.body.complaintId],
    );
    expect(rows).toEqual([
      { access_code_mac: expect.stringMatching(/^[0-9a-f]{64}$/), access_code_hash: null },
    ]);
    const stored = await pool().query<{ body: Record<string, unknown> }>(
      `SELECT body FROM intake.idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(stored.rows[0]?.body).toMatchObject({
      sealedAccessCode: expect.stringMatching(/^ac1\./),
    });
    expect(stored.rows[0]?.body).not.toHaveProperty('accessCode');
  });

  it('turns the plain digests of earlier versions into MACs, at start and at the first lookup', async () => {
    const legacy = async () => {
      const { body } = await register(aComplaint()).expect(201);
      const digest = createHash('sha256').update(body.accessCode).digest('hex');
      // As a replica of the previous version would have written it.
      await pool().query(
        `UPDATE intake.complaints SET access_code_mac = NULL, access_code_hash = $2
          WHERE complaint_id = $1`,
        [body.complaintId, digest],
      );
      return body as { complaintId: string; trackingNo: string; accessCode: string };
    };
    const columns = async (id: string) =>
      (
        await pool().query(
          `SELECT access_code_mac AS mac, access_code_hash AS digest FROM intake.complaints
            WHERE complaint_id = $1`,
          [id],
        )
      ).rows[0];

    const lookedUp = await legacy();
    await http()
      .get(`/public/complaints/${lookedUp.trackingNo}`)
      .set('X-Access-Code', lookedUp.accessCode)
      .expect(200);
    expect(await columns(lookedUp.complaintId)).toEqual({
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
      digest: null,
    });

    const atStart = await legacy();
    expect(await app.get(LegacyAccessCodes).upgradeAll()).toBeGreaterThanOrEqual(1);
    expect(await columns(atStart.complaintId)).toEqual({
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
      digest: null,
    });
    await http()
      .get(`/public/complaints/${atStart.trackingNo}`)
      .set('X-Access-Code', atStart.accessCode)
      .expect(200);
  });
});

describe('rate limits of the public status page', () => {
  const key = randomBytes(32).toString('base64');
  const limits = {
    INTAKE_ACCESS_CODE_KEY: key,
    INTAKE_STATUS_LIMIT_PER_CLIENT: '3',
    INTAKE_STATUS_LIMIT_PER_NUMBER: '4',
    INTAKE_STATUS_WINDOW_SECONDS: '60',
  };
  let replica: INestApplication;
  let otherReplica: INestApplication;
  let untrusting: INestApplication;

  beforeAll(async () => {
    // Two replicas behind a proxy on the loopback, sharing one key and one database.
    replica = (await startIntake({ env: { ...limits, HTTP_TRUST_PROXY: 'loopback' } })).app;
    apps.push(replica);
    otherReplica = (await startIntake({ env: { ...limits, HTTP_TRUST_PROXY: 'loopback' } })).app;
    apps.push(otherReplica);
    untrusting = (
      await startIntake({
        env: { ...limits, INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64') },
      })
    ).app;
    apps.push(untrusting);
  });

  const trackingNo = () => `RD-20261123-${randomBytes(4).toString('hex').toUpperCase()}`;
  const ask = (
    on: INestApplication,
    client: string,
    number: string,
    how: 'get' | 'post' = 'get',
  ) =>
    how === 'get'
      ? http(on)
          .get(`/public/complaints/${number}`)
          .set('X-Forwarded-For', client)
          .set('X-Access-Code', 'K7QW2M9X1A')
      : http(on)
          .post(`/public/complaints/${number}/status`)
          .set('X-Forwarded-For', client)
          .send({ accessCode: 'K7QW2M9X1A' });

  function expectLimited(res: request.Response, what: RegExp) {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body).toMatchObject({
      status: 429,
      type: 'urn:redress:problem:rate-limited',
      retryAfterSeconds: retryAfter,
      detail: expect.stringMatching(what),
    });
  }

  it('limits each client address, GET and POST together, and answers 429 problem+json with Retry-After', async () => {
    const client = `203.0.113.${randomBytes(1)[0]}`;
    await ask(replica, client, trackingNo()).expect(404);
    await ask(replica, client, trackingNo(), 'post').expect(404);
    await ask(otherReplica, client, trackingNo()).expect(404);
    expectLimited(await ask(replica, client, trackingNo(), 'post'), /from your address/);
    expectLimited(await ask(otherReplica, client, trackingNo()), /from your address/);
    // Another address behind the same proxy is not held back.
    await ask(replica, `198.51.100.${randomBytes(1)[0]}`, trackingNo()).expect(404);
  });

  it('limits each tracking number across addresses and replicas', async () => {
    const number = trackingNo();
    for (let i = 0; i < 4; i++) {
      await ask(i % 2 ? otherReplica : replica, `192.0.2.${10 + i}`, number).expect(404);
    }
    expectLimited(await ask(replica, '192.0.2.99', number), /for this tracking number/);
    await ask(replica, '192.0.2.99', trackingNo()).expect(404);
  });

  it('takes X-Forwarded-For only from a trusted proxy', async () => {
    // HTTP_TRUST_PROXY=false: every request comes from the loopback, whatever it claims.
    for (let i = 0; i < 3; i++) await ask(untrusting, `203.0.113.${i}`, trackingNo()).expect(404);
    expectLimited(await ask(untrusting, '203.0.113.200', trackingNo()), /from your address/);
  });

  it('leaves the rest of the API alone', async () => {
    for (let i = 0; i < 5; i++) {
      await http(replica).get('/health/live').set('X-Forwarded-For', '203.0.113.250').expect(200);
    }
    await http(replica)
      .get('/complaints')
      .set('X-Forwarded-For', '203.0.113.250')
      .set('Authorization', `Bearer ${supervisor}`)
      .expect(200);
  });
});
