// The yardstick for "how fast could a registration be": single-row INSERT transactions
// (BEGIN; INSERT; COMMIT, each commit flushed to disk as Postgres is configured) from Node into
// the same server and database, with a pool and a concurrency like the service's, and a jsonb
// payload the size of the service's own events. A registration does more than this (it also
// decides, encrypts and answers over HTTP), so the ratio of the two says how much of the
// database's commit capacity the service turns into registrations.
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { connect } from './database.mjs';
import { cpuWindow } from './sampler.mjs';
import { latencySummary } from './stats.mjs';

const SCHEMA = 'bench_baseline';

/**
 * Prepares `bench_baseline.inserts` in the benchmark database (owned by `role`, so the load
 * runs as the same login role as the service) and runs the baseline for `durationS` seconds
 * after `warmupS` seconds. `payload` is an object as large as a typical event.
 */
export async function insertBaseline({
  adminDbUrl,
  roleDbUrl,
  role,
  payload,
  poolSize,
  concurrency,
  durationS,
  warmupS = 2,
  isStopped = () => false,
  postgresPids,
}) {
  const admin = await connect(adminDbUrl);
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${SCHEMA} AUTHORIZATION "${role}"`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: roleDbUrl, max: poolSize });
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE TABLE ${SCHEMA}.inserts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      payload jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
    const payloadBytes = Buffer.byteLength(JSON.stringify({ ...payload, eventId: randomUUID() }));

    const once = async () => {
      const client = await pool.connect();
      let broken;
      try {
        const eventId = randomUUID();
        await client.query('BEGIN');
        await client.query(`INSERT INTO ${SCHEMA}.inserts (event_id, payload) VALUES ($1, $2)`, [
          eventId,
          JSON.stringify({ ...payload, eventId }),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        broken = error;
        throw error;
      } finally {
        client.release(broken);
      }
    };

    const runFor = async (seconds, latencies) => {
      const end = performance.now() + seconds * 1000;
      let ok = 0;
      let errors = 0;
      const worker = async () => {
        while (performance.now() < end && !isStopped()) {
          const started = performance.now();
          try {
            await once();
            ok += 1;
            latencies?.push(performance.now() - started);
          } catch {
            errors += 1;
          }
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      return { ok, errors, seconds: (performance.now() - started) / 1000 };
    };

    await runFor(warmupS);
    const latencies = [];
    const cpu = cpuWindow(undefined, { postgresPids });
    await cpu.start();
    const measured = await runFor(durationS, latencies);
    const use = await cpu.stop();
    return {
      poolSize,
      concurrency,
      payloadBytes,
      durationS: measured.seconds,
      transactions: measured.ok,
      errors: measured.errors,
      perSecond: measured.ok / measured.seconds,
      latency: latencySummary(latencies),
      cpu: use,
      // Node's (this process) and Postgres' CPU per transaction of three round-trips.
      cpuMsPerTransaction:
        use && measured.ok
          ? {
              node: use.loadGenerator.cpuMs / measured.ok,
              postgres: use.postgres.cpuMs / measured.ok,
            }
          : undefined,
    };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
