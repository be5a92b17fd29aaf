import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  ConcurrencyConflict,
  afterCommit,
  createDatabasePool,
  DatabaseUnavailable,
  EventStore,
  eventStoreSchemaSql,
  markProcessed,
} from '../src';
import {
  barrier,
  countExchanges,
  createEventStoreSchema,
  createPool,
  DATABASE_URL,
  dropSchema,
  eventually,
  meta,
  uniqueSchema,
} from './support';

const schema = uniqueSchema('es_store');
const now = new Date('2025-06-01T09:00:00.000Z');
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  pool = createPool();
  await createEventStoreSchema(pool, schema);
  store = new EventStore(pool, schema, () => now);
});

afterAll(async () => {
  await dropSchema(pool, schema);
  await pool.end();
});

const registered = (n = 1) => ({ type: 'ComplaintRegistered', schemaVersion: 1, data: { n } });

describe('schema', () => {
  it('can be created again without error, as a migration re-run would', async () => {
    for (const statement of eventStoreSchemaSql(schema)) await pool.query(statement);
    const { rows } = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      'events',
      'idempotency_keys',
      'outbox_checkpoints',
      'outbox_quarantine',
      'processed_events',
    ]);
  });
});

describe('append and readStream', () => {
  it('stores a new stream and reads it back in version order with its metadata', async () => {
    const streamId = randomUUID();
    const givenId = randomUUID();
    const correlationId = randomUUID();
    const appended = await store.transaction((tx) =>
      store.append(
        tx,
        streamId,
        0,
        [
          {
            id: givenId,
            type: 'ComplaintRegistered',
            schemaVersion: 1,
            data: { description: '酸奶里有苍蝇' },
          },
          { type: 'ComplaintAcknowledged', schemaVersion: 2, data: { by: 'hotline' } },
        ],
        { ...meta(correlationId), causationId: 'cmd-1' },
      ),
    );

    const read = await store.readStream(streamId);
    expect(read).toEqual(appended);
    expect(read.map((e) => [e.streamVersion, e.type, e.schemaVersion])).toEqual([
      [1, 'ComplaintRegistered', 1],
      [2, 'ComplaintAcknowledged', 2],
    ]);
    expect(read[0]!.eventId).toBe(givenId);
    expect(read[1]!.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(read[0]!.data).toEqual({ description: '酸奶里有苍蝇' });
    expect(read[1]!.position).toBeGreaterThan(read[0]!.position);
    expect(read[0]!.recordedAt).toEqual(now);
    expect(read[0]!.metadata).toEqual({
      source: '/redress/test',
      correlationid: correlationId,
      causationid: 'cmd-1',
      authtype: 'app_user',
      authid: 'alice',
      authclaims: { roles: ['agent'], department: 'customer-service' },
    });
  });

  it('continues a stream from the version the caller loaded', async () => {
    const streamId = randomUUID();
    await store.transaction((tx) => store.append(tx, streamId, 0, [registered(1)], meta()));
    await store.transaction(async (tx) => {
      const loaded = await store.readStream(streamId, tx);
      return store.append(tx, streamId, loaded.length, [registered(2), registered(3)], meta());
    });
    expect((await store.readStream(streamId)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
  });

  it('reads an unknown stream as empty', async () => {
    await expect(store.readStream(randomUUID())).resolves.toEqual([]);
  });

  it('rolls the append back with the transaction and gives the connection back', async () => {
    const streamId = randomUUID();
    await expect(
      store.transaction(async (tx) => {
        await store.append(tx, streamId, 0, [registered()], meta());
        throw new Error('the command failed after appending');
      }),
    ).rejects.toThrow('the command failed after appending');
    expect(await store.readStream(streamId)).toEqual([]);
    expect(pool.idleCount).toBe(pool.totalCount);
  });
});

describe('appendNewStreams', () => {
  it('starts many streams in one statement, each at version 1, in the order given', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const stored = await store.transaction((tx) =>
      store.appendNewStreams(
        tx,
        ids.map((streamId, n) => ({ streamId, events: [registered(n), registered(n + 10)] })),
        meta(),
      ),
    );
    expect(stored.map((e) => [e.streamId, e.streamVersion])).toEqual(
      ids.flatMap((id) => [
        [id, 1],
        [id, 2],
      ]),
    );
    for (const [n, id] of ids.entries()) {
      expect((await store.readStream(id)).map((e) => e.data)).toEqual([{ n }, { n: n + 10 }]);
    }
  });

  it('gives the data passed in, each event its own, instead of reading it back with returnData false', async () => {
    const ids = [randomUUID(), randomUUID()];
    const stored = await store.transaction((tx) =>
      store.appendNewStreams(
        tx,
        ids.map((streamId, n) => ({ streamId, events: [registered(n), registered(n + 10)] })),
        meta(),
        { returnData: false },
      ),
    );
    expect(stored.map((e) => [e.streamId, e.streamVersion, e.data])).toEqual([
      [ids[0], 1, { n: 0 }],
      [ids[0], 2, { n: 10 }],
      [ids[1], 1, { n: 1 }],
      [ids[1], 2, { n: 11 }],
    ]);
    const read = [...(await store.readStream(ids[0]!)), ...(await store.readStream(ids[1]!))];
    expect(read.map((e) => [e.eventId, e.position, e.data])).toEqual(
      stored.map((e) => [e.eventId, e.position, e.data]),
    );
  });

  it('refuses a stream that exists with ConcurrencyConflict and writes none of the others', async () => {
    const existing = randomUUID();
    const fresh = randomUUID();
    await store.transaction((tx) => store.append(tx, existing, 0, [registered()], meta()));
    await expect(
      store.transaction((tx) =>
        store.appendNewStreams(
          tx,
          [
            { streamId: fresh, events: [registered()] },
            { streamId: existing, events: [registered()] },
          ],
          meta(),
        ),
      ),
    ).rejects.toThrow(ConcurrencyConflict);
    expect(await store.readStream(fresh)).toEqual([]);
  });
});

describe('schema', () => {
  it("compresses the events' data with lz4 where the server has it, and stores it readable", async () => {
    const { rows } = await pool.query<{ compression: string }>(
      `SELECT attcompression AS compression FROM pg_attribute
        WHERE attrelid = $1::regclass AND attname = 'data'`,
      [`"${schema}".events`],
    );
    const { rows: lz4 } = await pool.query<{ supported: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'
                        AND 'lz4' = ANY(enumvals)) AS supported`,
    );
    expect(rows[0]?.compression).toBe(lz4[0]?.supported ? 'l' : '');
    const streamId = randomUUID();
    const large = {
      type: 'ComplaintRegistered',
      schemaVersion: 1,
      data: { text: 'abc '.repeat(40_000) },
    };
    await store.transaction((tx) => store.append(tx, streamId, 0, [large], meta()));
    const { rows: stored } = await pool.query<{ method: string | null }>(
      `SELECT pg_column_compression(data) AS method FROM "${schema}".events WHERE stream_id = $1`,
      [streamId],
    );
    expect(stored[0]?.method).toBe(lz4[0]?.supported ? 'lz4' : 'pglz');
    expect((await store.readStream(streamId))[0]?.data).toEqual(large.data);
  });
});

describe('transaction', () => {
  it('runs the opening statement with BEGIN and the lock, and hands its rows to the command', async () => {
    const streamId = randomUUID();
    await store.transaction((tx) => store.append(tx, streamId, 0, [registered(7)], meta()));
    const tricky = `it's "quoted"; DROP TABLE x; --`;

    const seen = await store.transaction(async (_tx, opened) => opened?.rows, {
      lockKey: tricky,
      opening: {
        text: `SELECT stream_version, $2::text AS echoed, $3::timestamptz AS since,
                      (SELECT count(*)::int FROM pg_locks
                        WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks
                 FROM "${schema}".events WHERE stream_id = $1`,
        values: [streamId, tricky, now],
      },
    });

    expect(seen).toEqual([{ stream_version: 1, echoed: tricky, since: now, locks: 1 }]);
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('sends BEGIN, the lock and the opening statement in one round-trip', async () => {
    const streamId = randomUUID();
    await store.transaction((tx) => store.append(tx, streamId, 0, [registered(1)], meta()));
    const exchanges = await countExchanges(pool, () =>
      store.transaction(async (_tx, opened) => opened?.rowCount, {
        lockKey: streamId,
        opening: {
          text: `SELECT 1 FROM "${schema}".events WHERE stream_id = $1`,
          values: [streamId],
        },
      }),
    );
    // One for BEGIN + lock + opening, one for COMMIT.
    expect(exchanges).toEqual({ result: 1, readyForQuery: 2 });
  });

  it('rolls back when the opening statement fails, and gives the connection back', async () => {
    await expect(
      store.transaction(async () => 'never', {
        opening: { text: 'SELECT * FROM no_such_table WHERE id = $1', values: ['x'] },
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('refuses an opening statement that is not { text, values }, before BEGIN', async () => {
    const raw = `SELECT * FROM "${schema}".events`;
    await expect(
      // @ts-expect-error a string with values spliced in is what the type rules out
      store.transaction(async () => 'never', { opening: raw }),
    ).rejects.toThrow(TypeError);
    await expect(
      // @ts-expect-error values are required, even when there are none
      store.transaction(async () => 'never', { opening: { text: raw } }),
    ).rejects.toThrow(/parameterised statement/);
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('rejects a parameter it cannot send without opening a transaction', async () => {
    await expect(
      store.transaction(async () => 'never', {
        opening: { text: 'SELECT $1::timestamptz', values: [new Date(Number.NaN)] },
      }),
    ).rejects.toThrow(RangeError);
    expect(pool.idleCount).toBe(pool.totalCount);
    const { rows } = await pool.query<{ n: number }>('SELECT 1 AS n');
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('runs afterCommit callbacks once the transaction is visible, and drops them on rollback', async () => {
    const streamId = randomUUID();
    const seenAfterCommit: number[] = [];
    await store.transaction(async (tx) => {
      await store.append(tx, streamId, 0, [registered()], meta());
      afterCommit(tx, () => {
        // Read on another connection: the transaction's rows must be visible by now.
        void store.readStream(streamId).then((events) => seenAfterCommit.push(events.length));
      });
      expect(seenAfterCommit).toEqual([]);
    });
    await eventually('the callback read the stream', () => seenAfterCommit.length === 1);
    expect(seenAfterCommit).toEqual([1]);

    let calledAfterRollback = false;
    await expect(
      store.transaction(async (tx) => {
        afterCommit(tx, () => {
          calledAfterRollback = true;
        });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    await Promise.resolve();
    expect(calledAfterRollback).toBe(false);
  });
});

describe('optimistic concurrency', () => {
  it('rejects a stale expected version with ConcurrencyConflict and writes nothing', async () => {
    const streamId = randomUUID();
    await store.transaction((tx) =>
      store.append(tx, streamId, 0, [registered(1), registered(2)], meta()),
    );

    const attempt = store.transaction((tx) =>
      store.append(tx, streamId, 1, [registered(3)], meta()),
    );
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(attempt).rejects.toMatchObject({ streamId, expectedVersion: 1 });
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('rejects an expected version the stream has not reached', async () => {
    const streamId = randomUUID();
    await store.transaction((tx) => store.append(tx, streamId, 0, [registered()], meta()));
    await expect(
      store.transaction((tx) => store.append(tx, streamId, 5, [registered()], meta())),
    ).rejects.toMatchObject({ name: 'ConcurrencyConflict', streamId, expectedVersion: 5 });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('lets exactly one of two concurrent appends at the same version win', async () => {
    const streamId = randomUUID();
    await store.transaction((tx) => store.append(tx, streamId, 0, [registered(0)], meta()));
    const bothLoaded = barrier(2);

    const command = (n: number) =>
      store.transaction(async (tx) => {
        const loaded = await store.readStream(streamId, tx);
        await bothLoaded();
        return store.append(tx, streamId, loaded.length, [registered(n)], meta());
      });
    const outcomes = await Promise.allSettled([command(1), command(2)]);

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ConcurrencyConflict);
    expect(lost[0]).toMatchObject({ streamId, expectedVersion: 1 });
    expect((await store.readStream(streamId)).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('refuses to append after an event of a later transaction, keeping the stream in publish order', async () => {
    const streamId = randomUUID();
    const early = await pool.connect();
    try {
      await early.query('BEGIN');
      // Any write gives this transaction its id before the other one starts.
      await markProcessed(early, schema, 'test-consumer', randomUUID());
      await store.transaction((tx) => store.append(tx, streamId, 0, [registered(1)], meta()));

      const loaded = await store.readStream(streamId, early);
      expect(loaded).toHaveLength(1);
      await expect(
        store.append(early, streamId, loaded.length, [registered(2)], meta()),
      ).rejects.toBeInstanceOf(ConcurrencyConflict);
    } finally {
      await early.query('ROLLBACK');
      early.release();
    }
    // Retried in a fresh transaction the append goes through.
    await store.transaction((tx) => store.append(tx, streamId, 1, [registered(2)], meta()));
    expect((await store.readStream(streamId)).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('refuses malformed input before touching the database', async () => {
    await expect(store.append(pool, '', 0, [registered()], meta())).rejects.toThrow(TypeError);
    await expect(store.append(pool, 's', -1, [registered()], meta())).rejects.toThrow(RangeError);
    await expect(
      store.append(
        pool,
        's',
        0,
        [{ id: 'not-a-uuid', type: 'T', schemaVersion: 1, data: {} }],
        meta(),
      ),
    ).rejects.toThrow(TypeError);
  });
});

describe('readAll', () => {
  it('returns events of every stream in global position order, after a given position', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const before = await store.readAll(0, 100_000);
    const from = before.length === 0 ? 0 : before[before.length - 1]!.position;

    await store.transaction((tx) => store.append(tx, a, 0, [registered(1)], meta()));
    await store.transaction((tx) => store.append(tx, b, 0, [registered(2)], meta()));
    await store.transaction((tx) => store.append(tx, a, 1, [registered(3)], meta()));

    const all = await store.readAll(from);
    expect(all.map((e) => [e.streamId, e.streamVersion])).toEqual([
      [a, 1],
      [b, 1],
      [a, 2],
    ]);
    const positions = all.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(3);

    const page = await store.readAll(all[0]!.position, 1);
    expect(page.map((e) => e.position)).toEqual([all[1]!.position]);
  });
});

describe('a broken connection', () => {
  /** A pool of its own whose connections the test can find and end from the server side. */
  function breakablePool() {
    const applicationName = `es-broken-${randomUUID()}`;
    const url = new URL(DATABASE_URL);
    url.searchParams.set('application_name', applicationName);
    const warnings: string[] = [];
    const own = createDatabasePool({
      connectionString: url.toString(),
      max: 3,
      logger: { warn: (message) => warnings.push(message) },
    });
    const terminate = async () => {
      await pool.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      await eventually('the connections are gone', async () => {
        const { rows } = await pool.query(
          'SELECT 1 FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        );
        return rows.length === 0;
      });
    };
    return { pool: own, warnings, terminate };
  }

  it('fails the transaction it broke under with DatabaseUnavailable, and the next one gets a new connection', async () => {
    const broken = breakablePool();
    const own = new EventStore(broken.pool, schema, () => now);
    try {
      let inside: () => void = () => undefined;
      const entered = new Promise<void>((resolve) => {
        inside = resolve;
      });
      let proceed: () => void = () => undefined;
      const resume = new Promise<void>((resolve) => {
        proceed = resolve;
      });
      const outcome = own.transaction(async (tx) => {
        await tx.query('SELECT 1');
        inside();
        await resume;
        await tx.query('SELECT 2');
      });
      await entered;
      await broken.terminate();
      proceed();
      const error: unknown = await outcome.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(DatabaseUnavailable);
      expect(error).toMatchObject({ code: '08006' });

      const streamId = randomUUID();
      await own.transaction((tx) => own.append(tx, streamId, 0, [registered()], meta()));
      expect(await own.readStream(streamId)).toHaveLength(1);
    } finally {
      await broken.pool.end();
    }
  });

  it('logs a broken idle connection of the pool instead of ending the process, and replaces it', async () => {
    const broken = breakablePool();
    try {
      await Promise.all([broken.pool.query('SELECT 1'), broken.pool.query('SELECT 1')]);
      const idle = broken.pool.idleCount;
      expect(idle).toBeGreaterThan(0);
      await broken.terminate();
      await eventually('the pool noticed every one', () => broken.warnings.length >= idle);
      expect(broken.warnings[0]).toMatch(/database connection broke/);
      const { rows } = await broken.pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await broken.pool.end();
    }
  });

  it('fails with DatabaseUnavailable (08001) when no connection can be opened', async () => {
    // Port 1 on the loopback interface: nothing listens there, the connection is refused.
    const unreachable = createDatabasePool({
      connectionString: 'postgres://postgres@127.0.0.1:1/postgres',
      max: 1,
      logger: { warn: () => undefined },
    });
    try {
      const own = new EventStore(unreachable, schema);
      await expect(own.transaction(async () => undefined)).rejects.toMatchObject({
        name: 'DatabaseUnavailable',
        code: '08001',
      });
    } finally {
      await unreachable.end();
    }
  });
});

describe('appendWith', () => {
  const note = (streamId: string, text: string) => ({
    text: `SELECT $1::text AS stream, $2::text AS note, $3::bytea AS raw, $4::text[] AS tags`,
    values: [streamId, text, Buffer.from([0, 1, 255]), ['a "quoted" tag', 'back\\slash']],
    prepared: true,
  });

  it('sends the append and the statements beside it in one round-trip once prepared', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // The first time on this connection: one by one, preparing the statements.
      const first = await store.appendWith(client, randomUUID(), 0, [registered()], meta(), [
        note('x', 'first'),
      ]);
      expect(first.results[0]!.rows).toEqual([
        {
          stream: 'x',
          note: 'first',
          raw: Buffer.from([0, 1, 255]),
          tags: ['a "quoted" tag', 'back\\slash'],
        },
      ]);
      let exchanges = 0;
      const count = (): void => {
        exchanges += 1;
      };
      const { connection } = client as unknown as {
        connection: { on(e: string, l: () => void): void; off(e: string, l: () => void): void };
      };
      connection.on('readyForQuery', count);
      const streamId = randomUUID();
      const second = await store.appendWith(
        client,
        streamId,
        0,
        [registered(1), registered(2)],
        meta(),
        [note(streamId, 'second'), note(streamId, 'third')],
      );
      connection.off('readyForQuery', count);
      expect(exchanges).toBe(1);
      expect(second.events.map((e) => e.streamVersion)).toEqual([1, 2]);
      expect(second.results.map((r) => r.rows[0].note)).toEqual(['second', 'third']);
      await client.query('COMMIT');
      expect(await store.readStream(streamId)).toHaveLength(2);
    } finally {
      client.release();
    }
  });

  it('gives the data passed in instead of reading it back with returnData false', async () => {
    const streamId = randomUUID();
    const big = {
      type: 'ComplaintRegistered',
      schemaVersion: 1,
      data: { words: ['x'.repeat(50)] },
    };
    const { events } = await store.transaction((tx) =>
      store.appendWith(tx, streamId, 0, [registered(1), big], meta(), [], { returnData: false }),
    );
    expect(events.map((e) => [e.streamVersion, e.data])).toEqual([
      [1, { n: 1 }],
      [2, big.data],
    ]);
    const stored = await store.readStream(streamId);
    expect(stored.map((e) => e.data)).toEqual([{ n: 1 }, big.data]);
    expect(stored.map((e) => e.position)).toEqual(events.map((e) => e.position));
  });

  it('refuses a conflicting append with ConcurrencyConflict, statements beside it or not', async () => {
    const streamId = randomUUID();
    await store.transaction((tx) => store.append(tx, streamId, 0, [registered()], meta()));
    for (let i = 0; i < 2; i++) {
      await expect(
        store.transaction((tx) =>
          store.appendWith(tx, streamId, 0, [registered()], meta(), [note(streamId, 'n')]),
        ),
      ).rejects.toBeInstanceOf(ConcurrencyConflict);
    }
    expect(await store.readStream(streamId)).toHaveLength(1);
    expect(pool.idleCount).toBe(pool.totalCount);
  });
});
