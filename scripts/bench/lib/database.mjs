// The benchmark's own database. Every run starts from an empty `redress_bench` (dropped and
// bootstrapped again), so table sizes, indexes and autovacuum are the same at each run and
// figures of two runs compare. Only a database with the benchmark's name is ever dropped: the
// development (`redress`) and test (`redress_test`) databases are never touched. Two benchmarks
// sharing a server at the same time each name their own (REDRESS_BENCH_DB=redress_bench_<name>,
// with REDRESS_BENCH_TOPIC_PREFIX for Kafka).
import { URL } from 'node:url';
import pg from 'pg';

export const BENCH_DB = process.env.REDRESS_BENCH_DB || 'redress_bench';
if (!/^redress_bench(?:_[a-z0-9_]+)?$/.test(BENCH_DB)) {
  throw new Error(
    `REDRESS_BENCH_DB must be redress_bench or redress_bench_<name>, not ${BENCH_DB}`,
  );
}

/** The same server as `url`, another database. */
export function withDatabase(url, db) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(db)}`;
  return parsed.toString();
}

export async function connect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Drops the benchmark database (ending its sessions); `ensureInfra` then bootstraps it anew. */
export async function dropBenchDatabase(adminUrl, db = BENCH_DB) {
  // A part may keep a database of its own beside it, named `<bench database>_<part>`.
  if (db !== BENCH_DB && !new RegExp(`^${BENCH_DB}_[a-z0-9_]+$`).test(db))
    throw new Error(
      `refusing to drop ${db}: only ${BENCH_DB} and ${BENCH_DB}_<part> are the benchmark's`,
    );
  const admin = await connect(adminUrl);
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Server version and the settings that decide what a commit costs. */
export async function serverFacts(adminUrl) {
  const admin = await connect(adminUrl);
  try {
    const { rows } = await admin.query(
      `SELECT current_setting('server_version') AS version,
              current_setting('synchronous_commit') AS synchronous_commit,
              current_setting('fsync') AS fsync,
              current_setting('wal_sync_method') AS wal_sync_method,
              current_setting('max_connections') AS max_connections,
              current_setting('shared_buffers') AS shared_buffers,
              current_setting('autovacuum') AS autovacuum`,
    );
    return rows[0];
  } finally {
    await admin.end();
  }
}

/**
 * For CPU accounting: pids of the server's sessions on other databases than `db` (someone
 * else's tests on a shared machine), as `{ others }`. Background processes and `db`'s sessions
 * are ours.
 */
export function postgresSessions(adminUrl, db = BENCH_DB) {
  return async () => {
    const client = await connect(adminUrl);
    try {
      const { rows } = await client.query(
        `SELECT pid FROM pg_stat_activity WHERE datname IS NOT NULL AND datname <> $1`,
        [db],
      );
      return { others: rows.map((r) => r.pid) };
    } finally {
      await client.end();
    }
  };
}

/**
 * `ANALYZE`s every table of `schema`, as autovacuum would have by then on a production database
 * (it analyses a table after its first few dozen rows and again as it grows): the benchmark's
 * server may run without autovacuum, and without statistics the planner guesses, and a prepared
 * statement can keep a plan made for an empty table (a scan of every row) for good.
 */
export async function analyseSchema(adminDbUrl, schema) {
  const db = await connect(adminDbUrl);
  try {
    const { rows } = await db.query(
      `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables WHERE schemaname = $1`,
      [schema],
    );
    for (const { name } of rows) await db.query(`ANALYZE ${name}`);
  } finally {
    await db.end();
  }
}
