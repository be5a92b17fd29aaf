import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import { serviceDbUrl, TopicReader } from '@redress/testing';
import type { IntakeOutbox } from '../src/messaging/intake-outbox';
import { aComplaint, startIntake, tokenFor } from './intake-app';

/**
 * Group commit of registrations (INTAKE_GROUP_COMMIT_…): registrations that arrive together
 * share one transaction, each answered after its commit, and one that fails leaves the others
 * committed, answered and published.
 */

let app: INestApplication;
let outbox: IntakeOutbox;
let reader: TopicReader;
let db: Client;

const channel = tokenFor({ roles: ['channel'], department: 'customer-service' });

beforeAll(async () => {
  // A group waits up to 100 ms for company, so requests sent together surely meet.
  ({ app, outbox } = await startIntake({
    env: { INTAKE_GROUP_COMMIT_MAX_WAIT_MS: '100', INTAKE_GROUP_COMMIT_TRANSACTIONS: '1' },
  }));
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

function register(body: unknown, key?: string) {
  const req = request(app.getHttpServer())
    .post('/complaints')
    .set('Authorization', `Bearer ${channel}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body as object);
}

/** Distinct transactions that wrote these complaints' events, and how many events they are. */
async function writersOf(complaintIds: readonly string[]): Promise<{ tx: number; events: number }> {
  const { rows } = await db.query<{ tx: number; events: number }>(
    `SELECT count(DISTINCT transaction_id)::int AS tx, count(*)::int AS events
       FROM intake.events WHERE stream_id = ANY($1::text[])`,
    [complaintIds],
  );
  return rows[0]!;
}

it('commits registrations sent together in shared transactions; a failing one takes no neighbour down', async () => {
  // A key already answered for another body: reusing it fails (422) inside the group.
  const usedKey = randomUUID();
  await register(aComplaint(), usedKey).expect(201);

  const bodies = Array.from({ length: 12 }, () => aComplaint());
  const responses = await Promise.all([
    ...bodies.slice(0, 6).map((b) => register(b)),
    register(aComplaint(), usedKey),
    ...bodies.slice(6).map((b) => register(b)),
  ]);
  const statuses = responses.map((r) => r.status);
  expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 422, 201, 201, 201, 201, 201, 201]);

  const ids = responses.filter((r) => r.status === 201).map((r) => r.body.complaintId as string);
  // Answered 201, so committed: both events of each, written by far fewer transactions.
  const writers = await writersOf(ids);
  expect(writers.events).toBe(24);
  expect(writers.tx).toBeLessThanOrEqual(3);

  // …and published through the outbox.
  await outbox.drain({ timeoutMs: 30_000 });
  for (const id of ids) await reader.waitForMessages((m) => m.key === id, 2, 30_000);
}, 60_000);

it('keeps the duplicate check when a customer’s two submissions arrive together', async () => {
  const body = aComplaint();
  const others = Array.from({ length: 4 }, () => aComplaint());
  const responses = await Promise.all([
    register(body),
    ...others.map((b) => register(b)),
    register(body),
  ]);
  const same = [responses[0]!, responses[responses.length - 1]!];
  // One opens the complaint, the other joins it: never two cases for one complaint.
  expect(same.map((r) => r.status).sort()).toEqual([200, 201]);
  const opened = same.find((r) => r.status === 201)!.body.complaintId as string;
  const linked = same.find((r) => r.status === 200)!.body as { linkedTo?: string };
  expect(linked.linkedTo).toBe(opened);
  expect(responses.slice(1, -1).every((r) => r.status === 201)).toBe(true);
}, 60_000);

it('answers the same first answer to an Idempotency-Key sent twice at once', async () => {
  const key = randomUUID();
  const body = aComplaint();
  const [a, b] = await Promise.all([register(body, key), register(body, key)]);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect(b.body).toEqual(a.body);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM intake.events
      WHERE stream_id = $1 AND type = 'ComplaintRegistered'`,
    [a.body.complaintId],
  );
  expect(rows[0]!.n).toBe(1);
}, 60_000);
