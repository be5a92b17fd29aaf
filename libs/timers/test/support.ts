import { Pool } from 'pg';
import { EventStore } from '@redress/event-store';
import { createScratchSchema, testConfig, type ScratchSchema } from '@redress/testing';
import { TimerWorker, timersSchemaSql, type TimerLogger, type TimerWorkerOptions } from '../src';

/** A clock the test moves by hand; workers compare due times with it. */
export class TestClock {
  constructor(private ms: number) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A scratch schema holding the timers table and an `effects` table for handlers to write to. */
export async function timersSchema(prefix: string): Promise<ScratchSchema> {
  const scratch = await createScratchSchema(prefix, { poolSize: 8 });
  for (const statement of timersSchemaSql(scratch.schema)) await scratch.pool.query(statement);
  await scratch.pool.query(
    `CREATE TABLE "${scratch.schema}".effects (key text PRIMARY KEY, worker text NOT NULL)`,
  );
  return scratch;
}

/** A pool of its own, as another replica of the service would have. */
export function replicaPool(name: string, max = 4): Pool {
  const pool = new Pool({
    connectionString: testConfig().testDatabaseAdminUrl,
    max,
    application_name: name,
  });
  pool.on('error', () => undefined);
  return pool;
}

/** Collects what a worker logs, so tests can assert it and the output stays quiet. */
export class RecordingLogger implements TimerLogger {
  readonly lines: string[] = [];
  log(message: string): void {
    this.lines.push(`log: ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
}

export function worker(
  pool: Pool,
  schema: string,
  clock: TestClock,
  options: Partial<TimerWorkerOptions> & Pick<TimerWorkerOptions, 'handlers'>,
): TimerWorker {
  return new TimerWorker({
    store: new EventStore(pool, schema, clock.now),
    now: clock.now,
    logger: new RecordingLogger(),
    ...options,
  });
}

/** A promise with its resolve, for handlers the test holds in place. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
