import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import { TopicReader, serviceDbUrl, type ReadMessage } from '@redress/testing';
import { aComplaint, startIntake, tokenFor, uniquePhone } from './intake-app';
import type { IntakeOutbox } from '../src/messaging/intake-outbox';

/**
 * Issue 10, "personal data stays in intake", inside intake: every free text is masked before it
 * becomes an event, one request erases a person by every identifier, and the master key rotates.
 */

let app: INestApplication;
let outbox: IntakeOutbox;
let reader: TopicReader;
let db: Client;

const channel = tokenFor({ roles: ['channel'], department: 'customer-service' });
const agent = tokenFor({ roles: ['agent'], department: 'customer-service' });
const admin = tokenFor({ roles: ['admin'] });

beforeAll(async () => {
  ({ app, outbox } = await startIntake());
  await outbox.drain({ timeoutMs: 30_000 });
  reader = await TopicReader.start(TOPICS.intake, { startAt: 'end', topicTimeoutMs: 30_000 });
  db = new Client({ connectionString: serviceDbUrl('intake') });
  await db.connect();
}, 90_000);

afterAll(async () => {
  await db?.end();
  await reader?.stop();
  await app?.close();
});

const http = (server: INestApplication = app) => request(server.getHttpServer());
const post = (path: string, token: string, body: unknown, server?: INestApplication) =>
  http(server)
    .post(path)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

const eventsOf = (complaintId: string) => (m: ReadMessage) => m.key === complaintId;
const dataOf = (m: ReadMessage) => (m.json as { data: Record<string, unknown> }).data;

/** A person no other test knows: random name, phone, e-mail and enterprise id. */
function aPerson() {
  const tag = randomUUID().replace(/-/g, '').slice(0, 8);
  return {
    name: `Quillon Varga${tag.replace(/\d/g, 'x')}`,
    phone: uniquePhone(),
    email: `qv.${tag}@example.org`,
    externalId: `VIP-${tag.toUpperCase()}`,
  };
}

describe('free text leaves intake masked', () => {
  it('masks titles, descriptions, reasons, attachment names, purchase channel and region of every event', async () => {
    const person = aPerson();
    const [first, last] = person.name.split(' ') as [string, string];
    const { body: created } = await post('/complaints', channel, {
      ...aComplaint({ customer: person }),
      title: `${person.name} ${person.phone}`,
      description: `I am ${last}, card ${person.externalId}, call ${person.phone.replace(/(\d{3})(\d{4})(\d{4})/, '$1 - $2 - $3')}`,
      subject: { type: 'product', productSku: 'SKU-1', purchaseChannel: `shop of ${first}` },
      region: `near ${person.email}`,
      attachments: [
        { name: `${person.name}-id.jpg`, sha256: 'a'.repeat(64), url: 'https://files.example/1' },
      ],
    }).expect(201);
    const path = `/complaints/${created.complaintId}`;

    const newPhone = uniquePhone();
    await post(`${path}/amendments`, agent, {
      title: `now call ${newPhone}`,
      customer: { phone: newPhone },
      attachments: [
        {
          name: `receipt ${person.email}.pdf`,
          sha256: 'b'.repeat(64),
          url: 'https://files.example/2',
        },
      ],
      reason: `${person.name} (${person.email}) gave the new number ${newPhone}`,
    }).expect(200);
    await post(`${path}/withdrawal`, agent, {
      reason: `${first} called from ${person.phone}: settled, write to ${person.email}`,
    }).expect(200);

    const events = await reader.waitForMessages(eventsOf(created.complaintId), 4);
    const [registered, , amended, withdrawn] = events.map(dataOf);
    expect(registered).toMatchObject({
      title: expect.stringMatching(/^Q\*{4} \*{7}\d{4}$/),
      subject: { purchaseChannel: 'shop of Q****' },
      region: `near q***@example.org`,
      attachments: [{ name: 'Q****-id.jpg' }],
    });
    expect(registered!.description).toMatch(
      /^I am V\*{4}, card \*{10}\w{2}, call \*{3} - \*{4} - \d{4}$/,
    );
    expect(amended).toMatchObject({
      changes: {
        title: `now call *******${newPhone.slice(-4)}`,
        attachments: [{ name: 'Q****-id.jpg' }, { name: 'receipt q***@example.org.pdf' }],
        customer: { maskedPhone: `*******${newPhone.slice(-4)}` },
      },
      reason: `Q**** (q***@example.org) gave the new number *******${newPhone.slice(-4)}`,
    });
    expect(withdrawn).toMatchObject({
      reason: `Q**** called from *******${person.phone.slice(-4)}: settled, write to q***@example.org`,
    });
    const all = events.map((m) => m.value ?? '').join('\n');
    for (const value of [person.phone, newPhone, person.email, person.externalId, first, last]) {
      expect(all.toLowerCase()).not.toContain(value.toLowerCase());
    }
  }, 30_000);

  it('masks the description of a linked duplicate submission', async () => {
    const person = aPerson();
    const body = aComplaint({ customer: person });
    const { body: opened } = await post('/complaints', channel, body).expect(201);
    await post('/complaints', channel, {
      ...body,
      description: `again: ${person.name}, ${person.email}, ${person.phone}`,
    }).expect(200);
    const [, , linked] = await reader.waitForMessages(eventsOf(opened.complaintId), 3);
    expect(dataOf(linked!)).toMatchObject({
      description: `again: Q****, q***@example.org, *******${person.phone.slice(-4)}`,
    });
  }, 30_000);

  it('refuses an attachment link that names the customer, since a link cannot be masked', async () => {
    const person = aPerson();
    const res = await post('/complaints', channel, {
      ...aComplaint({ customer: person }),
      attachments: [
        { name: 'ok', sha256: 'c'.repeat(64), url: 'https://files.example/ok' },
        {
          name: 'photo',
          sha256: 'd'.repeat(64),
          url: `https://files.example/u/${encodeURIComponent(person.email)}/photo.jpg`,
        },
      ],
    }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'attachments.1.url' })]);
  });
});

