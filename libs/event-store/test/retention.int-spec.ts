import type { Pool } from 'pg';
import {
  EventStore,
  IdempotencyKeys,
  RetentionSweeper,
  processOnce,
  purgeExpired,
  runIdempotent,
  type PurgeResult,
} from '../src';
import {
  createEventStoreSchema,
  createPool,
  dropSchema,
  eventually,
  uniqueSchema,
} from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-11-23T10:00:00.000Z');
const schema = uniqueSchema('es_retention');
let pool: Pool;
let store: EventStore;
let keys: IdempotencyKeys;

beforeAll(async () => {
  pool = createPool();
  await createEventStoreSchema(pool, schema);
  store = new EventStore(pool, schema);
  keys = new IdempotencyKeys(schema);
});

afterAll(async () => {
  await dropSchema(pool, schema);
  await pool.end();
});

beforeEach(async () => {
  await pool.query(`TRUNCATE "${schema}".idempotency_keys, "${schema}".processed_events`);
});

/** An idempotency key saved `age` ms before `now`. */
async function keyAged(key: string, age: number): Promise<void> {
  await pool.query(
    `INSERT INTO "${schema}".idempotency_keys (scope, key, request_hash, status, body, created_at)
     VALUES ('register:alice', $1, 'hash', 201, '{}', $2)`,
    [key, new Date(now.getTime() - age)],
  );
}

/** A ledger row of an event handled `age` ms before `now`. */
async function processedAged(eventId: string, age: number): Promise<void> {
  await pool.query(
    `INSERT INTO "${schema}".processed_events (consumer, event_id, processed_at)
     VALUES ('triage', $1, $2)`,
    [eventId, new Date(now.getTime() - age)],
  );
}

async function remaining(table: string, column: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT ${column} AS id FROM "${schema}".${table} ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}

describe('purgeExpired', () => {
  it('forgets idempotency keys older than their retention, keeping the ledger when told to', async () => {
    await keyAged('older', 7 * DAY + 1);
    await keyAged('exactly-at-the-limit', 7 * DAY);
    await keyAged('recent', HOUR);
    await processedAged('handled-a-year-ago', 365 * DAY);

    const purged = await purgeExpired(
      pool,
      schema,
      { idempotencyKeysMs: 7 * DAY, processedEventsMs: 0 },
      now,
    );

    expect(purged).toEqual({ idempotencyKeys: 1, processedEvents: 0 });
    expect(await remaining('idempotency_keys', 'key')).toEqual(['exactly-at-the-limit', 'recent']);
    expect(await remaining('processed_events', 'event_id')).toEqual(['handled-a-year-ago']);
  });

  it('purges the ledger beyond its retention, in batches, when one is set', async () => {
    for (let i = 0; i < 7; i++) await processedAged(`old-${i}`, 91 * DAY);
    await processedAged('recent', 89 * DAY);

    const purged = await purgeExpired(
      pool,
      schema,
      { idempotencyKeysMs: DAY, processedEventsMs: 90 * DAY },
      now,
      3,
    );

    expect(purged.processedEvents).toBe(7);
    expect(await remaining('processed_events', 'event_id')).toEqual(['recent']);
  });

  it('lets a forgotten key be used again for another request', async () => {
    await keyAged('reused', 2 * DAY);
    await purgeExpired(pool, schema, { idempotencyKeysMs: DAY, processedEventsMs: 0 }, now);

    const answer = await store.transaction((tx) =>
      runIdempotent(keys, tx, 'register:alice', 'reused', { other: 'body' }, async () => ({
        status: 201,
        body: { complaintId: 'a-new-one' },
      })),
    );
    expect(answer).toEqual({ status: 201, body: { complaintId: 'a-new-one' } });
  });

  it('refuses a retention it cannot honour', async () => {
    await expect(
      purgeExpired(pool, schema, { idempotencyKeysMs: 0, processedEventsMs: 0 }, now),
    ).rejects.toThrow(/idempotencyKeysMs/);
    await expect(
      purgeExpired(pool, schema, { idempotencyKeysMs: DAY, processedEventsMs: -1 }, now),
    ).rejects.toThrow(/processedEventsMs/);
  });
});

describe('RetentionSweeper', () => {
  it('sweeps at its interval, says what it purged, and stops', async () => {
    await keyAged('stale', 2 * DAY);
    const reports: PurgeResult[] = [];
    const sweeper = new RetentionSweeper(pool, schema, {
      idempotencyKeysMs: DAY,
      processedEventsMs: 0,
      firstSweepMs: 10,
      intervalMs: 20,
      now: () => now,
      onPurged: (result) => reports.push(result),
    });
    sweeper.start();
    try {
      await eventually('the first sweep purged the stale key', () => reports.length === 1);
      await keyAged('stale-later', 3 * DAY);
      await eventually('a later sweep purged the next one', () => reports.length === 2);
    } finally {
      await sweeper.stop();
    }
    expect(reports).toEqual([
      { idempotencyKeys: 1, processedEvents: 0 },
      { idempotencyKeys: 1, processedEvents: 0 },
    ]);
    await keyAged('after-stop', 3 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await remaining('idempotency_keys', 'key')).toEqual(['after-stop']);
  });

  it('reports a failed sweep and goes on', async () => {
    const errors: unknown[] = [];
    const sweeper = new RetentionSweeper(pool, 'es_retention_missing_schema', {
      idempotencyKeysMs: DAY,
      processedEventsMs: 0,
      now: () => now,
      onError: (error) => errors.push(error),
    });
    await expect(sweeper.sweep()).resolves.toBeUndefined();
    expect(String(errors[0])).toMatch(/does not exist/);
  });

  it('does not undo a ledger row a consumer relies on within the retention', async () => {
    const first = await processOnce(store, 'triage', 'evt-1', async () => undefined);
    await purgeExpired(
      pool,
      schema,
      { idempotencyKeysMs: DAY, processedEventsMs: DAY },
      new Date(),
    );
    const again = await processOnce(store, 'triage', 'evt-1', async () => undefined);
    expect([first, again]).toEqual(['processed', 'duplicate']);
  });
});
