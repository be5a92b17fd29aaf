import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { TOPICS } from '@redress/contracts';
import { signDevelopmentToken } from '@redress/platform';
import {
  TopicReader,
  createTopics,
  ensureTestInfra,
  repoRoot,
  serviceDbUrl,
  testConfig,
  waitFor,
} from '@redress/testing';
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
let port: number;
let child: ChildProcess | undefined;
let reader: TopicReader | undefined;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startService(kafkaBrokers: string): ChildProcess {
  const service = spawn(process.execPath, [join(repoRoot(), 'apps/intake/dist/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: serviceDbUrl('intake'),
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
      AUTH_JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      ...keys,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  service.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return service;
}

async function live(): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/live`);
    return res.ok;
  } catch {
    return false;
  }
}

function exited(service: ChildProcess): Promise<void> {
  if (service.exitCode !== null || service.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => service.once('exit', () => resolve()));
}

beforeAll(async () => {
  await ensureTestInfra();
  // The test runs the service as it is deployed: compiled, in a process of its own.
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@redress/intake', '--output-logs=errors-only'],
    {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0)
    throw new Error(`intake did not build:\n${build.stdout}\n${build.stderr}`);
  port = await freePort();
  await createTopics([TOPICS.intake]);
  reader = await TopicReader.start(TOPICS.intake, { startAt: 'end' });
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  await reader?.stop();
});

it('publishes after a restart the complaint it acknowledged before it was killed', async () => {
  // Nothing listens on this port: the service accepts complaints, Kafka never answers.
  const deadBroker = `127.0.0.1:${await freePort()}`;
  child = startService(deadBroker);
  await waitFor(live, { description: `intake to answer (output: ${output})`, timeoutMs: 60_000 });

  const token = signDevelopmentToken({
    sub: 'crash-test',
    roles: ['channel'],
    secret,
    expiresIn: '5m',
  });
  const res = await fetch(`http://127.0.0.1:${port}/complaints`, {
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
  child.kill('SIGKILL');
  await exited(child);
  expect(reader!.messages.filter((m) => m.key === complaintId)).toHaveLength(0);

  child = startService(testConfig().kafkaBrokers);
  const events = await reader!.waitForMessages((m) => m.key === complaintId, 2, 60_000);
  expect(events.map((m) => (m.json as { type: string }).type)).toEqual([
    'ComplaintRegistered',
    'ComplaintAcknowledged',
  ]);

  // A normal stop ends too (Nest re-raises SIGTERM after its shutdown hooks ran).
  child.kill('SIGTERM');
  await exited(child);
  expect(child.exitCode === 0 || child.signalCode === 'SIGTERM').toBe(true);
}, 180_000);
