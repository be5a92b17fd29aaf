import { randomUUID } from 'node:crypto';
import {
  EventStore,
  OutboxAdmin,
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayLogger,
  type StoredEvent,
} from '../src';
import { toStoredMetadata } from '../src/stored-event';
import { eventually, meta, useRelayStores } from './support';

jest.setTimeout(20_000);

const { pool, relays, freshStore } = useRelayStores('es_quarantine');

/** What a broker says about a record it will never take, as the messaging lib reports it. */
class Refused extends Error {}

interface Broker {
  /** Every event the broker accepted, in order (an event sent twice appears twice). */
  accepted: StoredEvent[];
  /** Calls of publish, accepted or not. */
  sends: number;
  /** Events the broker refuses: any batch holding one fails as a whole. */
  refuses: (event: StoredEvent) => boolean;
  down: boolean;
}

function broker(refuses: (event: StoredEvent) => boolean = () => false): Broker {
  return { accepted: [], sends: 0, refuses, down: false };
}

function logger(): RelayLogger & { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  return {
    errors,
    warnings,
    log: () => undefined,
    warn: (m) => warnings.push(m),
    error: (m) => errors.push(m),
  };
}

function relay(
  store: EventStore,
  to: Broker,
  options: Partial<OutboxRelayOptions> = {},
): OutboxRelay {
  const r = new OutboxRelay({
    pool,
    schema: store.schema,
    publish: async (events) => {
      to.sends += 1;
      if (to.down) throw new Error('broker unavailable');
      if (events.some(to.refuses)) throw new Refused('message too large');
      to.accepted.push(...events);
    },
    isUnpublishable: (error) => error instanceof Refused,
    pollIntervalMs: 20,
    standbyRetryMs: 20,
    backoffInitialMs: 10,
    backoffMaxMs: 50,
    releaseCheckMs: 20,
    logger: logger(),
    ...options,
  });
  relays.push(r);
  return r;
}

async function append(
  store: EventStore,
  streamId: string,
  version: number,
  data: Record<string, unknown> = {},
): Promise<StoredEvent> {
  const [event] = await store.transaction((tx) =>
    store.append(
      tx,
      streamId,
      version,
      [{ type: 'ComplaintAmended', schemaVersion: 1, data }],
      meta(),
    ),
  );
  return event!;
}

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.eventId);
const tooLarge = (e: StoredEvent) => (e.data as { large?: boolean }).large === true;

