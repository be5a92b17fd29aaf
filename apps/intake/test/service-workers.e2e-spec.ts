import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signDevelopmentToken } from '@redress/platform';
import { ensureTestInfra, serviceDbUrl, testConfig, waitFor } from '@redress/testing';
import { CompiledService, buildServices } from './compiled-service';
import { aComplaint } from './intake-app';

/**
 * The built service with SERVICE_WORKERS=2: two processes share the port, the metrics add up
 * across them, a worker that dies is replaced, and SIGTERM stops them all.
 */

jest.setTimeout(180_000);

const secret = randomBytes(32).toString('base64url');
let service: CompiledService | undefined;

function workersOf(pid: number): number[] {
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((n) => n > 0);
}

/** Requests counted for a route in `GET /metrics` (the histogram's `_count`, every status). */
async function requestsCounted(url: string, route: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (
      line.startsWith('http_request_duration_seconds_count{') &&
      line.includes('method="POST"') &&
      line.includes(`route="${route}"`)
    ) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

beforeAll(async () => {
  await ensureTestInfra();
  buildServices('@redress/intake');
  service = await CompiledService.start('intake', {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('intake'),
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
    SERVICE_WORKERS: '2',
    INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
    INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
    INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
  });
}, 300_000);

afterAll(async () => {
  if (service) {
    const pids = workersOf(service.process.pid ?? 0);
    await service.stop('SIGKILL');
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

it('serves one port from two workers, adds their metrics up, replaces a dead one and stops on SIGTERM', async () => {
  const running = service as CompiledService;
  const primary = running.process.pid ?? 0;
  await waitFor(async () => workersOf(primary).length === 2, {
    description: 'two workers',
    timeoutMs: 60_000,
  });
  await waitFor(async () => (await fetch(`${running.url}/health/ready`)).ok, {
    description: 'the service to be ready',
    timeoutMs: 60_000,
  });

  const token = signDevelopmentToken({
    sub: 'workers-test',
    roles: ['channel'],
    secret,
    expiresIn: '5m',
  });
  const register = () =>
    fetch(`${running.url}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(aComplaint()),
    });
  const before = await requestsCounted(running.url, '/complaints');
  const answers = await Promise.all(Array.from({ length: 24 }, register));
  expect(answers.map((res) => res.status)).toEqual(Array(24).fill(201));
  // Whichever worker answers the scrape, it counts the requests both of them served.
  expect((await requestsCounted(running.url, '/complaints')) - before).toBe(24);

  // A worker killed as in a crash is replaced, and the service goes on answering.
  const [victim] = workersOf(primary);
  process.kill(victim as number, 'SIGKILL');
  await waitFor(
    async () => {
      const now = workersOf(primary);
      return now.length === 2 && !now.includes(victim as number);
    },
    { description: 'a new worker in place of the killed one', timeoutMs: 60_000 },
  );
  await waitFor(async () => (await register()).status === 201, {
    description: 'a registration answered after the replacement',
    timeoutMs: 60_000,
  });

  // SIGTERM to the service stops every worker, then the primary, cleanly.
  const workers = workersOf(primary);
  running.process.kill('SIGTERM');
  expect(await running.exitStatus()).toBe(0);
  // Every worker has exited by the time the primary has: no such process, or one that has
  // exited and waits only to be reaped (a zombie). Its state is named when it has not.
  expect(workers.map((pid) => [pid, stateOf(pid)])).toEqual(
    workers.map((pid) => [pid, expect.stringMatching(/^(gone|Z)$/)]),
  );
});

/** A process's state letter from Linux /proc (`R`, `S`, `Z`…), or `gone`. */
function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? 'gone';
  } catch {
    return 'gone';
  }
}
