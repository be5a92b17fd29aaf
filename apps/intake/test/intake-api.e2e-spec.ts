import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TOPICS, CLOUDEVENTS_CONTENT_TYPE } from '@redress/contracts';
import { TopicReader, type ReadMessage } from '@redress/testing';
import { aComplaint, startIntake, tokenFor } from './intake-app';
import type { IntakeOutbox } from '../src/messaging/intake-outbox';

let app: INestApplication;
let outbox: IntakeOutbox;
let reader: TopicReader;

const channel = tokenFor({ roles: ['channel'], department: 'customer-service' });
const agent = tokenFor({ roles: ['agent'], department: 'customer-service' });
const otherDepartmentAgent = tokenFor({ roles: ['agent'], department: 'logistics' });
const analyst = tokenFor({ roles: ['analyst'], department: 'customer-service' });
const admin = tokenFor({ roles: ['admin'] });

beforeAll(async () => {
  ({ app, outbox } = await startIntake());
  await outbox.drain({ timeoutMs: 30_000 });
  reader = await TopicReader.start(TOPICS.intake, { startAt: 'end', topicTimeoutMs: 30_000 });
}, 90_000);

afterAll(async () => {
  await reader?.stop();
  await app?.close();
});

const http = () => request(app.getHttpServer());

function register(body: unknown, token = channel, key?: string) {
  const req = http().post('/complaints').set('Authorization', `Bearer ${token}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body as object);
}

function problem(res: request.Response) {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.body as {
    status: number;
    title: string;
    errors?: { field: string; message: string }[];
  };
}

/** The fields a validation problem names, each once. */
const fields = (res: request.Response) =>
  [...new Set((problem(res).errors ?? []).map((e) => e.field))].sort();

const eventsOf = (complaintId: string) => (m: ReadMessage) => m.key === complaintId;
const typeOf = (m: ReadMessage) => (m.json as { type: string }).type;

describe('registering a complaint', () => {
  it('answers 201 and publishes ComplaintRegistered then ComplaintAcknowledged as CloudEvents without personal data', async () => {
    const body = aComplaint({
      customer: {
        name: '李小龙',
        phone: '13812345678',
        email: 'bruce.lee@example.com',
        tier: 'high',
      },
      description: '快递盒子破损，请打 13812345678 或发邮件到 bruce.lee@example.com 找李小龙',
      flags: { mediaThreat: true },
      complainantCount: 4,
    });
    const res = await register(body).expect(201);
    expect(res.body).toEqual({
      complaintId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      trackingNo: expect.stringMatching(/^RD-\d{8}-[0-9A-Z]{8}$/),
      status: 'registered',
      registeredAt: expect.any(String),
      acknowledgeBy: expect.any(String),
      accessCode: expect.any(String),
    });
    expect(res.headers.location).toBe(`/complaints/${res.body.complaintId}`);
    expect(Date.parse(res.body.acknowledgeBy)).toBeGreaterThan(Date.parse(res.body.registeredAt));

    const [registered, acknowledged] = await reader.waitForMessages(
      eventsOf(res.body.complaintId),
      2,
    );
    expect(registered!.headers['content-type']).toBe(CLOUDEVENTS_CONTENT_TYPE);
    expect(registered!.json).toMatchObject({
      specversion: '1.0',
      type: 'ComplaintRegistered',
      source: '/redress/intake',
      subject: res.body.complaintId,
      datacontenttype: 'application/json',
      schemaversion: 2,
      streamversion: 1,
      authtype: 'app_user',
      data: {
        complaintId: res.body.complaintId,
        trackingNo: res.body.trackingNo,
        channel: 'hotline',
        customer: {
          customerRef: expect.stringMatching(/^cus_[a-z2-7]{26}$/),
          maskedName: '李**',
          maskedPhone: '*******5678',
          maskedEmail: 'b***@example.com',
          tier: 'high',
        },
        complainantCount: 4,
        flags: expect.objectContaining({ mediaThreat: true, lawsuitFiled: false }),
        receivingDepartment: 'customer-service',
        imported: false,
      },
    });
    // A live registration was received when it was registered.
    const data = (registered!.json as { data: { registeredAt: string; receivedAt: string } }).data;
    expect(data.receivedAt).toBe(data.registeredAt);
    expect(typeOf(acknowledged!)).toBe('ComplaintAcknowledged');
    expect((acknowledged!.json as { data: { acknowledgeBy: string } }).data.acknowledgeBy).toBe(
      res.body.acknowledgeBy,
    );
    for (const message of [registered!, acknowledged!]) {
      expect(message.value).not.toContain('李小龙');
      expect(message.value).not.toContain('13812345678');
      expect(message.value).not.toContain('bruce.lee');
      expect(message.value).not.toContain(res.body.accessCode);
    }
  }, 30_000);

  it('accepts every channel, service subjects and an e-mail as the only contact', async () => {
    const res = await register(
      aComplaint({
        channel: 'regulator',
        customer: { name: 'Jane Roe', email: 'jane@example.org' },
        subject: { type: 'staff', staffId: 'E-1042' },
        description: 'The technician was rude and left without repairing the heater.',
        language: 'en-GB',
        attachments: [
          { name: 'photo.jpg', sha256: 'A'.repeat(64), url: 'https://files.example.com/p/1' },
        ],
      }),
    ).expect(201);
    const [event] = await reader.waitForMessages(eventsOf(res.body.complaintId));
    expect(event!.json).toMatchObject({
      data: {
        channel: 'regulator',
        subject: { type: 'staff', staffId: 'E-1042' },
        customer: { maskedEmail: 'j***@example.org' },
        attachments: [{ name: 'photo.jpg', sha256: 'a'.repeat(64) }],
      },
    });
  }, 30_000);
});

describe('bad input never reaches the event store', () => {
  it.each([
    ['a missing description', { description: undefined }, ['description']],
    ['an unknown channel', { channel: 'carrier-pigeon' }, ['channel']],
    [
      'a bad phone in the customer',
      { customer: { name: 'x', phone: 'call me' } },
      ['customer.phone'],
    ],
    ['no contact at all', { customer: { name: 'x' } }, ['customer.phone']],
    ['a customer that is not an object', { customer: 'Zhang San' }, ['customer']],
    ['an unknown subject type', { subject: { type: 'weather' } }, ['subject.type']],
    ['a description over 10 000 characters', { description: '长'.repeat(10_001) }, ['description']],
    ['a complainant count of zero', { complainantCount: 0 }, ['complainantCount']],
    ['a flag that is not a boolean', { flags: { lawsuitFiled: 'yes' } }, ['flags.lawsuitFiled']],
    ['an unknown remedy', { desiredRemedies: ['revenge'] }, ['desiredRemedies']],
    ['an unknown top-level field', { priority: 'urgent' }, ['priority']],
    [
      'an unknown nested field',
      { customer: { name: 'x', phone: '13800000000', idCard: '1101' } },
      ['customer.idCard'],
    ],
    [
      'a bad attachment hash',
      { attachments: [{ name: 'a', sha256: 'zz', url: 'https://x.example/a' }] },
      ['attachments.0.sha256'],
    ],
  ])('answers 400 naming the field for %s', async (_case, change, expected) => {
    const res = await register(aComplaint(change)).expect(400);
    expect(problem(res).status).toBe(400);
    expect(fields(res)).toEqual(expected);
  });

  it('answers 400 for malformed JSON, 415 for another content type and 413 for a huge body', async () => {
    const malformed = await http()
      .post('/complaints')
      .set('Authorization', `Bearer ${channel}`)
      .set('Content-Type', 'application/json')
      .send('{"channel": "web",')
      .expect(400);
    expect(problem(malformed).title).toMatch(/JSON/i);

    await http()
      .post('/complaints')
      .set('Authorization', `Bearer ${channel}`)
      .set('Content-Type', 'text/plain')
      .send('channel=web')
      .expect(415);

    const huge = await register(aComplaint({ title: 'x'.repeat(2 * 1024 * 1024) })).expect(413);
    expect(problem(huge).status).toBe(413);
  });

  it('answers 401 without a valid token and 403 for a role that may not register', async () => {
    await http().post('/complaints').send(aComplaint()).expect(401);
    await register(aComplaint(), 'not-a-token').expect(401);
    await register(aComplaint(), analyst).expect(403);
  });

  it('answers 400 naming the header for a bad Idempotency-Key', async () => {
    const res = await register(aComplaint(), channel, 'k'.repeat(201)).expect(400);
    expect(fields(res)).toEqual(['Idempotency-Key']);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same body and refuses another body with 422', async () => {
    const key = randomUUID();
    const body = aComplaint();
    const first = await register(body, channel, key).expect(201);
    const again = await register(body, channel, key).expect(201);
    expect(again.body).toEqual(first.body);

    const other = await register(aComplaint(), channel, key).expect(422);
    expect(other.body.detail).toMatch(/Idempotency-Key/);

    await outbox.drain({ timeoutMs: 15_000 });
    await reader.waitForMessages(eventsOf(first.body.complaintId), 2);
    const registrations = reader.messages.filter(
      (m) => m.key === first.body.complaintId && typeOf(m) === 'ComplaintRegistered',
    );
    expect(registrations).toHaveLength(1);
  }, 30_000);
});

describe('duplicates', () => {
  it('links a second submission of the same customer about the same subject to the open complaint', async () => {
    const body = aComplaint();
    const first = await register(body).expect(201);
    const second = await register({
      ...body,
      channel: 'wechat',
      description: '还没人联系我！',
    }).expect(200);
    expect(second.body).toMatchObject({
      complaintId: first.body.complaintId,
      linkedTo: first.body.complaintId,
      trackingNo: first.body.trackingNo,
    });
    expect(second.body.accessCode).toBeUndefined();

    const [linked] = await reader.waitForMessages(
      (m) => eventsOf(first.body.complaintId)(m) && typeOf(m) === 'DuplicateComplaintLinked',
    );
    expect(linked!.json).toMatchObject({
      data: { complaintId: first.body.complaintId, channel: 'wechat' },
    });

    // Another subject from the same customer is a complaint of its own.
    const third = await register({ ...body, subject: { type: 'billing', orderId: 'O-1' } }).expect(
      201,
    );
    expect(third.body.complaintId).not.toBe(first.body.complaintId);
  }, 30_000);
});

describe('duplicates arriving together', () => {
  it('opens one complaint for five submissions of the same complaint sent at once, and links the rest', async () => {
    const body = aComplaint();
    const answers = await Promise.all(
      ['hotline', 'web', 'app', 'wechat', 'email'].map((channel) => register({ ...body, channel })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const opened = answers.find((a) => a.status === 201)!.body.complaintId as string;
    expect(new Set(answers.map((a) => a.body.complaintId))).toEqual(new Set([opened]));
  }, 30_000);
});

describe('amending and withdrawing', () => {
  it('amends an open complaint, withdraws it, then refuses both with 409 naming the status', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const path = `/complaints/${created.complaintId}`;

    const amended = await http()
      .post(`${path}/amendments`)
      .set('Authorization', `Bearer ${agent}`)
      .send({
        description: '补充：批次号 B-77',
        subject: { type: 'product', batchNo: 'B-77', productSku: 'SKU-1' },
        reason: 'customer called back',
      })
      .expect(200);
    expect(amended.body).toMatchObject({ complaintId: created.complaintId, status: 'registered' });

    await http()
      .post(`${path}/amendments`)
      .set('Authorization', `Bearer ${agent}`)
      .send({})
      .expect(422);

    await http()
      .post(`${path}/withdrawal`)
      .set('Authorization', `Bearer ${agent}`)
      .send({ reason: 'resolved with the shop directly' })
      .expect(200);

    const conflict = await http()
      .post(`${path}/amendments`)
      .set('Authorization', `Bearer ${agent}`)
      .send({ description: 'too late' })
      .expect(409);
    expect(conflict.body).toMatchObject({ status: 409, currentStatus: 'withdrawn' });
    await http()
      .post(`${path}/withdrawal`)
      .set('Authorization', `Bearer ${agent}`)
      .send({})
      .expect(409);

    const events = await reader.waitForMessages(eventsOf(created.complaintId), 4);
    expect(events.map(typeOf)).toEqual([
      'ComplaintRegistered',
      'ComplaintAcknowledged',
      'ComplaintAmended',
      'ComplaintWithdrawn',
    ]);
    expect(events.map((m) => (m.json as { streamversion: number }).streamversion)).toEqual([
      1, 2, 3, 4,
    ]);
  }, 30_000);

  it('answers 404 for a complaint that does not exist and 400 for an id that is not a UUID', async () => {
    await http()
      .post(`/complaints/${randomUUID()}/withdrawal`)
      .set('Authorization', `Bearer ${agent}`)
      .send({})
      .expect(404);
    const bad = await http()
      .get('/complaints/42')
      .set('Authorization', `Bearer ${agent}`)
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });
});

describe('reading complaints', () => {
  it('shows contacts to agents, masks them for analysts and keeps other departments out', async () => {
    const { body: created } = await register(
      aComplaint({ customer: { name: '王五', phone: '13698765432' } }),
    ).expect(201);
    const path = `/complaints/${created.complaintId}`;

    const forAgent = await http().get(path).set('Authorization', `Bearer ${agent}`).expect(200);
    expect(forAgent.body.customer).toMatchObject({ name: '王五', phone: '13698765432' });

    const forAnalyst = await http().get(path).set('Authorization', `Bearer ${analyst}`).expect(200);
    expect(forAnalyst.body.customer).toMatchObject({ maskedPhone: '*******5432' });
    expect(forAnalyst.body.customer.phone).toBeUndefined();
    expect(JSON.stringify(forAnalyst.body)).not.toContain('王五');

    await http().get(path).set('Authorization', `Bearer ${otherDepartmentAgent}`).expect(403);
    await http().get(path).set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('lists newest first with a cursor and filters', async () => {
    const sku = `SKU-LIST-${randomUUID().slice(0, 6)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { body } = await register(
        aComplaint({
          subject: { type: 'product', productSku: `${sku}-${i}` },
          channel: i % 2 ? 'web' : 'app',
        }),
        channel,
      ).expect(201);
      ids.push(body.complaintId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await http()
        .get('/complaints')
        .query({
          limit: 2,
          registeredFrom: new Date(Date.now() - 60_000).toISOString(),
          ...(cursor ? { cursor } : {}),
        })
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { complaintId: string }) => c.complaintId));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    // Newest first: the five just registered appear in reverse order of registration.
    const ours = seen.filter((id) => ids.includes(id));
    expect(ours).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);

    const web = await http()
      .get('/complaints')
      .query({
        channel: 'web',
        registeredFrom: new Date(Date.now() - 60_000).toISOString(),
        limit: 100,
      })
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const webIds = web.body.items.map((c: { complaintId: string }) => c.complaintId);
    expect(webIds).toEqual(expect.arrayContaining([ids[1], ids[3]]));
    expect(webIds).not.toContain(ids[0]);

    const badFilter = await http()
      .get('/complaints')
      .query({ limit: 0, colour: 'red' })
      .set('Authorization', `Bearer ${admin}`)
      .expect(400);
    expect(fields(badFilter)).toEqual(['colour', 'limit']);
  }, 30_000);

  it('gives the customer a public status by tracking number and code, nothing personal, 404 for a wrong code', async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const status = await http()
      .get(`/public/complaints/${created.trackingNo}`)
      .set('X-Access-Code', created.accessCode)
      .expect(200);
    expect(status.body).toEqual({
      trackingNo: created.trackingNo,
      status: 'registered',
      registeredAt: created.registeredAt,
      acknowledgeBy: created.acknowledgeBy,
      lastUpdatedAt: expect.any(String),
      stage: 'registered',
      stageChangedAt: created.registeredAt,
      language: 'en',
      message:
        'We have registered your complaint and are passing it to the team that will handle it.',
    });
    await http()
      .get(`/public/complaints/${created.trackingNo}`)
      .set('X-Access-Code', 'WRONGCODE1')
      .expect(404);
    await http()
      .get('/public/complaints/RD-20260101-AAAAAAAA')
      .set('X-Access-Code', created.accessCode)
      .expect(404);
  });
});

