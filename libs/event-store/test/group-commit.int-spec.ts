import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { ConcurrencyConflict, DatabaseUnavailable, EventStore, GroupCommit } from '../src';
import {
  createEventStoreSchema,
  createPool,
  DATABASE_URL,
  dropSchema,
  eventually,
  meta,
  uniqueSchema,
} from './support';

const schema = uniqueSchema('es_group');
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  pool = createPool({ max: 8 });
  await createEventStoreSchema(pool, schema);
  store = new EventStore(pool, schema);
});

afterAll(async () => {
  await dropSchema(pool, schema);
  await pool.end();
});

const registered = (n = 1) => ({ type: 'ComplaintRegistered', schemaVersion: 1, data: { n } });

/** The distinct transactions that wrote these streams' events (xid8 of each event's writer). */
async function transactionsOf(streamIds: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(DISTINCT transaction_id)::int AS n FROM "${schema}".events
      WHERE stream_id = ANY($1::text[])`,
    [streamIds],
  );
  return rows[0]!.n;
}

async function eventCount(streamIds: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id = ANY($1::text[])`,
    [streamIds],
  );
  return rows[0]!.n;
}

const appendNew = (streamId: string) => (tx: Parameters<EventStore['append']>[0]) =>
  store.append(tx, streamId, 0, [registered()], meta());

