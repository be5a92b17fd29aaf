import { EventStore, type Sql } from '@redress/event-store';
import { waitFor, type ScratchSchema } from '@redress/testing';
import type { Pool } from 'pg';
import { Timers, TimerWorker, type FiringTimer, type TimerFiring } from '../src';
import { RecordingLogger, TestClock, gate, replicaPool, timersSchema, worker } from './support';

jest.setTimeout(30_000);

const start = Date.parse('2026-11-23T02:00:00.000Z');
let scratch: ScratchSchema;
let timers: Timers;
const pools: Pool[] = [];
const workers: TimerWorker[] = [];

beforeEach(async () => {
  scratch = await timersSchema('timers_worker');
  timers = new Timers(scratch.schema);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(pools.splice(0).map((p) => p.end()));
  await scratch.drop();
});

function pool(name: string): Pool {
  const created = replicaPool(name);
  pools.push(created);
  return created;
}

function started(w: TimerWorker): TimerWorker {
  workers.push(w);
  w.start();
  return w;
}

async function schedule(
  specs: Array<{ key: string; dueAt: number; kind?: string; payload?: unknown }>,
): Promise<void> {
  const store = new EventStore(scratch.pool, scratch.schema);
  await store.transaction((tx) =>
    timers.schedule(
      tx,
      specs.map((s) => ({ kind: s.kind ?? 'test.effect', ...s, dueAt: new Date(s.dueAt) })),
    ),
  );
}

/** A handler whose effect is a row of `effects`; a second firing of one key would violate its key. */
function recordEffect(workerName: string) {
  return async (tx: Sql, timer: FiringTimer): Promise<void> => {
    await tx.query(`INSERT INTO "${scratch.schema}".effects (key, worker) VALUES ($1, $2)`, [
      timer.key,
      workerName,
    ]);
  };
}

async function effects(): Promise<Array<{ key: string; worker: string }>> {
  const { rows } = await scratch.pool.query<{ key: string; worker: string }>(
    `SELECT key, worker FROM "${scratch.schema}".effects ORDER BY key`,
  );
  return rows;
}

async function remaining(): Promise<number> {
  const { rows } = await scratch.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${scratch.schema}".timers`,
  );
  return rows[0]?.n ?? -1;
}

