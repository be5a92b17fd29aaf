import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  ConcurrencyConflict,
  EventStore,
  IdempotencyKeyConflict,
  IdempotencyKeyReused,
  IdempotencyKeys,
  runIdempotent,
  retryOnConflict,
  type Sql,
} from '../src';
import {
  barrier,
  createEventStoreSchema,
  createPool,
  dropSchema,
  meta,
  uniqueSchema,
} from './support';

const schema = uniqueSchema('es_idem');
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

type Answer = { status: number; body: unknown };

/**
 * A write endpoint as a service builds it: look the key up, else run the command and save its
 * answer in the same transaction as its events. `beforeSave` lets a test line up two requests.
 */
async function registerComplaint(
  scope: string,
  key: string,
  body: { description: string },
  beforeSave: () => Promise<void> = async () => undefined,
): Promise<Answer> {
  return retryOnConflict(() =>
    store.transaction(async (tx: Sql) => {
      try {
        return await runIdempotent(keys, tx, scope, key, body, async () => {
          const complaintId = randomUUID();
          await store.append(
            tx,
            complaintId,
            0,
            [{ type: 'ComplaintRegistered', schemaVersion: 1, data: body }],
            meta(),
          );
          await beforeSave();
          return { status: 201, body: { complaintId } };
        });
      } catch (error) {
        if (!(error instanceof IdempotencyKeyReused)) throw error;
        return { status: 422, body: { title: error.message } };
      }
    }),
  );
}

async function countEvents(description: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${schema}".events WHERE data->>'description' = $1`,
    [description],
  );
  return rows[0]!.n;
}

describe('IdempotencyKeys', () => {
  it('finds nothing for a new key and the saved answer afterwards', async () => {
    const key = randomUUID();
    expect(await keys.find(pool, 'alice POST /complaints', key)).toBeNull();
    await store.transaction((tx) =>
      keys.save(tx, 'alice POST /complaints', key, 'h1', 201, { id: 'c-1' }),
    );
    expect(await keys.find(pool, 'alice POST /complaints', key)).toEqual({
      requestHash: 'h1',
      status: 201,
      body: { id: 'c-1' },
    });
    expect(await keys.find(pool, 'bob POST /complaints', key)).toBeNull();
  });

  it('answers a retry with the same key and body with the first answer, without running again', async () => {
    const key = randomUUID();
    const description = `same body ${key}`;
    const first = await registerComplaint('alice POST /complaints', key, { description });
    const retry = await registerComplaint('alice POST /complaints', key, { description });
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(await countEvents(description)).toBe(1);
  });

  it('tells a reuse of the key with another body apart by its hash', async () => {
    const key = randomUUID();
    const description = `first body ${key}`;
    await registerComplaint('alice POST /complaints', key, { description });
    const reuse = await registerComplaint('alice POST /complaints', key, {
      description: `other ${key}`,
    });
    expect(reuse.status).toBe(422);
    expect(await countEvents(`other ${key}`)).toBe(0);
  });

  it('remembers no answer when the command transaction rolls back', async () => {
    const key = randomUUID();
    await expect(
      store.transaction(async (tx) => {
        await keys.save(tx, 'alice POST /complaints', key, 'h', 201, { ok: true });
        throw new Error('command failed');
      }),
    ).rejects.toThrow('command failed');
    expect(await keys.find(pool, 'alice POST /complaints', key)).toBeNull();
  });

  it('rejects the second save of a key as an IdempotencyKeyConflict', async () => {
    const key = randomUUID();
    await keys.save(pool, 'alice POST /complaints', key, 'h', 201, null);
    const second = keys.save(pool, 'alice POST /complaints', key, 'h', 201, null);
    await expect(second).rejects.toBeInstanceOf(IdempotencyKeyConflict);
    await expect(second).rejects.toBeInstanceOf(ConcurrencyConflict);
  });

  it('gives two racing first requests with one key the same single answer', async () => {
    const key = randomUUID();
    const description = `race ${key}`;
    // Both requests have missed in find and appended before either saves its key.
    const bothReady = barrier(2);
    let saves = 0;
    const beforeSave = async () => {
      saves += 1;
      if (saves <= 2) await bothReady();
    };
    const [a, b] = await Promise.all([
      registerComplaint('alice POST /complaints', key, { description }, beforeSave),
      registerComplaint('alice POST /complaints', key, { description }, beforeSave),
    ]);
    expect(saves).toBe(2);
    expect(a).toEqual(b);
    expect(a.status).toBe(201);
    expect(await countEvents(description)).toBe(1);
  });
});
