import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EventStore, markProcessed, processOnce, type Sql } from '../src';
import {
  countExchanges,
  createEventStoreSchema,
  createPool,
  dropSchema,
  uniqueSchema,
} from './support';

const schema = uniqueSchema('es_ledger');
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  pool = createPool();
  await createEventStoreSchema(pool, schema);
  // Stands in for a projection the consumer maintains.
  await pool.query(
    `CREATE TABLE "${schema}".effects (event_id text NOT NULL, consumer text NOT NULL)`,
  );
  store = new EventStore(pool, schema);
});

afterAll(async () => {
  await dropSchema(pool, schema);
  await pool.end();
});

async function effectsOf(eventId: string): Promise<string[]> {
  const { rows } = await pool.query<{ consumer: string }>(
    `SELECT consumer FROM "${schema}".effects WHERE event_id = $1 ORDER BY consumer`,
    [eventId],
  );
  return rows.map((r) => r.consumer);
}

const applyEffect = (consumer: string, eventId: string) => async (tx: Sql) => {
  await tx.query(`INSERT INTO "${schema}".effects (event_id, consumer) VALUES ($1, $2)`, [
    eventId,
    consumer,
  ]);
};

describe('markProcessed', () => {
  it('is true the first time a consumer records an event and false on redelivery', async () => {
    const eventId = randomUUID();
    expect(
      await store.transaction((tx) => markProcessed(tx, schema, 'triage-intake', eventId)),
    ).toBe(true);
    expect(
      await store.transaction((tx) => markProcessed(tx, schema, 'triage-intake', eventId)),
    ).toBe(false);
  });

  it('keeps the records of different consumers apart', async () => {
    const eventId = randomUUID();
    expect(await markProcessed(pool, schema, 'analytics-intake', eventId)).toBe(true);
    expect(await markProcessed(pool, schema, 'triage-intake', eventId)).toBe(true);
  });

  it('forgets the record when its transaction rolls back', async () => {
    const eventId = randomUUID();
    await expect(
      store.transaction(async (tx) => {
        await markProcessed(tx, schema, 'triage-intake', eventId);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await markProcessed(pool, schema, 'triage-intake', eventId)).toBe(true);
  });
});

describe('processOnce', () => {
  it('applies an event once and treats the redelivery as a no-op', async () => {
    const eventId = randomUUID();
    const fn = jest.fn(applyEffect('triage-intake', eventId));
    expect(await processOnce(store, 'triage-intake', eventId, fn)).toBe('processed');
    expect(await processOnce(store, 'triage-intake', eventId, fn)).toBe('duplicate');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(await effectsOf(eventId)).toEqual(['triage-intake']);
  });

  it('applies an event once when two deliveries of it race', async () => {
    const eventId = randomUUID();
    const outcomes = await Promise.all([
      processOnce(store, 'triage-intake', eventId, applyEffect('triage-intake', eventId)),
      processOnce(store, 'triage-intake', eventId, applyEffect('triage-intake', eventId)),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'processed']);
    expect(await effectsOf(eventId)).toEqual(['triage-intake']);
  });

  it('records nothing when the handler fails, so the next delivery is processed', async () => {
    const eventId = randomUUID();
    await expect(
      processOnce(store, 'triage-intake', eventId, async (tx) => {
        await applyEffect('triage-intake', eventId)(tx);
        throw new Error('transient failure');
      }),
    ).rejects.toThrow('transient failure');
    expect(await effectsOf(eventId)).toEqual([]);

    expect(
      await processOnce(store, 'triage-intake', eventId, applyEffect('triage-intake', eventId)),
    ).toBe('processed');
    expect(await effectsOf(eventId)).toEqual(['triage-intake']);
  });

  it('with a lock key, holds the lock while it handles, and still applies a redelivery once', async () => {
    const key = `cluster-${randomUUID()}`;
    const first = randomUUID();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const order: string[] = [];
    const one = processOnce(
      store,
      'triage-intake',
      first,
      async (tx) => {
        entered();
        await held;
        await applyEffect('triage-intake', first)(tx);
        order.push('first');
      },
      { lockKey: key },
    );
    await inside;
    const second = randomUUID();
    const two = processOnce(
      store,
      'triage-intake',
      second,
      async (tx) => {
        order.push('second');
        await applyEffect('triage-intake', second)(tx);
      },
      { lockKey: key },
    );
    // The second waits on the lock, not merely on the first's promise.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(order).toEqual([]);
    release();
    expect(await Promise.all([one, two])).toEqual(['processed', 'processed']);
    expect(order).toEqual(['first', 'second']);

    const fn = jest.fn(applyEffect('triage-intake', first));
    expect(await processOnce(store, 'triage-intake', first, fn, { lockKey: key })).toBe(
      'duplicate',
    );
    expect(fn).not.toHaveBeenCalled();
    expect(await effectsOf(first)).toEqual(['triage-intake']);
  });

  it('sends the consumer and event id as parameters, with BEGIN and the lock in one round-trip', async () => {
    const eventId = `it's-${randomUUID()}`;
    const consumer = "o'brien; DROP TABLE x";
    const first = await countExchanges(pool, () =>
      processOnce(store, consumer, eventId, async () => undefined, { lockKey: eventId }),
    );
    // BEGIN + lock + ledger row, then COMMIT.
    expect(first).toEqual({ result: 'processed', readyForQuery: 2 });
    await pool.query(`DELETE FROM "${schema}".processed_events WHERE event_id = $1`, [eventId]);
    expect(await processOnce(store, consumer, eventId, applyEffect(consumer, eventId))).toBe(
      'processed',
    );
    expect(await processOnce(store, consumer, eventId, applyEffect(consumer, eventId))).toBe(
      'duplicate',
    );
    expect(await effectsOf(eventId)).toEqual([consumer]);
  });
});

describe('processOnce with an opening read', () => {
  it("sends the read in BEGIN's round-trip after the ledger row and hands its result to fn", async () => {
    const eventId = randomUUID();
    const consumer = 'triage-intake';
    await pool.query(`INSERT INTO "${schema}".effects (event_id, consumer) VALUES ($1, 'before')`, [
      eventId,
    ]);
    const opening = {
      text: `SELECT count(*)::int AS n FROM "${schema}".effects WHERE event_id = $1`,
      values: [eventId],
      prepared: true,
    };
    const seen: unknown[] = [];
    const fn = async (tx: Sql, opened: { rows: unknown[] } | undefined) => {
      seen.push(opened?.rows[0]);
      await applyEffect(consumer, eventId)(tx);
    };
    // The first use on a connection prepares the read, one statement at a time.
    await processOnce(store, consumer, randomUUID(), async () => undefined, { opening });
    const first = await countExchanges(pool, () =>
      processOnce(store, consumer, eventId, fn, { lockKey: eventId, opening }),
    );
    // BEGIN + lock + ledger row + the read, then the effect, then COMMIT.
    expect(first).toEqual({ result: 'processed', readyForQuery: 3 });
    expect(seen).toEqual([{ n: 1 }]);
    // A redelivery runs the read too, but not fn.
    expect(await processOnce(store, consumer, eventId, fn, { opening })).toBe('duplicate');
    expect(seen).toHaveLength(1);
    expect(await effectsOf(eventId)).toEqual(['before', consumer]);
  });
});
