import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  DATABASE_ROLES,
  ensureTestInfra,
  repoRoot,
  serviceDbUrl,
  testConfig,
  uniqueName,
  type DatabaseRole,
} from '../src';
import { withDatabase } from '../src/config';
import { expectedBootstrapVersion } from '../src/infra';

// infra/postgres/bootstrap.mjs against a database of this file's own, run as the CLI that
// `npm start` and `npm test` run, so the privileges proven here are the ones services get.
const db = uniqueName('redress_bootstrap');
const config = testConfig();
const adminUrl = withDatabase(config.databaseAdminUrl, db);
const SCHEMAS = ['intake', 'triage', 'resolution', 'followup', 'analytics', 'analytics_bi'];

function runBootstrap(env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot(), 'infra/postgres/bootstrap.mjs'), '--db', db],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

const clients: Client[] = [];

async function connectAs(role: DatabaseRole | 'admin'): Promise<Client> {
  const url = role === 'admin' ? adminUrl : serviceDbUrl(role, { db });
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

async function sqlState(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

let concurrentRuns: Array<{ code: number; output: string }>;

beforeAll(async () => {
  await ensureTestInfra();
  concurrentRuns = await Promise.all([runBootstrap(), runBootstrap()]);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
  const admin = new Client({ connectionString: config.databaseAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

describe('bootstrap', () => {
  it('succeeds twice at once: one run creates the database, the other finds it', async () => {
    expect(concurrentRuns.map((r) => r.code)).toEqual([0, 0]);
    const outputs = concurrentRuns.map((r) => r.output).join('\n');
    expect(outputs).toContain(`database ${db} created`);
    expect(outputs).toContain(`database ${db} up to date`);
    const admin = await connectAs('admin');
    const { rows } = await admin.query<{ version: string }>(
      "SELECT shobj_description(oid, 'pg_database') AS version FROM pg_database WHERE datname = $1",
      [db],
    );
    expect(rows[0]?.version).toBe(expectedBootstrapVersion());
  });

  it('gives each service role only its own schema, and bi_reader only USAGE on analytics_bi', async () => {
    const admin = await connectAs('admin');
    const { rows } = await admin.query<{
      role: string;
      schema: string;
      usage: boolean;
      create: boolean;
    }>(
      `SELECT r AS role, s AS schema,
              has_schema_privilege(r, s, 'USAGE') AS usage,
              has_schema_privilege(r, s, 'CREATE') AS create
         FROM unnest($1::text[]) AS r, unnest($2::text[]) AS s`,
      [DATABASE_ROLES, [...SCHEMAS, 'public']],
    );
    const granted = rows
      .filter((row) => row.schema !== 'public' && (row.usage || row.create))
      .map((row) => `${row.role} ${row.schema} ${row.usage ? 'U' : ''}${row.create ? 'C' : ''}`)
      .sort();
    expect(granted).toEqual(
      [
        'analytics analytics UC',
        'analytics analytics_bi UC',
        'bi_reader analytics_bi U',
        'followup followup UC',
        'intake intake UC',
        'resolution resolution UC',
        'triage triage UC',
      ].sort(),
    );
    expect(rows.filter((row) => row.schema === 'public' && row.create)).toEqual([]);
  });

  it('lets only the Redress roles connect: PUBLIC has no privilege on the database', async () => {
    const admin = await connectAs('admin');
    const { rows } = await admin.query<{ grantee: string; privilege: string }>(
      `SELECT coalesce(r.rolname, 'PUBLIC') AS grantee, a.privilege_type AS privilege
         FROM pg_database d, aclexplode(d.datacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
        WHERE d.datname = $1 AND a.grantee <> d.datdba`,
      [db],
    );
    expect(rows.map((r) => `${r.grantee}:${r.privilege}`).sort()).toEqual(
      DATABASE_ROLES.map((role) => `${role}:CONNECT`).sort(),
    );
  });

  it("lets intake create and read tables in its schema by default, and nothing of triage's", async () => {
    const triage = await connectAs('triage');
    await triage.query('CREATE TABLE cases (id int PRIMARY KEY)');
    await triage.query('INSERT INTO cases VALUES (1)');

    const intake = await connectAs('intake');
    await intake.query('CREATE TABLE complaints (id int PRIMARY KEY)');
    await intake.query('INSERT INTO complaints VALUES (7)');
    const { rows } = await intake.query<{ id: number }>('SELECT id FROM intake.complaints');
    expect(rows).toEqual([{ id: 7 }]);
    const { rows: where } = await intake.query<{ schemaname: string }>(
      "SELECT schemaname FROM pg_tables WHERE tablename = 'complaints'",
    );
    expect(where.map((r) => r.schemaname)).toEqual(['intake']);

    expect(await sqlState(intake.query('SELECT * FROM triage.cases'))).toBe('42501');
    expect(await sqlState(intake.query('CREATE TABLE triage.stolen (id int)'))).toBe('42501');
    expect(await sqlState(intake.query('CREATE TABLE public.stray (id int)'))).toBe('42501');
  });

  it('lets bi_reader select the views of analytics_bi and nothing else', async () => {
    const analytics = await connectAs('analytics');
    await analytics.query('CREATE TABLE complaints_v1 (id int, severity text)');
    await analytics.query("INSERT INTO complaints_v1 VALUES (1, 'major')");
    // Created after the bootstrap: readable through the default privileges alone.
    await analytics.query(
      'CREATE VIEW analytics_bi.complaints AS SELECT * FROM analytics.complaints_v1',
    );

    const bi = await connectAs('bi_reader');
    const { rows } = await bi.query<{ id: number; severity: string }>('SELECT * FROM complaints');
    expect(rows).toEqual([{ id: 1, severity: 'major' }]);

    expect(await sqlState(bi.query('SELECT * FROM analytics.complaints_v1'))).toBe('42501');
    expect(await sqlState(bi.query('SELECT 1 FROM intake.complaints'))).toBe('42501');
    // Privileges, not only the read-only default, keep BI from writing.
    await bi.query('SET default_transaction_read_only = off');
    expect(
      await sqlState(bi.query("INSERT INTO analytics_bi.complaints VALUES (2, 'minor')")),
    ).toBe('42501');
    expect(await sqlState(bi.query('CREATE TABLE analytics_bi.mine (id int)'))).toBe('42501');
  });

  it('sets a role password from REDRESS_DB_PASSWORD_<ROLE> and leaves it untouched otherwise', async () => {
    const admin = await connectAs('admin');
    const passwordOf = async () =>
      (
        await admin.query<{ password: string | null }>(
          "SELECT rolpassword AS password FROM pg_authid WHERE rolname = 'bi_reader'",
        )
      ).rows[0]?.password ?? null;
    const before = await passwordOf();
    try {
      const run = await runBootstrap({ REDRESS_DB_PASSWORD_BI_READER: 'a-password-for-bi-tools' });
      expect(run.code).toBe(0);
      expect(run.output).toContain('passwords set for bi_reader');
      const set = await passwordOf();
      expect(set).toMatch(/^SCRAM-SHA-256\$|^md5/);
      expect(set).not.toBe(before);

      expect((await runBootstrap()).code).toBe(0);
      expect(await passwordOf()).toBe(set);
    } finally {
      // Roles are shared by the cluster's databases: give back what this test found.
      await admin.query(
        before === null
          ? 'ALTER ROLE bi_reader PASSWORD NULL'
          : `ALTER ROLE bi_reader PASSWORD ${admin.escapeLiteral(before)}`,
      );
    }
  }, 30_000);
});