describe('TimerWorker', () => {
  it('fires due timers in due order, each once, and leaves those not yet due', async () => {
    const clock = new TestClock(start);
    const order: string[] = [];
    await schedule([
      { key: 'c', dueAt: start - 1_000 },
      { key: 'a', dueAt: start - 3_000 },
      { key: 'later', dueAt: start + 60_000 },
      { key: 'b', dueAt: start - 2_000 },
      { key: 'now', dueAt: start },
    ]);
    const w = worker(scratch.pool, scratch.schema, clock, {
      concurrency: 1,
      batchSize: 2,
      handlers: {
        'test.effect': async (tx, timer) => {
          order.push(timer.key);
          await recordEffect('w')(tx, timer);
        },
      },
    });

    expect(await w.fireDue()).toBe(4);
    expect(order).toEqual(['a', 'b', 'c', 'now']);
    expect(await w.fireDue()).toBe(0);
    expect(await timers.find(scratch.pool, 'later')).toMatchObject({ status: 'pending' });

    clock.advance(60_000);
    expect(await w.fireDue()).toBe(1);
    expect((await effects()).map((e) => e.key)).toEqual(['a', 'b', 'c', 'later', 'now']);
    expect(await remaining()).toBe(0);
  });

  it('fires each of many timers exactly once while three workers with pools of their own compete', async () => {
    const clock = new TestClock(start);
    const total = 600;
    await schedule(
      Array.from({ length: total }, (_, i) => ({
        key: `t${String(i).padStart(4, '0')}`,
        dueAt: start - total + i,
      })),
    );
    const names = ['replica-a', 'replica-b', 'replica-c'];
    const competing = names.map((name) =>
      started(
        worker(pool(name), scratch.schema, clock, {
          batchSize: 10,
          concurrency: 3,
          handlers: { 'test.effect': recordEffect(name) },
        }),
      ),
    );

    await waitFor(async () => (await remaining()) === 0, {
      description: 'every timer to fire',
      timeoutMs: 20_000,
    });

    const fired = await effects();
    expect(fired).toHaveLength(total);
    expect(new Set(fired.map((e) => e.key)).size).toBe(total);
    const byWorker = competing.map((w) => w.status());
    expect(byWorker.reduce((sum, s) => sum + s.fired, 0)).toBe(total);
    expect(byWorker.map((s) => s.failed + s.parked)).toEqual([0, 0, 0]);
    // SKIP LOCKED shared the work rather than serialising it on one worker.
    expect(new Set(fired.map((e) => e.worker)).size).toBeGreaterThan(1);
  });

  it('commits the effect with the timer: a handler that throws leaves neither, is retried after its back-off, and is parked after the last attempt', async () => {
    const clock = new TestClock(start);
    const logger = new RecordingLogger();
    const seen: TimerFiring[] = [];
    let healthy = false;
    await schedule([{ key: 'flaky', dueAt: start, payload: { caseId: 'c-1' } }]);
    const w = worker(scratch.pool, scratch.schema, clock, {
      logger,
      maxAttempts: 3,
      retryInitialMs: 1_000,
      retryMaxMs: 10_000,
      handlers: {
        'test.effect': async (tx, timer) => {
          await recordEffect('w')(tx, timer);
          if (!healthy) throw new Error('downstream refused');
        },
      },
    });
    w.onFiring((firing) => seen.push(firing));

    expect(await w.fireDue()).toBe(0);
    expect(await effects()).toEqual([]);
    expect(await timers.find(scratch.pool, 'flaky')).toMatchObject({
      status: 'pending',
      attempts: 1,
      dueAt: new Date(start + 1_000),
      lastError: 'Error: downstream refused',
    });

    // Not due again before its back-off.
    clock.advance(999);
    expect(await w.fireDue()).toBe(0);
    expect(await timers.find(scratch.pool, 'flaky')).toMatchObject({ attempts: 1 });

    clock.advance(1);
    expect(await w.fireDue()).toBe(0);
    expect(await timers.find(scratch.pool, 'flaky')).toMatchObject({
      attempts: 2,
      dueAt: new Date(start + 1_000 + 2_000),
    });

    clock.advance(2_000);
    expect(await w.fireDue()).toBe(0);
    expect(await timers.find(scratch.pool, 'flaky')).toMatchObject({
      status: 'parked',
      attempts: 3,
      lastError: 'Error: downstream refused',
    });
    expect(seen.map((s) => s.outcome)).toEqual(['failed', 'failed', 'parked']);
    expect(w.status()).toMatchObject({ fired: 0, failed: 2, parked: 1 });
    expect(await w.backlog()).toEqual({ overdue: 0, parked: 1 });
    expect(logger.lines.filter((l) => l.startsWith('error:'))).toEqual([
      expect.stringMatching(/^error: timer flaky \(test\.effect\) parked after 3 failed attempts/),
    ]);

    // Parked: never fired again by itself…
    clock.advance(86_400_000);
    expect(await w.fireDue()).toBe(0);
    expect(await effects()).toEqual([]);

    // …until someone reschedules it once the cause is fixed.
    healthy = true;
    const store = new EventStore(scratch.pool, scratch.schema);
    await store.transaction((tx) => timers.reschedule(tx, 'flaky', clock.now()));
    expect(await w.fireDue()).toBe(1);
    expect(await effects()).toEqual([{ key: 'flaky', worker: 'w' }]);
    expect(await timers.find(scratch.pool, 'flaky')).toBeUndefined();
  });

  it('reports how late each timer fired', async () => {
    const clock = new TestClock(start);
    const seen: TimerFiring[] = [];
    await schedule([{ key: 'late', dueAt: start - 1_500 }]);
    const w = worker(scratch.pool, scratch.schema, clock, {
      handlers: { 'test.effect': recordEffect('w') },
    });
    w.onFiring((firing) => seen.push(firing));

    await w.fireDue();

    expect(seen).toEqual([{ kind: 'test.effect', outcome: 'fired', lagMs: 1_500 }]);
  });

  it('claims only the kinds it has handlers for', async () => {
    const clock = new TestClock(start);
    await schedule([
      { key: 'mine', dueAt: start },
      { key: 'theirs', dueAt: start, kind: 'test.other' },
    ]);
    const w = worker(scratch.pool, scratch.schema, clock, {
      handlers: { 'test.effect': recordEffect('w') },
    });

    expect(await w.fireDue()).toBe(1);
    expect(await timers.find(scratch.pool, 'theirs')).toMatchObject({ status: 'pending' });
  });

  it('lets a handler schedule the next timer in the same transaction', async () => {
    const clock = new TestClock(start);
    await schedule([{ key: 'warning', dueAt: start, kind: 'test.warning' }]);
    const w = worker(scratch.pool, scratch.schema, clock, {
      handlers: {
        'test.warning': async (tx, timer) => {
          await recordEffect('w')(tx, timer);
          await timers.schedule(tx, {
            key: 'breach',
            kind: 'test.effect',
            dueAt: new Date(start + 5_000),
          });
        },
        'test.effect': recordEffect('w'),
      },
    });

    expect(await w.fireDue()).toBe(1);
    expect(await timers.find(scratch.pool, 'breach')).toMatchObject({ status: 'pending' });
    clock.advance(5_000);
    expect(await w.fireDue()).toBe(1);
    expect((await effects()).map((e) => e.key)).toEqual(['breach', 'warning']);
  });

  it('leaves the timers of a worker that died mid-firing due at once, for any other worker', async () => {
    const clock = new TestClock(start);
    await schedule([{ key: 'orphan', dueAt: start }]);
    const entered = gate();
    const held = gate();
    const dying = worker(pool('dying-replica'), scratch.schema, clock, {
      handlers: {
        'test.effect': async (tx, timer) => {
          entered.open();
          await held.opened;
          await recordEffect('dying')(tx, timer);
        },
      },
    });
    const firing = dying.fireDue().catch((error: unknown) => error);
    await entered.opened;
    const survivor = worker(pool('survivor'), scratch.schema, clock, {
      handlers: { 'test.effect': recordEffect('survivor') },
    });
    // Held by the firing transaction: skipped, not waited for.
    expect(await survivor.fireDue()).toBe(0);

    // The replica's process dies: the server ends its session, the firing transaction with it.
    await scratch.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dying-replica'`,
    );
    await waitFor(async () => (await survivor.fireDue()) === 1, {
      description: 'the survivor to fire the orphaned timer',
    });

    held.open();
    await firing;
    expect(await effects()).toEqual([{ key: 'orphan', worker: 'survivor' }]);
    expect(await remaining()).toBe(0);
  });

  it('fires the rest of a batch when one of its timers fails, and retries only that one', async () => {
    const clock = new TestClock(start);
    await schedule([
      { key: 'ok-1', dueAt: start - 3 },
      { key: 'broken', dueAt: start - 2 },
      { key: 'ok-2', dueAt: start - 1 },
    ]);
    const w = worker(scratch.pool, scratch.schema, clock, {
      batchSize: 10,
      handlers: {
        'test.effect': async (tx, timer) => {
          await recordEffect('w')(tx, timer);
          if (timer.key === 'broken') throw new Error('no such case');
        },
      },
    });

    expect(await w.fireDue()).toBe(2);

    expect((await effects()).map((e) => e.key)).toEqual(['ok-1', 'ok-2']);
    expect(await timers.find(scratch.pool, 'broken')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Error: no such case',
    });
    expect(w.status()).toMatchObject({ fired: 2, failed: 1, parked: 0 });
  });

  it('stops gracefully: the batch being fired finishes, and the timers not taken go at once to another worker', async () => {
    const clock = new TestClock(start);
    await schedule([
      { key: 'first', dueAt: start - 3 },
      { key: 'second', dueAt: start - 2 },
      { key: 'third', dueAt: start - 1 },
    ]);
    const entered = gate();
    const held = gate();
    const stopping = started(
      worker(pool('stopping'), scratch.schema, clock, {
        batchSize: 1,
        concurrency: 1,
        handlers: {
          'test.effect': async (tx, timer) => {
            entered.open();
            await held.opened;
            await recordEffect('stopping')(tx, timer);
          },
        },
      }),
    );
    await entered.opened;

    const stopped = stopping.stop();
    held.open();
    await stopped;
    expect(stopping.status().state).toBe('stopped');
    expect(await effects()).toEqual([{ key: 'first', worker: 'stopping' }]);

    const next = worker(pool('next'), scratch.schema, clock, {
      handlers: { 'test.effect': recordEffect('next') },
    });
    expect(await next.fireDue()).toBe(2);
    expect((await effects()).map((e) => `${e.key}:${e.worker}`)).toEqual([
      'first:stopping',
      'second:next',
      'third:next',
    ]);
  });

  it('survives a restart: timers that fell due while no worker ran fire when a new one starts', async () => {
    const clock = new TestClock(start);
    const first = started(
      worker(pool('before-restart'), scratch.schema, clock, {
        handlers: { 'test.effect': recordEffect('before') },
      }),
    );
    await schedule([
      { key: 'week', dueAt: start + 7 * 86_400_000 },
      { key: 'soon', dueAt: start - 1 },
    ]);
    await waitFor(async () => (await effects()).length === 1, {
      description: 'the due timer to fire',
    });
    await first.stop();

    // Down while the week passes.
    clock.advance(7 * 86_400_000);
    started(
      worker(pool('after-restart'), scratch.schema, clock, {
        handlers: { 'test.effect': recordEffect('after') },
      }),
    );

    await waitFor(async () => (await remaining()) === 0, { description: 'the week timer to fire' });
    expect(await effects()).toEqual([
      { key: 'soon', worker: 'before' },
      { key: 'week', worker: 'after' },
    ]);
  });

  it('wakes early for a timer this process schedules, rather than waiting for its next look', async () => {
    const realClock = { now: () => new Date() };
    const w = new TimerWorker({
      store: new EventStore(pool('waking'), scratch.schema),
      // Without the wake-up, the timer would wait for a look a minute away.
      maxIntervalMs: 60_000,
      logger: new RecordingLogger(),
      handlers: { 'test.effect': recordEffect('waking') },
      now: realClock.now,
    });
    started(w);
    await waitFor(() => w.status().polls >= 1, { description: 'the first look' });

    const store = new EventStore(scratch.pool, scratch.schema);
    await store.transaction((tx) =>
      timers.schedule(tx, { key: 'soon', kind: 'test.effect', dueAt: new Date(Date.now() + 100) }),
    );

    await waitFor(async () => (await effects()).length === 1, {
      description: 'the timer to fire',
      timeoutMs: 5_000,
    });
    expect(w.status().polls).toBeLessThan(10);
  });

  it('survives a database error while looking: logs it, backs off, and resumes', async () => {
    const clock = new TestClock(start);
    const logger = new RecordingLogger();
    const w = started(
      worker(pool('unlucky'), scratch.schema, clock, {
        logger,
        backoffInitialMs: 20,
        backoffMaxMs: 100,
        maxIntervalMs: 50,
        handlers: { 'test.effect': recordEffect('w') },
      }),
    );
    await waitFor(() => w.status().polls >= 1, { description: 'the first look' });

    await scratch.pool.query(`ALTER TABLE "${scratch.schema}".timers RENAME TO timers_away`);
    await waitFor(() => w.status().pollFailures >= 2, { description: 'looks to fail' });
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/^error: timer worker .* looking for due timers failed \(1 in a row\)/),
    );
    await scratch.pool.query(`ALTER TABLE "${scratch.schema}".timers_away RENAME TO timers`);
    await schedule([{ key: 'after-outage', dueAt: start }]);

    await waitFor(async () => (await effects()).length === 1, { description: 'the timer to fire' });
    expect(w.status()).toMatchObject({ state: 'running', pollFailures: 0 });
  });
});
