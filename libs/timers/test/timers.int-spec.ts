import { EventStore } from '@redress/event-store';
import type { ScratchSchema } from '@redress/testing';
import { Timers, timersSchemaSql } from '../src';
import { timersSchema } from './support';

const dueAt = new Date('2026-11-30T02:00:00.000Z');
const later = new Date('2026-12-23T02:00:00.000Z');
let scratch: ScratchSchema;
let store: EventStore;
let timers: Timers;

beforeAll(async () => {
  scratch = await timersSchema('timers_api');
  store = new EventStore(scratch.pool, scratch.schema);
  timers = new Timers(scratch.schema);
});

afterAll(() => scratch.drop());

async function count(): Promise<number> {
  const { rows } = await scratch.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${scratch.schema}".timers`,
  );
  return rows[0]?.n ?? -1;
}

describe('Timers', () => {
  it('creates its table again without error, as a migration re-run would', async () => {
    for (const statement of timersSchemaSql(scratch.schema)) await scratch.pool.query(statement);
    expect(await count()).toBeGreaterThanOrEqual(0);
  });

  it('leaves nothing behind when the transaction that scheduled, moved and cancelled rolls back', async () => {
    await store.transaction((tx) =>
      timers.schedule(tx, { key: 'kept:1', kind: 'test.kept', dueAt, payload: { n: 1 } }),
    );
    const before = await count();

    await expect(
      store.transaction(async (tx) => {
        expect(
          await timers.schedule(tx, [
            { key: 'rolled:1', kind: 'test.rolled', dueAt },
            { key: 'rolled:2', kind: 'test.rolled', dueAt: later },
          ]),
        ).toBe(2);
        expect(await timers.reschedule(tx, 'kept:1', later)).toBe(true);
        expect(await timers.cancel(tx, 'rolled:2')).toBe(1);
        expect(await timers.find(tx, 'kept:1')).toMatchObject({ dueAt: later });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');

    expect(await count()).toBe(before);
    expect(await timers.find(scratch.pool, 'rolled:1')).toBeUndefined();
    expect(await timers.find(scratch.pool, 'kept:1')).toEqual({
      key: 'kept:1',
      kind: 'test.kept',
      dueAt,
      payload: { n: 1 },
      status: 'pending',
      attempts: 0,
      lastError: null,
    });
  });

  it('replaces a timer scheduled again under its key, starting it afresh', async () => {
    await store.transaction((tx) =>
      timers.schedule(tx, { key: 'replace:1', kind: 'test.a', dueAt, payload: { v: 1 } }),
    );
    // As if its handler had failed until it was parked.
    await scratch.pool.query(
      `UPDATE "${scratch.schema}".timers SET status = 'parked', attempts = 10, last_error = 'boom'
        WHERE key = 'replace:1'`,
    );

    const written = await store.transaction((tx) =>
      timers.schedule(tx, { key: 'replace:1', kind: 'test.b', dueAt: later, payload: { v: 2 } }),
    );

    expect(written).toBe(1);
    expect(await timers.find(scratch.pool, 'replace:1')).toEqual({
      key: 'replace:1',
      kind: 'test.b',
      dueAt: later,
      payload: { v: 2 },
      status: 'pending',
      attempts: 0,
      lastError: null,
    });
  });

  it("keeps the existing timer with existing: 'keep', and adds only new keys", async () => {
    await store.transaction((tx) =>
      timers.schedule(tx, { key: 'keep:1', kind: 'test.a', dueAt, payload: { v: 1 } }),
    );

    const written = await store.transaction((tx) =>
      timers.schedule(
        tx,
        [
          { key: 'keep:1', kind: 'test.a', dueAt: later, payload: { v: 2 } },
          { key: 'keep:2', kind: 'test.a', dueAt: later },
        ],
        { existing: 'keep' },
      ),
    );

    expect(written).toBe(1);
    expect(await timers.find(scratch.pool, 'keep:1')).toMatchObject({ dueAt, payload: { v: 1 } });
    expect(await timers.find(scratch.pool, 'keep:2')).toMatchObject({
      dueAt: later,
      payload: null,
    });
  });

  it('cancels by key, saying how many timers it cancelled', async () => {
    await store.transaction((tx) =>
      timers.schedule(tx, [
        { key: 'cancel:1', kind: 'test.a', dueAt },
        { key: 'cancel:2', kind: 'test.a', dueAt },
      ]),
    );

    expect(
      await store.transaction((tx) => timers.cancel(tx, ['cancel:1', 'cancel:2', 'nope'])),
    ).toBe(2);
    expect(await store.transaction((tx) => timers.cancel(tx, 'cancel:1'))).toBe(0);
    expect(await timers.find(scratch.pool, 'cancel:2')).toBeUndefined();
  });

  it('reschedules a parked timer as a fresh pending one, and never creates a timer', async () => {
    await store.transaction((tx) => timers.schedule(tx, { key: 'move:1', kind: 'test.a', dueAt }));
    await scratch.pool.query(
      `UPDATE "${scratch.schema}".timers SET status = 'parked', attempts = 3, last_error = 'boom'
        WHERE key = 'move:1'`,
    );

    expect(await store.transaction((tx) => timers.reschedule(tx, 'move:1', later))).toBe(true);
    expect(await store.transaction((tx) => timers.reschedule(tx, 'move:unknown', later))).toBe(
      false,
    );

    expect(await timers.find(scratch.pool, 'move:1')).toMatchObject({
      dueAt: later,
      status: 'pending',
      attempts: 0,
      lastError: null,
    });
    expect(await timers.find(scratch.pool, 'move:unknown')).toBeUndefined();
  });

  it('refuses a key twice in one call, and malformed timers, before touching the database', async () => {
    const before = await count();
    await expect(
      store.transaction((tx) =>
        timers.schedule(tx, [
          { key: 'twice', kind: 'test.a', dueAt },
          { key: 'twice', kind: 'test.a', dueAt: later },
        ]),
      ),
    ).rejects.toThrow(TypeError);
    await expect(
      store.transaction((tx) => timers.schedule(tx, { key: 'bad', kind: 'Bad Kind', dueAt })),
    ).rejects.toThrow(TypeError);
    expect(await count()).toBe(before);
  });
});
