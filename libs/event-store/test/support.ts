import { randomUUID } from 'node:crypto';
import { Pool, type PoolConfig } from 'pg';
import { EventStore, OutboxRelay, eventStoreSchemaSql } from '../src';

export const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A schema of its own for one test file, so files run in parallel and re-run cleanly. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export function createPool(config: PoolConfig = {}): Pool {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 6, ...config });
  // An idle connection that the server ends must not crash the test process.
  pool.on('error', () => undefined);
  return pool;
}

export async function createEventStoreSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`CREATE SCHEMA "${schema}"`);
  for (const statement of eventStoreSchemaSql(schema)) await pool.query(statement);
}

export async function dropSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Polls `check` until it returns true; fails with `what` when the deadline passes. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const actor = {
  type: 'app_user' as const,
  id: 'alice',
  roles: ['agent'],
  department: 'customer-service',
};

export function meta(correlationId = randomUUID()) {
  return { source: '/redress/test', correlationId, actor };
}

/** Lets `parties` concurrent callers continue only once all of them have arrived. */
export function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) open();
    await opened;
  };
}

interface WireEvents {
  on(event: string, listener: () => void): void;
  off(event: string, listener: () => void): void;
}

/**
 * Runs `work` and counts the ReadyForQuery messages received by the connections it took from
 * `pool`: node-postgres sends nothing more until the last one arrived, so each is a round-trip.
 */
export async function countExchanges<T>(
  pool: Pool,
  work: () => Promise<T>,
): Promise<{ result: T; readyForQuery: number }> {
  let readyForQuery = 0;
  const count = (): void => {
    readyForQuery += 1;
  };
  const connections: WireEvents[] = [];
  const onAcquire = (client: unknown): void => {
    const { connection } = client as { connection: WireEvents };
    connection.on('readyForQuery', count);
    connections.push(connection);
  };
  pool.on('acquire', onAcquire);
  try {
    const result = await work();
    return { result, readyForQuery };
  } finally {
    pool.off('acquire', onAcquire);
    for (const connection of connections) connection.off('readyForQuery', count);
  }
}

/**
 * The fixture of the relay suites: one pool, a fresh store per call in a schema of its own (a
 * relay publishes everything in its schema), the relays a test started stopped after it, and the
 * schemas dropped and the pool ended after the file.
 */
export function useRelayStores(prefix: string): {
  pool: Pool;
  relays: OutboxRelay[];
  freshStore: () => Promise<EventStore>;
} {
  const pool = createPool();
  const schemas: string[] = [];
  const relays: OutboxRelay[] = [];
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(pool, schema);
    await pool.end();
  });
  return {
    pool,
    relays,
    async freshStore() {
      const schema = uniqueSchema(prefix);
      schemas.push(schema);
      await createEventStoreSchema(pool, schema);
      return new EventStore(pool, schema);
    },
  };
}
