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

function startService(kafkaBrokers: string): Promise<CompiledService> {
  return CompiledService.start('intake', {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('intake'),
    KAFKA_BROKERS: kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
    ...keys,
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
