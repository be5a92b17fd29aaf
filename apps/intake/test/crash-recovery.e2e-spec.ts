import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS } from '@redress/contracts';
import { signDevelopmentToken } from '@redress/platform';
import {
  TopicReader,
  createTopics,
  ensureTestInfra,
  serviceDbUrl,
  testConfig,
} from '@redress/testing';
import { CompiledService, buildServices, freePort } from './compiled-service';
import { aComplaint } from './intake-app';

/**
 * The built service, killed with SIGKILL after it committed a complaint and before it could
 * publish it (Kafka unreachable), publishes the event once started again.
 */

const secret = randomBytes(32).toString('base64url');
const keys = {
  INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
  INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
  INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
};
let child: CompiledService | undefined;
let reader: TopicReader | undefined;

function startService(
  kafkaBrokers: string,
  extra: Record<string, string> = {},
): Promise<CompiledService> {
  return CompiledService.start('intake', {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('intake'),
    KAFKA_BROKERS: kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
    ...keys,
    ...extra,
  });
}

beforeAll(async () => {
  await ensureTestInfra();
  buildServices('@redress/intake');
  await createTopics([TOPICS.intake]);
  reader = await TopicReader.start(TOPICS.intake, { startAt: 'end' });
}, 300_000);

afterAll(async () => {
  await child?.stop('SIGKILL');
  await reader?.stop();
});

it('publishes after a restart the complaint it acknowledged before it was killed', async () => {
  // Nothing listens on this port: the service accepts complaints, Kafka never answers.
  const deadBroker = `127.0.0.1:${await freePort()}`;
  child = await startService(deadBroker);

  const token = signDevelopmentToken({
    sub: 'crash-test',
    roles: ['channel'],
    secret,
    expiresIn: '5m',
  });
  const res = await fetch(`${child.url}/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(aComplaint()),
  });
  expect(res.status).toBe(201);
  const { complaintId } = (await res.json()) as { complaintId: string };

  const db = new Client({ connectionString: serviceDbUrl('intake') });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM intake.events WHERE stream_id = $1`,
      [complaintId],
    );
    expect(rows[0].n).toBe(2); // registered and acknowledged, committed
  } finally {
    await db.end();
  }

  // Killed without a chance to clean up, with both events committed and unpublished.
  await child.stop('SIGKILL');
  expect(reader!.messages.filter((m) => m.key === complaintId)).toHaveLength(0);

  child = await startService(testConfig().kafkaBrokers);
  const events = await reader!.waitForMessages((m) => m.key === complaintId, 2, 60_000);
  expect(events.map((m) => (m.json as { type: string }).type)).toEqual([
    'ComplaintRegistered',
    'ComplaintAcknowledged',
  ]);

  // A normal stop ends too (Nest re-raises SIGTERM after its shutdown hooks ran).
  await child.stop('SIGTERM');
  expect(child.process.exitCode === 0 || child.process.signalCode === 'SIGTERM').toBe(true);
}, 180_000);

it('loses no acknowledged registration when killed in the middle of group commits', async () => {
  // Groups wait up to 20 ms for company, so the load below runs as groups of several.
  const groups = { INTAKE_GROUP_COMMIT_MAX_WAIT_MS: '20' };
  child = await startService(`127.0.0.1:${await freePort()}`, groups);
  const token = signDevelopmentToken({
    sub: 'crash-test',
    roles: ['channel'],
    secret,
    expiresIn: '5m',
  });
  const acknowledged: string[] = [];
  let killed: Promise<void> | undefined;
  const send = async (): Promise<void> => {
    try {
      const res = await fetch(`${child!.url}/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(aComplaint()),
      });
      if (res.status !== 201) return;
      acknowledged.push(((await res.json()) as { complaintId: string }).complaintId);
      // Killed while other registrations are still being written, in groups not yet committed.
      if (acknowledged.length === 20) killed ??= child!.stop('SIGKILL');
    } catch {
      // The connection died with the process: not acknowledged, so nothing is owed.
    }
  };
  // 8 clients sending one registration after another until the process is gone.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 40 && killed === undefined; i++) await send();
    }),
  );
  await killed;
  expect(acknowledged.length).toBeGreaterThanOrEqual(20);

  const db = new Client({ connectionString: serviceDbUrl('intake') });
  await db.connect();
  try {
    const { rows } = await db.query<{ stream_id: string; n: number; tx: string }>(
      `SELECT stream_id, count(*)::int AS n, min(transaction_id::text) AS tx
         FROM intake.events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
      [acknowledged],
    );
    // Every registration answered 201 is in the database, both events of it…
    expect(rows).toHaveLength(acknowledged.length);
    expect(rows.every((r) => r.n === 2)).toBe(true);
    // …written in groups (fewer transactions than registrations).
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(acknowledged.length);
  } finally {
    await db.end();
  }

  // Started again with Kafka: every acknowledged registration is published.
  child = await startService(testConfig().kafkaBrokers, groups);
  for (const id of acknowledged) await reader!.waitForMessages((m) => m.key === id, 2, 60_000);
  await child.stop('SIGTERM');
}, 300_000);