describe('GroupCommit', () => {
  it('commits commands that arrive together in one transaction and answers each after it', async () => {
    const group = new GroupCommit(store, { maxBatch: 50, maxWaitMs: 20, concurrency: 1 });
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const results = await Promise.all(ids.map((id) => group.run(appendNew(id))));
    expect(results.map((events) => events[0]!.streamId)).toEqual(ids);
    expect(await eventCount(ids)).toBe(20);
    // Twenty commands, one transaction: they waited up to 20 ms for each other.
    expect(await transactionsOf(ids)).toBe(1);
  });

  it('keeps groups within maxBatch', async () => {
    const group = new GroupCommit(store, { maxBatch: 4, maxWaitMs: 20, concurrency: 1 });
    const ids = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(ids.map((id) => group.run(appendNew(id))));
    expect(await transactionsOf(ids)).toBe(3);
  });

  it('answers nothing before the COMMIT', async () => {
    const group = new GroupCommit(store, { maxBatch: 10, maxWaitMs: 0, concurrency: 1 });
    const id = randomUUID();
    const observer = new Client({ connectionString: DATABASE_URL });
    await observer.connect();
    try {
      const seen = await group.run(async (tx) => {
        await appendNew(id)(tx);
        // Another session cannot see it yet: the transaction is still open.
        const { rows } = await observer.query(
          `SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id = $1`,
          [id],
        );
        return rows[0].n as number;
      });
      expect(seen).toBe(0);
      // …and once the command is answered, it is committed for everybody.
      const { rows } = await observer.query(
        `SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id = $1`,
        [id],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await observer.end();
    }
  });

  it('rolls back only the command that fails; its neighbours commit and are answered', async () => {
    const group = new GroupCommit(store, { maxBatch: 50, maxWaitMs: 20, concurrency: 1 });
    const existing = randomUUID();
    await store.transaction((tx) => store.append(tx, existing, 0, [registered()], meta()));
    const before = Array.from({ length: 5 }, () => randomUUID());
    const after = Array.from({ length: 5 }, () => randomUUID());
    const thrown = randomUUID();
    const outcomes = await Promise.allSettled([
      ...before.map((id) => group.run(appendNew(id))),
      // A constraint: this stream exists already (primary key of the events).
      group.run(async (tx) => {
        await store.append(tx, randomUUID(), 0, [registered()], meta()); // written, then undone
        return store.append(tx, existing, 0, [registered()], meta());
      }),
      // A statement error that aborts the transaction, and an error of the command's own.
      group.run((tx) => tx.query('SELECT 1 / 0')),
      group.run(async (tx) => {
        await appendNew(thrown)(tx);
        throw new Error('refused after writing');
      }),
      ...after.map((id) => group.run(appendNew(id))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      ...before.map(() => 'fulfilled'),
      'rejected',
      'rejected',
      'rejected',
      ...after.map(() => 'fulfilled'),
    ]);
    expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyConflict);
    expect((outcomes[6] as PromiseRejectedResult).reason).toMatchObject({ code: '22012' });
    expect((outcomes[7] as PromiseRejectedResult).reason).toMatchObject({
      message: 'refused after writing',
    });
    expect(await eventCount([...before, ...after])).toBe(10);
    expect(await transactionsOf([...before, ...after])).toBe(1);
    expect(await eventCount([thrown])).toBe(0);
    expect(await eventCount([existing])).toBe(1);
  });

  it('never puts two commands with one lock key in a group; the second sees the first', async () => {
    const group = new GroupCommit(store, { maxBatch: 50, maxWaitMs: 20, concurrency: 1 });
    const customer = `customer-${randomUUID()}`;
    const streamId = randomUUID();
    const opening = {
      text: `SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id = $1`,
      values: [streamId],
    };
    // Both decide on what they read after the lock: the second must see the first's event.
    const command = () =>
      group.run(
        async (tx, opened) => {
          const version = (opened?.rows[0] as { n: number }).n;
          await store.append(tx, streamId, version, [registered(version)], meta());
          return version;
        },
        { lockKey: customer, opening },
      );
    const versions = await Promise.all([command(), command(), command()]);
    expect(versions).toEqual([0, 1, 2]);
    expect(await transactionsOf([streamId])).toBe(3);
  });

  it('fails every command of a group whose connection is lost, and none of them is stored', async () => {
    const group = new GroupCommit(store, { maxBatch: 50, maxWaitMs: 20, concurrency: 1 });
    const ids = Array.from({ length: 6 }, () => randomUUID());
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        group.run(async (tx) => {
          await appendNew(id)(tx);
          if (i === 3) {
            // The server ends this session, as a crash or a failover would.
            await pool.query('SELECT pg_terminate_backend($1)', [
              (tx as unknown as { processID: number }).processID,
            ]);
            await tx.query('SELECT 1');
          }
        }),
      ),
    );
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailable);
    expect(await eventCount(ids)).toBe(0);
    await eventually(
      'the broken connection is gone from the pool',
      () => pool.idleCount === pool.totalCount,
    );
  });

  it('runs each command in its caller’s async context', async () => {
    const group = new GroupCommit(store, { maxBatch: 50, maxWaitMs: 20, concurrency: 1 });
    const context = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        context.run(name, () => group.run(async () => context.getStore())),
      ),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('without a wait, groups the commands that arrived while the transaction was busy', async () => {
    const group = new GroupCommit(store, { maxBatch: 50, maxWaitMs: 0, concurrency: 1 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = randomUUID();
    const firstDone = group.run(async (tx) => {
      await appendNew(first)(tx);
      await held;
    });
    const ids = Array.from({ length: 8 }, () => randomUUID());
    const rest = Promise.all(ids.map((id) => group.run(appendNew(id))));
    release();
    await Promise.all([firstDone, rest]);
    // The first went alone, at once; the eight queued behind it went together.
    expect(await transactionsOf([first, ...ids])).toBe(2);
    expect(await transactionsOf(ids)).toBe(1);
    await expect(group.drained()).resolves.toBeUndefined();
  });

  it('refuses options that cannot form a group', () => {
    expect(() => new GroupCommit(store, { maxBatch: 0 })).toThrow(RangeError);
    expect(() => new GroupCommit(store, { maxWaitMs: -1 })).toThrow(RangeError);
    expect(() => new GroupCommit(store, { concurrency: 0 })).toThrow(RangeError);
  });
});
