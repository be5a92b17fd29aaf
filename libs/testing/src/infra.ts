import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { repoRoot, testConfig, type TestConfig } from './config';

// Per configuration, so a test that points the environment elsewhere gets its own check.
const ready = new Map<string, Promise<TestConfig>>();

/**
 * Makes sure the real Kafka broker answers and the test database is bootstrapped, starting or
 * bootstrapping through `node scripts/infra.mjs up` only when needed. Cheap when everything is
 * up (one TCP connect and one query), so every test file may call it in `beforeAll`. A first
 * start of the local broker can take a minute: give that `beforeAll` a longer timeout when
 * running Jest directly (`npm test` brings everything up before Jest starts). `database`
 * bootstraps another database than the test database (a second copy of a service, say).
 */
export function ensureTestInfra(options: { database?: string } = {}): Promise<TestConfig> {
  const config = testConfig(
    options.database === undefined
      ? process.env
      : { ...process.env, REDRESS_TEST_DB: options.database },
  );
  const key = JSON.stringify(config);
  let pending = ready.get(key);
  if (!pending) {
    pending = bringUp(config).catch((error: unknown) => {
      ready.delete(key);
      throw error;
    });
    ready.set(key, pending);
  }
  return pending;
}

async function bringUp(config: TestConfig): Promise<TestConfig> {
  if (await isUp(config)) return config;
  await runInfraUp(config);
  if (!(await isUp(config))) {
    throw new Error('scripts/infra.mjs up succeeded, yet Kafka or the test database is not ready');
  }
  return config;
}

async function isUp(config: TestConfig): Promise<boolean> {
  const [kafka, database] = await Promise.all([anyAnswers(config.brokers), isBootstrapped(config)]);
  return kafka && database;
}

/** The version bootstrap.mjs marks a database with once its roles and schemas are in place. */
export function expectedBootstrapVersion(root = repoRoot()): string {
  const sql = readFileSync(join(root, 'infra/postgres/bootstrap.sql'), 'utf8');
  return `redress-bootstrap:${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
}

async function isBootstrapped(config: TestConfig): Promise<boolean> {
  const client = new Client({
    connectionString: config.databaseAdminUrl,
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    // Unreachable: the infra script reports why, in words a newcomer can act on.
    return false;
  }
  try {
    const { rows } = await client.query<{ version: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS version FROM pg_database WHERE datname = $1",
      [config.testDatabase],
    );
    return rows[0]?.version === expectedBootstrapVersion();
  } finally {
    await client.end();
  }
}

async function anyAnswers(brokers: string[]): Promise<boolean> {
  const results = await Promise.all(brokers.map((broker) => answers(broker)));
  return results.some(Boolean);
}

function answers(hostPort: string, timeoutMs = 1000): Promise<boolean> {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(hostPort);
  if (!match?.[1] || !match[2]) return Promise.resolve(false);
  const socket = net.connect({ host: match[1], port: Number(match[2]) });
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function runInfraUp(config: TestConfig): Promise<void> {
  const root = repoRoot();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'scripts/infra.mjs'), 'up', '--db', config.testDatabase],
      { cwd: root, env: process.env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const output = `${stdout}${stderr}`.trim().split('\n').slice(-30).join('\n');
        reject(
          new Error(`the test infrastructure did not come up (scripts/infra.mjs up):\n${output}`, {
            cause: error,
          }),
        );
      },
    );
  });
}

/**
 * Prepares database `db` on the server of `adminUrl` exactly as `npm start` and `npm test` do
 * (infra/postgres/bootstrap.mjs: roles, schemas, privileges), e.g. on a private server of
 * `startPrivatePostgres`. The service logins are then `serviceDbUrl(role, { db, env:
 * { DATABASE_ADMIN_URL: adminUrl } })`.
 */
export function bootstrapDatabase(options: { adminUrl: string; db: string }): Promise<void> {
  const root = repoRoot();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'infra/postgres/bootstrap.mjs'), '--db', options.db],
      {
        cwd: root,
        env: { ...process.env, DATABASE_ADMIN_URL: options.adminUrl },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        reject(
          new Error(
            `bootstrapping database ${options.db} failed:\n${`${stdout}${stderr}`.trim()}`,
            {
              cause: error,
            },
          ),
        );
      },
    );
  });
}