describe('erasure', () => {
  it("destroys a customer's key: contacts are gone, the complaint and its events stay", async () => {
    const { body: created } = await register(aComplaint()).expect(201);
    const path = `/complaints/${created.complaintId}`;
    const before = await http().get(path).set('Authorization', `Bearer ${admin}`).expect(200);
    const ref = before.body.customer.customerRef as string;

    await http()
      .post(`/customers/${ref}/erasure`)
      .set('Authorization', `Bearer ${agent}`)
      .expect(403);
    const bad = await http()
      .post(`/customers/${ref}/erasure`)
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'not a key')
      .expect(400);
    expect(problem(bad).errors?.map((e) => e.field)).toEqual(['Idempotency-Key']);
    const key = randomUUID();
    for (let attempt = 0; attempt < 2; attempt++) {
      // A retry of the erasure, with the same key, answers as the first one did.
      await http()
        .post(`/customers/${ref}/erasure`)
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', key)
        .expect(204);
    }
    // Without the key, a second erasure finds nothing left to erase.
    await http()
      .post(`/customers/${ref}/erasure`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(404);

    const after = await http().get(path).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(after.body.customer).toMatchObject({ customerRef: ref, erased: true });
    expect(after.body.customer.name).toBeUndefined();
    expect(after.body.customer.phone).not.toBe(before.body.customer.phone);
    expect(after.body.status).toBe('registered');
  });
});