describe('erasing a person', () => {
  it('erases every record any of their identifiers finds, in one request, and nothing else', async () => {
    const person = aPerson();
    const other = aPerson();
    // Three records of one person under two customerRefs: the enterprise id makes the first ref,
    // the phone alone the second; a linked submission shares the first.
    const byExternalId = await post(
      '/complaints',
      channel,
      aComplaint({
        customer: { name: person.name, phone: person.phone, externalId: person.externalId },
      }),
    ).expect(201);
    const byPhone = await post(
      '/complaints',
      channel,
      aComplaint({ customer: { name: person.name, phone: person.phone, email: person.email } }),
    ).expect(201);
    const unrelated = await post('/complaints', channel, aComplaint({ customer: other })).expect(
      201,
    );
    const refOf = async (complaintId: string) =>
      (
        await http()
          .get(`/complaints/${complaintId}`)
          .set('Authorization', `Bearer ${admin}`)
          .expect(200)
      ).body.customer.customerRef as string;
    const refs = [
      await refOf(byExternalId.body.complaintId),
      await refOf(byPhone.body.complaintId),
    ].sort();
    expect(refs[0]).not.toBe(refs[1]);

    const identifiers = {
      externalIds: [person.externalId],
      phones: [person.phone],
      emails: [person.email.toUpperCase()],
    };
    await post('/customers/erasure', agent, identifiers).expect(403);
    const plan = await post('/customers/erasure', admin, { ...identifiers, dryRun: true }).expect(
      200,
    );
    expect(plan.body).toEqual({ customerRefs: refs, complaints: 2, dryRun: true });

    const key = randomUUID();
    const erase = () =>
      http()
        .post('/customers/erasure')
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', key)
        .send(identifiers);
    const erased = await erase().expect(200);
    expect(erased.body).toEqual({ customerRefs: refs, complaints: 2, dryRun: false });
    expect((await erase().expect(200)).body).toEqual(erased.body);
    await post('/customers/erasure', admin, { phones: [person.phone] }).expect(404);

    for (const complaint of [byExternalId, byPhone]) {
      const view = await http()
        .get(`/complaints/${complaint.body.complaintId}`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(view.body.customer).toMatchObject({ erased: true });
      expect(view.body.customer.phone).toBeUndefined();
    }
    const kept = await http()
      .get(`/complaints/${unrelated.body.complaintId}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(kept.body.customer).toMatchObject({ name: other.name, phone: other.phone });

    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM intake.customer_keys WHERE customer_ref = ANY($1))::int AS keys,
              (SELECT count(*) FROM intake.customer_contacts WHERE customer_ref = ANY($1))::int AS contacts,
              (SELECT count(*) FROM intake.customer_identifiers WHERE customer_ref = ANY($1))::int AS lookups,
              (SELECT count(*) FROM intake.erased_customers WHERE customer_ref = ANY($1))::int AS marked`,
      [refs],
    );
    expect(rows[0]).toEqual({ keys: 0, contacts: 0, lookups: 0, marked: 2 });
    // What the Idempotency-Key record kept of the request gives nothing away.
    const stored = await db.query(
      `SELECT request_hash, body::text FROM intake.idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(stored.rows).toHaveLength(1);
    for (const value of [person.email, person.phone, person.externalId]) {
      expect(JSON.stringify(stored.rows).toLowerCase()).not.toContain(value.toLowerCase());
    }
  }, 30_000);

  it('answers 400 naming the field when the request names nobody, 404 when nobody is known', async () => {
    const empty = await post('/customers/erasure', admin, { dryRun: true }).expect(400);
    const errors = empty.body.errors as { field: string; message: string }[];
    expect([...new Set(errors.map((e) => e.field))]).toEqual(['customerRefs']);
    expect(errors.map((e) => e.message)).toContain(
      'name the person: at least one of customerRefs, externalIds, phones or emails',
    );
    const bad = await post('/customers/erasure', admin, { phones: ['call me'] }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'phones' })]);
    await post('/customers/erasure', admin, {
      emails: [`nobody.${randomUUID()}@example.org`],
    }).expect(404);
  });
});

describe('rotating the master key', () => {
  it('reads data keys of the old master key, wraps new ones with the new key, and re-wraps the old ones', async () => {
    // Key ids of this test only: the test database holds other tests' keys under `k1`.
    const oldId = `old-${randomUUID().slice(0, 8)}`;
    const newId = `new-${randomUUID().slice(0, 8)}`;
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const refKey = randomBytes(32).toString('base64');
    const before = await startIntake({
      env: { INTAKE_DATA_KEY: oldKey, INTAKE_DATA_KEY_ID: oldId, INTAKE_CUSTOMER_REF_KEY: refKey },
    });
    const person = aPerson();
    let complaintId: string;
    try {
      complaintId = (
        await post('/complaints', channel, aComplaint({ customer: person }), before.app).expect(201)
      ).body.complaintId;
    } finally {
      await before.app.close();
    }

    const after = await startIntake({
      env: {
        INTAKE_DATA_KEY: newKey,
        INTAKE_DATA_KEY_ID: newId,
        INTAKE_DATA_KEYRING: `${oldId}:${oldKey}`,
        INTAKE_CUSTOMER_REF_KEY: refKey,
      },
    });
    try {
      const read = () =>
        http(after.app)
          .get(`/complaints/${complaintId}`)
          .set('Authorization', `Bearer ${admin}`)
          .expect(200);
      expect((await read()).body.customer).toMatchObject({ phone: person.phone });
      const second = aPerson();
      await post('/complaints', channel, aComplaint({ customer: second }), after.app).expect(201);

      const status = await http(after.app)
        .get('/admin/data-keys')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(status.body).toMatchObject({
        currentKeyId: newId,
        configuredKeyIds: [newId, oldId].sort(),
        dataKeys: { [oldId]: 1, [newId]: 1 },
      });
      await post('/admin/data-keys/rewrap', agent, {}, after.app).expect(403);
      const rewrapped = await post('/admin/data-keys/rewrap', admin, {}, after.app).expect(200);
      expect(rewrapped.body).toMatchObject({ rewrapped: 1, dataKeys: { [newId]: 2 } });
      expect(rewrapped.body.dataKeys[oldId]).toBeUndefined();
      expect((await read()).body.customer).toMatchObject({ phone: person.phone });
    } finally {
      await after.app.close();
    }

    // The old key can go: the new one alone reads every customer.
    const alone = await startIntake({
      env: { INTAKE_DATA_KEY: newKey, INTAKE_DATA_KEY_ID: newId, INTAKE_CUSTOMER_REF_KEY: refKey },
    });
    try {
      const view = await http(alone.app)
        .get(`/complaints/${complaintId}`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(view.body.customer).toMatchObject({ name: person.name, phone: person.phone });
    } finally {
      await alone.app.close();
    }
  }, 90_000);
});