async function quarantineRows(store: EventStore) {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT event_id::text AS event_id, position::int AS position, stream_id, stream_version, type,
            reason, error, resolution
       FROM "${store.schema}".outbox_quarantine ORDER BY position`,
  );
  return rows;
}

describe('OutboxRelay quarantine', () => {
  it('sets aside an event the broker refuses, publishes the others in order, and goes on', async () => {
    const store = await freshStore();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const before = [await append(store, a, 0), await append(store, c, 0)];
    const bad = await append(store, b, 0, { large: true });
    const after = [];
    for (let i = 1; i <= 9; i++) after.push(await append(store, i % 2 ? a : c, Math.ceil(i / 2)));
    const behindBad = await append(store, b, 1);
    const to = broker(tooLarge);
    const log = logger();
    const r = relay(store, to, { logger: log, batchSize: 100 });

    await r.start();
    await r.drain({ timeoutMs: 10_000 });

    expect(ids(to.accepted)).toEqual(ids([...before, ...after]));
    // Halving, not one send per event: 14 events, one bad.
    expect(to.sends).toBeLessThanOrEqual(10);
    expect(await quarantineRows(store)).toEqual([
      {
        event_id: bad.eventId,
        position: bad.position,
        stream_id: b,
        stream_version: 1,
        type: 'ComplaintAmended',
        reason: 'rejected',
        error: 'message too large',
        resolution: null,
      },
      expect.objectContaining({
        event_id: behindBad.eventId,
        reason: 'held',
        error: `waits behind ${bad.eventId} of its stream`,
      }),
    ]);
    expect(await r.lag()).toBe(0);
    expect(r.status()).toMatchObject({
      failures: 0,
      published: before.length + after.length,
      quarantined: { rejected: 1, unreadable: 0, held: 1 },
    });
    expect(log.errors).toEqual([expect.stringContaining(`event ${bad.eventId} (ComplaintAmended`)]);
    expect(log.warnings).toEqual([expect.stringContaining(`event ${behindBad.eventId}`)]);

    // Later appends go out; the held stream's keep waiting behind its first event.
    const later = await append(store, a, 6);
    const stillHeld = await append(store, b, 2);
    await r.drain({ timeoutMs: 10_000 });
    expect(ids(to.accepted).slice(before.length + after.length)).toEqual([later.eventId]);
    expect((await quarantineRows(store)).map((q) => [q.event_id, q.reason])).toEqual([
      [bad.eventId, 'rejected'],
      [behindBad.eventId, 'held'],
      [stillHeld.eventId, 'held'],
    ]);
  });

  it('sets aside a row that does not decode, without sending it, and names the field only', async () => {
    const store = await freshStore();
    const good = await append(store, randomUUID(), 0);
    const broken = randomUUID();
    const streamId = randomUUID();
    await pool.query(
      `INSERT INTO "${store.schema}".events
         (event_id, stream_id, stream_version, type, schema_version, data, metadata)
       VALUES ($1, $2, 1, 'ComplaintRegistered', 1, '{}', $3)`,
      [
        broken,
        streamId,
        JSON.stringify({ ...toStoredMetadata(meta()), authtype: 'customer 13812345678' }),
      ],
    );
    const next = await append(store, randomUUID(), 0);
    const to = broker();
    const log = logger();
    const r = relay(store, to, { logger: log });

    await r.start();
    await r.drain({ timeoutMs: 10_000 });

    expect(ids(to.accepted)).toEqual([good.eventId, next.eventId]);
    expect(await quarantineRows(store)).toEqual([
      expect.objectContaining({
        event_id: broken,
        stream_id: streamId,
        reason: 'unreadable',
        error: 'malformed stored event: metadata.authtype is a string not allowed here',
      }),
    ]);
    expect(log.errors).toEqual([expect.stringContaining(`event ${broken}`)]);
    expect(log.errors.join()).not.toContain('13812345678');
  });

  it('publishes a released stream in order once the cause is fixed, then its new events', async () => {
    const store = await freshStore();
    const streamId = randomUUID();
    const bad = await append(store, streamId, 0, { large: true });
    const held = await append(store, streamId, 1);
    const other = await append(store, randomUUID(), 0);
    const to = broker(tooLarge);
    const r = relay(store, to);
    await r.start();
    await r.drain({ timeoutMs: 10_000 });
    expect(ids(to.accepted)).toEqual([other.eventId]);

    const admin = new OutboxAdmin(pool, store.schema);
    // Still refused: released, tried, and back in the quarantine with the event behind it.
    const sends = to.sends;
    expect((await admin.release({ eventId: bad.eventId })).applied).toBe(true);
    await eventually('the release request is answered', async () =>
      (await admin.quarantined()).every((q) => q.releaseRequestedAt === null),
    );
    expect(to.sends).toBeGreaterThan(sends);
    expect(ids(to.accepted)).toEqual([other.eventId]);
    expect((await admin.quarantined()).map((q) => [q.eventId, q.reason, q.attempts])).toEqual([
      [bad.eventId, 'rejected', 2],
      [held.eventId, 'held', 2],
    ]);

    to.refuses = () => false;
    const dryRun = await admin.release({ streamId }, { dryRun: true });
    expect(dryRun.events.map((e) => e.eventId)).toEqual([bad.eventId, held.eventId]);
    expect((await admin.quarantined()).every((q) => q.releaseRequestedAt === null)).toBe(true);
    await admin.release({ streamId });
    await eventually(
      'the released events are published and resolved',
      async () => r.status().released === 2 && (await admin.quarantined()).length === 0,
    );
    expect(ids(to.accepted)).toEqual([other.eventId, bad.eventId, held.eventId]);
    expect((await admin.quarantined({ includeResolved: true })).map((q) => q.resolution)).toEqual([
      'published',
      'published',
    ]);

    const next = await append(store, streamId, 2);
    await r.drain({ timeoutMs: 10_000 });
    expect(ids(to.accepted)).toEqual([other.eventId, bad.eventId, held.eventId, next.eventId]);
  });

  it('keeps retrying a failure that is not the events’ fault, setting nothing aside', async () => {
    const store = await freshStore();
    const events = [await append(store, randomUUID(), 0), await append(store, randomUUID(), 0)];
    const to = broker();
    to.down = true;
    const r = relay(store, to);
    await r.start();
    await eventually('three failed attempts', () => to.sends >= 3);
    expect(await quarantineRows(store)).toEqual([]);
    expect(await r.lag()).toBe(2);

    to.down = false;
    await r.drain({ timeoutMs: 10_000 });
    expect(ids(to.accepted)).toEqual(ids(events));
    expect(r.status().quarantined).toEqual({ rejected: 0, unreadable: 0, held: 0 });
  });

  it('keeps what a batch achieved before the broker went away mid-search', async () => {
    const store = await freshStore();
    const events = [];
    for (let i = 0; i < 8; i++)
      events.push(await append(store, randomUUID(), 0, { large: i === 6 }));
    const to = broker(tooLarge);
    let sends = 0;
    const log = logger();
    const r = relay(store, to, {
      logger: log,
      publish: async (batch) => {
        sends += 1;
        // The search publishes the first half, then the broker goes down.
        if (sends >= 3 && sends <= 4) throw new Error('broker unavailable');
        if (batch.some(tooLarge)) throw new Refused('message too large');
        to.accepted.push(...batch);
      },
    });
    await r.start();
    await r.drain({ timeoutMs: 10_000 });
    expect(log.errors.filter((m) => m.includes('broker unavailable'))).toHaveLength(2);
    const good = events.filter((e) => !tooLarge(e));
    // Every good event out, in order, the first half once: its checkpoint held across the outage.
    expect([...new Set(ids(to.accepted))]).toEqual(ids(good));
    expect(ids(to.accepted).slice(0, 4)).toEqual(ids(good.slice(0, 4)));
    expect(ids(to.accepted)).toHaveLength(good.length);
    expect((await quarantineRows(store)).map((q) => q.event_id)).toEqual([events[6]!.eventId]);
  });
});
