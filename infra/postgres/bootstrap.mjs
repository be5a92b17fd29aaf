#!/usr/bin/env node
// Creates the Redress database with one login role and one schema per service (see
// bootstrap.sql for the privileges), idempotently and safely when several run at once.
//
//   node infra/postgres/bootstrap.mjs [--db <name>]
//
// Settings: DATABASE_ADMIN_URL (an administrative role; default
// postgres://postgres@127.0.0.1:5432/postgres), REDRESS_DB (default redress),
// REDRESS_DB_PASSWORD_<ROLE> (e.g. REDRESS_DB_PASSWORD_INTAKE, REDRESS_DB_PASSWORD_BI_READER):
// when set, the role's password. Locally the roles have none (trust authentication).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_DATABASE = 'redress';
export const SERVICE_ROLES = ['intake', 'triage', 'resolution', 'followup', 'analytics'];
export const ROLES = [...SERVICE_ROLES, 'bi_reader'];

const sqlFile = fileURLToPath(new URL('./bootstrap.sql', import.meta.url));

// Every bootstrap of the cluster queues on this lock, whichever database it prepares: roles
// are cluster-wide and CREATE DATABASE cannot run inside a transaction.
const LOCK_KEY = "hashtext('redress.infra.postgres.bootstrap')";

/** The version the database is marked with: tests compare it to skip a needless re-run. */
export function bootstrapVersion(sql = readFileSync(sqlFile, 'utf8')) {
  return `redress-bootstrap:${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
}

export function adminUrl(env = process.env) {
  return env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
}

export function databaseName(env = process.env) {
  return env.REDRESS_DB || DEFAULT_DATABASE;
}

/** `postgres://<role>@<host>:<port>/<db>`, from the admin URL's server (and its query). */
export function serviceDatabaseUrl(
  role,
  { db = databaseName(), admin = adminUrl(), env = process.env } = {},
) {
  if (!ROLES.includes(role))
    throw new Error(`unknown database role "${role}" (known: ${ROLES.join(', ')})`);
  const url = new URL(admin);
  const password = env[passwordVariable(role)];
  const credentials = password ? `${role}:${encodeURIComponent(password)}` : role;
  const host = url.hostname ? `${url.hostname}:${url.port || '5432'}` : '';
  return `${url.protocol}//${credentials}@${host}/${encodeURIComponent(db)}${url.search}`;
}

export function passwordVariable(role) {
  return `REDRESS_DB_PASSWORD_${role.toUpperCase()}`;
}

/** The URL with its password masked, for messages. */
export function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(malformed URL)';
  }
}

/** Turns a connection failure into a message that says what to do about it. */
export function describeConnectionError(error, url) {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  const where = redact(url);
  const hint =
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EHOSTUNREACH' ||
    code === 'ETIMEDOUT'
      ? 'Start PostgreSQL (e.g. `sudo service postgresql start`) or point DATABASE_ADMIN_URL at a running server.'
      : code === '28P01' || code === '28000'
        ? 'Check the credentials in DATABASE_ADMIN_URL (an administrative role that can create databases and roles).'
        : code === '3D000'
          ? 'DATABASE_ADMIN_URL must name an existing maintenance database, such as postgres.'
          : 'Check DATABASE_ADMIN_URL.';
  const reason = error instanceof Error ? error.message || code : String(error);
  return `postgres: cannot connect to ${where}: ${reason}. ${hint}`;
}

/** Connects once and returns the server's version; a failure says what to do about it. */
export async function checkConnection(admin = adminUrl()) {
  let client;
  try {
    client = await connect(admin);
  } catch (error) {
    throw Object.assign(new Error(describeConnectionError(error, admin)), {
      code: error?.code,
      cause: error,
    });
  }
  try {
    const { rows } = await client.query("SELECT current_setting('server_version') AS version");
    return String(rows[0]?.version);
  } finally {
    await client.end();
  }
}

/** The bootstrap version a database is marked with, or null when it does not exist. */
export async function bootstrappedVersion(db, admin = adminUrl()) {
  const client = await connect(admin);
  try {
    const { rows } = await client.query(
      "SELECT shobj_description(oid, 'pg_database') AS version FROM pg_database WHERE datname = $1",
      [db],
    );
    return rows.length ? (rows[0].version ?? '') : null;
  } finally {
    await client.end();
  }
}

function withDatabase(url, db) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(db)}`;
  return parsed.toString();
}

function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

async function connect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A connection dropped by the server surfaces on the next query; without a listener the
  // 'error' event would end the process first.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function createDatabase(admin, db) {
  for (let attempt = 1; ; attempt += 1) {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(db)}`);
      return true;
    } catch (error) {
      // 42P04/23505: created meanwhile by a bootstrap that did not share our lock.
      if (error.code === '42P04' || error.code === '23505') return false;
      // 55006: someone is connected to template1; it is usually a moment.
      if (error.code === '55006' && attempt < 10) {
        await setTimeout(200 * attempt);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Creates `db` if missing and brings its roles, schemas and privileges to the state of
 * bootstrap.sql. Returns what it did, for the caller to report.
 */
export async function bootstrap({
  db = databaseName(),
  admin = adminUrl(),
  env = process.env,
} = {}) {
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(db)) {
    throw new Error(`REDRESS_DB: "${db}" is not a usable database name`);
  }
  const sql = readFileSync(sqlFile, 'utf8');
  const adminClient = await connect(admin);
  try {
    await adminClient.query("SET lock_timeout = '120s'");
    await adminClient.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    try {
      const created = await createDatabase(adminClient, db);
      const target = await connect(withDatabase(admin, db));
      try {
        await target.query(sql);
        const passwords = [];
        for (const role of ROLES) {
          const password = env[passwordVariable(role)];
          if (!password) continue;
          await target.query(
            `ALTER ROLE ${quoteIdent(role)} PASSWORD ${target.escapeLiteral(password)}`,
          );
          passwords.push(role);
        }
        await target.query(
          `COMMENT ON DATABASE ${quoteIdent(db)} IS ${target.escapeLiteral(bootstrapVersion(sql))}`,
        );
        return { db, created, roles: ROLES, passwords };
      } finally {
        await target.end();
      }
    } finally {
      await adminClient.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
    }
  } finally {
    await adminClient.end();
  }
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--db') options.db = argv[++i];
    else if (arg.startsWith('--db=')) options.db = arg.slice('--db='.length);
    else throw new Error(`unknown argument ${arg}; usage: bootstrap.mjs [--db <name>]`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = adminUrl();
  try {
    await checkConnection(url);
    const result = await bootstrap({ ...parseArgs(process.argv.slice(2)), admin: url });
    process.stderr.write(
      `postgres: database ${result.db} ${result.created ? 'created' : 'up to date'}; ` +
        `roles ${result.roles.join(', ')}` +
        (result.passwords.length ? `; passwords set for ${result.passwords.join(', ')}` : '') +
        '\n',
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${message.startsWith('postgres:') ? message : `postgres: bootstrap failed: ${message}`}\n`,
    );
    process.exit(1);
  }
}
