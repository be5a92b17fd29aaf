import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where tests find the real infrastructure; every value can be overridden by environment. */
export interface TestConfig {
  /** Comma-separated, as services read KAFKA_BROKERS. */
  kafkaBrokers: string;
  brokers: string[];
  /** Administrative role on the maintenance database (DATABASE_ADMIN_URL). */
  databaseAdminUrl: string;
  /** The database tests use (REDRESS_TEST_DB, default `redress_test`). */
  testDatabase: string;
  /** The administrative role on the test database: for scratch schemas and assertions. */
  testDatabaseAdminUrl: string;
  /**
   * The tests' Kafka namespace (`REDRESS_TEST_TOPIC_PREFIX`, default `test.`): services under
   * test get it as KAFKA_TOPIC_PREFIX, so no test reads or writes another environment's topics.
   * Never empty: tests never use the contract's production names.
   */
  topicPrefix: string;
}

/** The login roles the bootstrap creates: one per service, plus the BI reader. */
export type DatabaseRole =
  'intake' | 'triage' | 'resolution' | 'followup' | 'analytics' | 'bi_reader';

export const DATABASE_ROLES: readonly DatabaseRole[] = [
  'intake',
  'triage',
  'resolution',
  'followup',
  'analytics',
  'bi_reader',
];

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

type Env = Record<string, string | undefined>;

export function testConfig(env: Env = process.env): TestConfig {
  const kafkaBrokers =
    env.KAFKA_BROKERS || `${env.KAFKA_HOST || '127.0.0.1'}:${env.KAFKA_PORT || '9092'}`;
  const databaseAdminUrl = env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
  const testDatabase = env.REDRESS_TEST_DB || 'redress_test';
  return {
    topicPrefix: env.REDRESS_TEST_TOPIC_PREFIX || 'test.',
    kafkaBrokers,
    brokers: kafkaBrokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    databaseAdminUrl,
    testDatabase,
    testDatabaseAdminUrl: withDatabase(databaseAdminUrl, testDatabase),
  };
}

/**
 * The URL a service uses in tests: its own login role on the test database, on the admin URL's
 * server. Mirrors `serviceDatabaseUrl` of infra/postgres/bootstrap.mjs, password included when
 * `REDRESS_DB_PASSWORD_<ROLE>` is set.
 */
export function serviceDbUrl(role: DatabaseRole, options: { db?: string; env?: Env } = {}): string {
  if (!DATABASE_ROLES.includes(role)) throw new Error(`unknown database role "${String(role)}"`);
  const env = options.env ?? process.env;
  const config = testConfig(env);
  const url = new URL(config.databaseAdminUrl);
  const password = env[`REDRESS_DB_PASSWORD_${role.toUpperCase()}`];
  const credentials = password ? `${role}:${encodeURIComponent(password)}` : role;
  const host = url.hostname ? `${url.hostname}:${url.port || '5432'}` : '';
  const db = options.db ?? config.testDatabase;
  return `${url.protocol}//${credentials}@${host}/${encodeURIComponent(db)}${url.search}`;
}

export function withDatabase(url: string, db: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(db)}`;
  return parsed.toString();
}

/** The repository's root: the nearest folder above `from` that holds turbo.json. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'turbo.json'))) return dir;
    if (dirname(dir) === dir) {
      throw new Error(`no turbo.json above ${from}: @redress/testing runs inside the repository`);
    }
  }
}
