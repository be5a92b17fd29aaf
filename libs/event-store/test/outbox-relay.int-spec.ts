import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  EventStore,
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayLogger,
  type StoredEvent,
} from '../src';
import { createPool, eventually, meta, useRelayStores } from './support';
import { toStoredMetadata } from '../src/stored-event';

jest.setTimeout(20_000);

const { pool, relays, freshStore } = useRelayStores('es_relay');
const extraPools: Pool[] = [];

afterAll(async () => {
  await Promise.all(extraPools.map((p) => p.end()));
});

function capturingLogger(): RelayLogger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, log: () => undefined, warn: () => undefined, error: (m) => errors.push(m) };
}

function relay(
  store: EventStore,
  publish: OutboxRelayOptions['publish'],
  options: Partial<OutboxRelayOptions> = {},
): OutboxRelay {
  const r = new OutboxRelay({
    pool,
    schema: store.schema,
    publish,
    pollIntervalMs: 20,
    standbyRetryMs: 20,
    backoffInitialMs: 10,
    backoffMaxMs: 50,
    leaseMs: 200,
    logger: capturingLogger(),
    ...options,
  });
  relays.push(r);
  return r;
}

async function appendOne(
  store: EventStore,
  streamId = randomUUID(),
  version = 0,
): Promise<StoredEvent> {
  const [event] = await store.transaction((tx) =>
    store.append(
      tx,
      streamId,
      version,
      [{ type: 'ComplaintRegistered', schemaVersion: 1, data: {} }],
      meta(),
    ),
  );
  return event!;
}

const ids = (events: StoredEvent[]) => events.map((e) => e.eventId);

async function checkpointRow(store: EventStore, name = 'outbox') {
  const { rows } = await pool.query<{ transaction_id: string; position: string }>(
    `SELECT transaction_id::text AS transaction_id, position FROM "${store.schema}".outbox_checkpoints WHERE name = $1`,
    [name],
  );
  return rows[0];
}

describe('OutboxRelay', () => {
  it('publishes every committed event once, in order, across batches, and checkpoints the last', async () => {
    const store = await freshStore();
    const a = randomUUID();
    const b = randomUUID();
    const appended: StoredEvent[] = [];
    appended.push(await appendOne(store, a, 0));
    appended.push(
      ...(await store.transaction((tx) =>
        store.append(
          tx,
          b,
          0,
          [1, 2, 3].map((n) => ({ type: 'ComplaintAmended', schemaVersion: 1, data: { n } })),
          meta(),
        ),
      )),
    );
    appended.push(await appendOne(store, a, 1));
    appended.push(await appendOne(store));

    const published: StoredEvent[] = [];
    const batches: number[] = [];
    const r = relay(
      store,
      async (events) => {
        batches.push(events.length);
        published.push(...events);
      },
      { batchSize: 2 },
    );
    await r.start();
    await r.drain({ timeoutMs: 10_000 });

    expect(ids(published)).toEqual(ids(appended));
    expect(published).toEqual(appended);
    expect(Math.max(...batches)).toBeLessThanOrEqual(2);
    expect(await r.lag()).toBe(0);
    const last = appended[appended.length - 1]!;
    expect(await checkpointRow(store)).toEqual({
      transaction_id: last.transactionId,
      position: String(last.position),
    });
    expect(r.status()).toMatchObject({ state: 'leader', published: appended.length, failures: 0 });
  });

  it('is woken by an append committed in this process, not only by its poll', async () => {
    const store = await freshStore();
    const published: StoredEvent[] = [];
    // Polls so rarely that only the in-process wake-up can publish within the test.
    const r = relay(store, async (events) => void published.push(...events), {
      pollIntervalMs: 600_000,
      activePollIntervalMs: 600_000,
    });
    await r.start();
    await eventually('the relay has read the empty store', () => r.status().polls >= 1);
    const polls = r.status().polls;

    const event = await appendOne(store);
    await eventually('the event is published', () => published.length === 1, 5000);
    expect(ids(published)).toEqual([event.eventId]);
    expect(r.status().polls).toBeGreaterThan(polls);

    // A transaction that rolls back wakes nobody, and a relay of another schema is not woken.
    const other = await freshStore();
    const before = r.status().polls;
    await expect(
      store.transaction(async (tx) => {
        await store.append(
          tx,
          randomUUID(),
          0,
          [{ type: 'A', schemaVersion: 1, data: {} }],
          meta(),
        );
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await appendOne(other);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.status().polls).toBe(before);
  });

  it('publishes held-back events soon after the transaction holding the horizon ends, without backing off', async () => {
    const store = await freshStore();
    const published: StoredEvent[] = [];
    // Polls so rarely that only the wake-up and the held-back rule can publish within the test.
    const r = relay(store, async (events) => void published.push(...events), {
      pollIntervalMs: 600_000,
    });
    await r.start();
    await eventually('the relay has read the empty store', () => r.status().polls >= 1);

    // An older transaction (it has taken a transaction id) keeps the horizon below the append.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      await appendOne(store);
      // Long enough for a doubling back-off (10, 20, 40 … ms) to reach pauses of seconds.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(published).toHaveLength(0);
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    const released = Date.now();
    await eventually('the held-back event is published', () => published.length === 1, 5000);
    expect(Date.now() - released).toBeLessThan(1000);
  });

  it('finds appends of other processes by polling, without any wake-up', async () => {
    const store = await freshStore();
    const published: StoredEvent[] = [];
    const r = relay(store, async (events) => void published.push(...events), {
      pollIntervalMs: 50,
    });
    await r.start();
    await eventually('the relay has read the empty store', () => r.status().polls >= 1);

    // Written behind the EventStore's back, as another replica's append would be.
    const writer = await pool.connect();
    try {
      for (const n of [1, 2]) {
        await writer.query(
          `INSERT INTO "${store.schema}".events
             (event_id, stream_id, stream_version, type, schema_version, data, metadata)
           VALUES ($1, $2, 1, 'A', 1, $3, $4)`,
          [
            randomUUID(),
            randomUUID(),
            JSON.stringify({ n }),
            JSON.stringify(toStoredMetadata(meta())),
          ],
        );
      }
    } finally {
      writer.release();
    }
    await eventually('both events are published', () => published.length === 2, 5000);
    expect(published.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('never skips an event whose transaction took an earlier position but committed later (the gap)', async () => {
    const store = await freshStore();
    const published: StoredEvent[] = [];
    const r = relay(store, async (events) => void published.push(...events));

    const slow = await pool.connect();
    let a: StoredEvent;
    let b: StoredEvent;
    try {
      await slow.query('BEGIN');
      [a] = (await store.append(
        slow,
        randomUUID(),
        0,
        [{ type: 'A', schemaVersion: 1, data: {} }],
        meta(),
      )) as [StoredEvent];
      b = await appendOne(store);
      expect(b.position).toBeGreaterThan(a.position);
      // A reader tailing by position alone sees B with A's slot still empty: the gap.
      expect(ids(await store.readAll(0))).toEqual([b.eventId]);
      expect(await r.lag()).toBe(1);

      await r.start();
      const polled = r.status().polls;
      await eventually(
        'the relay has polled twice while A is open',
        () => r.status().polls >= polled + 2,
      );
      expect(published).toEqual([]);

      await slow.query('COMMIT');
    } finally {
      slow.release();
    }

    await r.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toEqual([a.eventId, b.eventId]);
    expect(await r.lag()).toBe(0);
  });

  it('retries a failing publish with the same events and never advances past them', async () => {
    const store = await freshStore();
    const events = [await appendOne(store), await appendOne(store)];
    const attempts: string[][] = [];
    let brokerDown = true;
    const logger = capturingLogger();
    const r = relay(
      store,
      async (batch) => {
        attempts.push(ids(batch));
        if (brokerDown) throw new Error('broker unavailable');
      },
      { logger },
    );
    await r.start();
    await eventually('three failed attempts', () => attempts.length >= 3);

    expect(await r.lag()).toBe(2);
    expect(await checkpointRow(store)).toEqual({ transaction_id: '0', position: '0' });
    expect(r.status().failures).toBeGreaterThanOrEqual(3);
    expect(logger.errors.some((m) => m.includes('broker unavailable'))).toBe(true);

    brokerDown = false;
    await r.drain({ timeoutMs: 10_000 });
    expect(new Set(attempts.map((a) => a.join()))).toEqual(new Set([ids(events).join()]));
    expect(await r.lag()).toBe(0);
    expect(r.status().failures).toBe(0);
  });

  it('publishes after a restart what a relay stopped before a successful publish left behind', async () => {
    const store = await freshStore();
    const events = [await appendOne(store), await appendOne(store)];
    let attempts = 0;
    const first = relay(store, async () => {
      attempts += 1;
      throw new Error('broker unavailable');
    });
    await first.start();
    await eventually('the first relay tried to publish', () => attempts >= 1);
    await first.stop();
    expect(first.status().state).toBe('stopped');

    const published: StoredEvent[] = [];
    const second = relay(store, async (batch) => void published.push(...batch));
    await second.start();
    expect(second.status().state).toBe('leader');
    await second.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toEqual(ids(events));
  });

  it('publishes again after a relay dies between publishing and checkpointing (at least once)', async () => {
    const store = await freshStore();
    const events = [await appendOne(store), await appendOne(store)];
    const applicationName = `relay-kill-${randomUUID()}`;
    const doomedPool = createPool({ application_name: applicationName, max: 2 });
    extraPools.push(doomedPool);

    const sentByDoomed: StoredEvent[] = [];
    let finishPublish: () => void = () => undefined;
    const doomed = relay(
      store,
      (batch) => {
        sentByDoomed.push(...batch);
        // The broker has the events; the process dies before it records that.
        return new Promise<void>((resolve) => {
          finishPublish = resolve;
        });
      },
      { pool: doomedPool },
    );
    await doomed.start();
    await eventually('the doomed relay is publishing', () => sentByDoomed.length === 2);
    await pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );

    const published: StoredEvent[] = [];
    const successor = relay(store, async (batch) => void published.push(...batch));
    await successor.start();
    await eventually(
      'the successor took over the lock',
      () => successor.status().state === 'leader',
    );
    await successor.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toEqual(ids(events));
    expect(ids(sentByDoomed)).toEqual(ids(events));

    // The old process comes back to life: it cannot checkpoint on its dead session and stands by.
    finishPublish();
    await eventually('the doomed relay stands by', () => doomed.status().state === 'standby');
    expect(doomed.status().published).toBe(0);
    const last = events[events.length - 1]!;
    expect(await checkpointRow(store)).toEqual({
      transaction_id: last.transactionId,
      position: String(last.position),
    });
  });

  it('makes a relay that takes over from a leader whose session broke mid-publish wait out its lease, so the two never publish at once', async () => {
    const store = await freshStore();
    const events = [await appendOne(store), await appendOne(store)];
    const applicationName = `relay-lease-${randomUUID()}`;
    const doomedPool = createPool({ application_name: applicationName, max: 2 });
    extraPools.push(doomedPool);
    const leaseMs = 1_500;
    // A slow broker: the former leader's publish goes on for a while after it lost the lock,
    // though for less than half a lease, which is what the lease covers.
    const slowPublishMs = 600;

    const spans: { by: string; start: number; end?: number }[] = [];
    const doomed = relay(
      store,
      async () => {
        const span: { by: string; start: number; end?: number } = {
          by: 'doomed',
          start: performance.now(),
        };
        spans.push(span);
        await new Promise((resolve) => setTimeout(resolve, slowPublishMs));
        span.end = performance.now();
      },
      { pool: doomedPool, leaseMs },
    );
    await doomed.start();
    await eventually('the doomed relay is publishing', () => spans.length === 1);
    await pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );

    const published: StoredEvent[] = [];
    const successor = relay(
      store,
      async (batch) => {
        spans.push({ by: 'successor', start: performance.now() });
        published.push(...batch);
      },
      { leaseMs },
    );
    await successor.start();
    await successor.drain({ timeoutMs: 10_000 });

    expect(ids(published)).toEqual(ids(events));
    const [first, second] = spans;
    expect([first?.by, second?.by]).toEqual(['doomed', 'successor']);
    expect(first?.end).toBeDefined();
    expect(second!.start).toBeGreaterThanOrEqual(first!.end!);
  });

  it('takes the lock again after its own connection broke and goes on publishing without waiting out its own lease', async () => {
    const store = await freshStore();
    const applicationName = `relay-reconnect-${randomUUID()}`;
    const ownPool = createPool({ application_name: applicationName, max: 2 });
    extraPools.push(ownPool);
    const logger = capturingLogger();
    const published: StoredEvent[] = [];
    const r = relay(store, async (batch) => void published.push(...batch), {
      pool: ownPool,
      logger,
      // Far longer than the drains below may take: waiting it out would fail them.
      leaseMs: 60_000,
    });
    await r.start();
    const before = [await appendOne(store)];
    await r.drain({ timeoutMs: 10_000 });

    await pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    // Noticed idle (the client's 'error' event) or in the middle of a read (the query fails).
    await eventually('the relay noticed', () =>
      logger.errors.some((m) => /connection lost|database error, giving up the lock/.test(m)),
    );
    const after = [await appendOne(store), await appendOne(store)];
    await r.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toEqual(ids([...before, ...after]));
    expect(r.status().state).toBe('leader');
  });

  it('lets a successor publish at once after the leader stopped cleanly', async () => {
    const store = await freshStore();
    const first = relay(store, async () => undefined, { leaseMs: 60_000 });
    await first.start();
    await appendOne(store);
    await first.drain({ timeoutMs: 10_000 });
    await first.stop();

    const published: StoredEvent[] = [];
    const second = relay(store, async (batch) => void published.push(...batch), {
      leaseMs: 60_000,
    });
    await second.start();
    const event = await appendOne(store);
    await second.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toEqual([event.eventId]);
  });

  it('lets only one of two relays on a schema publish, and the standby take over when it stops', async () => {
    const store = await freshStore();
    const byFirst: StoredEvent[] = [];
    const bySecond: StoredEvent[] = [];
    const first = relay(store, async (batch) => void byFirst.push(...batch));
    const second = relay(store, async (batch) => void bySecond.push(...batch));
    await first.start();
    await second.start();
    expect(first.status().state).toBe('leader');
    expect(second.status().state).toBe('standby');

    const before = [await appendOne(store), await appendOne(store), await appendOne(store)];
    await first.drain({ timeoutMs: 10_000 });
    expect(ids(byFirst)).toEqual(ids(before));
    expect(bySecond).toEqual([]);

    await first.stop();
    await eventually('the standby leads', () => second.status().state === 'leader');
    const after = [await appendOne(store), await appendOne(store)];
    await second.drain({ timeoutMs: 10_000 });
    expect(ids(bySecond)).toEqual(ids(after));
    expect(ids(byFirst)).toEqual(ids(before));
  });

  it('keeps relays with different names independent', async () => {
    const store = await freshStore();
    const event = await appendOne(store);
    const toKafka: StoredEvent[] = [];
    const toAudit: StoredEvent[] = [];
    const kafka = relay(store, async (batch) => void toKafka.push(...batch));
    const audit = relay(store, async (batch) => void toAudit.push(...batch), { name: 'audit' });
    await kafka.start();
    await audit.start();
    expect([kafka.status().state, audit.status().state]).toEqual(['leader', 'leader']);
    await kafka.drain({ timeoutMs: 10_000 });
    await audit.drain({ timeoutMs: 10_000 });
    expect(ids(toKafka)).toEqual([event.eventId]);
    expect(ids(toAudit)).toEqual([event.eventId]);
  });

  it('reports a drain that cannot finish in time', async () => {
    const store = await freshStore();
    await appendOne(store);
    const idle = relay(store, async () => undefined);
    await expect(idle.drain({ timeoutMs: 50 })).rejects.toThrow(/did not publish/);
  });
});
