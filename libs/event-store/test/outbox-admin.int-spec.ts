import { randomUUID } from 'node:crypto';
import {
  ConcurrencyConflict,
  EventStore,
  ForeignTransactionIds,
  OutboxAdmin,
  OutboxRelay,
  RelayRunning,
  type StoredEvent,
} from '../src';
import { eventually, meta, useRelayStores } from './support';

jest.setTimeout(20_000);

const { pool, relays, freshStore } = useRelayStores('es_admin');

/** A relay that records what it publishes; stopped after the test. */
async function startRelay(
  store: EventStore,
): Promise<{ relay: OutboxRelay; published: StoredEvent[] }> {
  const published: StoredEvent[] = [];
  const relay = new OutboxRelay({
    pool,
    schema: store.schema,
    publish: async (events) => void published.push(...events),
    pollIntervalMs: 20,
    standbyRetryMs: 20,
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
  });
  relays.push(relay);
  await relay.start();
  return { relay, published };
}

async function stopRelays(): Promise<void> {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
}

async function append(
  store: EventStore,
  streamId = randomUUID(),
  version = 0,
): Promise<StoredEvent> {
  const [event] = await store.transaction((tx) =>
    store.append(
      tx,
      streamId,
      version,
      [{ type: 'ComplaintAmended', schemaVersion: 1, data: {} }],
      meta(),
    ),
  );
  return event!;
}

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.eventId);

describe('OutboxAdmin.status', () => {
  it('tells where the relay stands, and which transaction holds events back', async () => {
    const store = await freshStore();
    const admin = new OutboxAdmin(pool, store.schema);
    const published = [await append(store), await append(store)];
    const { relay } = await startRelay(store);
    await relay.drain({ timeoutMs: 10_000 });

    const quiet = await admin.status();
    const last = published[1]!;
    expect(quiet).toMatchObject({
      checkpoint: { transactionId: last.transactionId, position: last.position },
      relay: { running: true },
      lastPosition: last.position,
      unpublished: 0,
      waiting: 0,
      heldBackBy: [],
      quarantine: { rejected: 0, unreadable: 0, held: 0 },
      problems: [],
    });
    expect(quiet.relay.pid).toEqual(expect.any(Number));

    const slow = await pool.connect();
    try {
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      const { rows } = await slow.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await append(store);
      const held = await admin.status();
      expect(held).toMatchObject({ unpublished: 1, waiting: 1 });
      expect(held.heldBackBy.map((t) => t.id)).toContain(String(rows[0]!.pid));
      expect(held.problems).toEqual([
        expect.stringMatching(/^1 event\(s\) wait for older transactions/),
      ]);
    } finally {
      await slow.query('ROLLBACK');
      slow.release();
    }
    await relay.drain({ timeoutMs: 10_000 });
    expect((await admin.status()).unpublished).toBe(0);
  });
});

describe('OutboxAdmin.reset', () => {
  it('refuses while a relay leads', async () => {
    const store = await freshStore();
    await append(store);
    const { relay } = await startRelay(store);
    await relay.drain({ timeoutMs: 10_000 });
    const before = await new OutboxAdmin(pool, store.schema).status();

    const attempt = new OutboxAdmin(pool, store.schema).reset({ toStart: true });
    await expect(attempt).rejects.toBeInstanceOf(RelayRunning);
    await expect(attempt).rejects.toMatchObject({ pid: before.relay.pid });
    expect((await new OutboxAdmin(pool, store.schema).status()).checkpoint).toEqual(
      before.checkpoint,
    );
  });

  it('moves the checkpoint back so that every event after a position goes out again', async () => {
    const store = await freshStore();
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await append(store));
    await (await startRelay(store)).relay.drain({ timeoutMs: 10_000 });
    await stopRelays();
    const admin = new OutboxAdmin(pool, store.schema);
    const end = (await admin.status()).checkpoint;

    const dryRun = await admin.reset({ toPosition: events[1]!.position }, { dryRun: true });
    expect(dryRun).toMatchObject({ republish: 3, skip: 0, applied: false });
    expect((await admin.status()).checkpoint).toEqual(end);

    const plan = await admin.reset({ toPosition: events[1]!.position });
    expect(plan).toMatchObject({
      from: { position: end.position },
      republish: 3,
      skip: 0,
      applied: true,
    });
    const { relay, published } = await startRelay(store);
    await relay.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toEqual(ids(events.slice(2)));
  });

  it('never leaves out an event after the position, even one that committed out of position order', async () => {
    const store = await freshStore();
    const first = await append(store);
    // The slow transaction takes its id first and its position last: relay order differs from
    // position order.
    const slow = await pool.connect();
    let late: StoredEvent;
    let early: StoredEvent;
    try {
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      early = await append(store);
      [late] = (await store.append(
        slow,
        randomUUID(),
        0,
        [{ type: 'ComplaintAmended', schemaVersion: 1, data: {} }],
        meta(),
      )) as [StoredEvent];
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    expect(late.position).toBeGreaterThan(early.position);
    await (await startRelay(store)).relay.drain({ timeoutMs: 10_000 });
    await stopRelays();

    // After `early`'s position only `late` was written, but the relay had published it before.
    const plan = await new OutboxAdmin(pool, store.schema).reset({ toPosition: early.position });
    const { relay, published } = await startRelay(store);
    await relay.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toContain(late.eventId);
    expect(ids(published)).not.toContain(first.eventId);
    expect(plan.republish).toBe(published.length);
  });

  it('passes unpublished events only when told to, never silently', async () => {
    const store = await freshStore();
    const old = [await append(store), await append(store), await append(store)];
    const admin = new OutboxAdmin(pool, store.schema);

    const refused = await admin.reset({ toEnd: true });
    expect(refused).toMatchObject({
      applied: false,
      skip: 3,
      skipPositions: { first: old[0]!.position, last: old[2]!.position },
      refused: expect.stringContaining('never published'),
    });
    const forward = await admin.reset({ toPosition: old[1]!.position });
    expect(forward).toMatchObject({ applied: false, skip: 2 });
    expect((await admin.status()).unpublished).toBe(3);

    // A new destination that must start from now, on purpose.
    expect(await admin.reset({ toEnd: true }, { skipUnpublished: true })).toMatchObject({
      applied: true,
      skip: 3,
    });
    const fresh = await append(store);
    const { relay, published } = await startRelay(store);
    await relay.drain({ timeoutMs: 10_000 });
    expect(ids(published)).toEqual([fresh.eventId]);
  });
});

describe('OutboxAdmin.rebase', () => {
  /** What dump and restore into a younger cluster leaves: every stored id from its future. */
  async function copyFromAnotherCluster(store: EventStore): Promise<void> {
    const shift = `(transaction_id::text::numeric + 3 * 4294967296)::text::xid8`;
    await pool.query(`UPDATE "${store.schema}".events SET transaction_id = ${shift}`);
    await pool.query(`UPDATE "${store.schema}".outbox_checkpoints SET transaction_id = ${shift}`);
  }

  it('repairs a store copied from another cluster: nothing published twice, nothing skipped', async () => {
    const store = await freshStore();
    const admin = new OutboxAdmin(pool, store.schema);
    const streamId = randomUUID();
    const published = [
      await append(store, streamId, 0),
      await append(store, streamId, 1),
      await append(store),
    ];
    await (await startRelay(store)).relay.drain({ timeoutMs: 10_000 });
    await stopRelays();
    const pending = await append(store);
    await copyFromAnotherCluster(store);

    // The symptoms: the stream cannot grow, new events are not published, resets are refused.
    await expect(append(store, streamId, 2)).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect((await admin.status()).problems).toEqual([
      expect.stringContaining('ahead of this cluster'),
    ]);
    await expect(admin.reset({ toStart: true })).rejects.toBeInstanceOf(ForeignTransactionIds);
    const writtenHere = await append(store);
    const stalled = await startRelay(store);
    const polls = stalled.relay.status().polls;
    await eventually(
      'the relay polled a few times',
      () => stalled.relay.status().polls >= polls + 3,
    );
    expect(stalled.published).toEqual([]);
    await expect(admin.rebase()).rejects.toBeInstanceOf(RelayRunning);
    await stopRelays();

    const dryRun = await admin.rebase({ dryRun: true });
    expect(dryRun).toMatchObject({ needed: true, events: 5, unpublished: 2, applied: false });
    const plan = await admin.rebase();
    expect(plan).toMatchObject({ needed: true, unpublished: 2, applied: true });
    expect(plan.checkpoints).toEqual([
      expect.objectContaining({
        name: 'outbox',
        to: { transactionId: '1', position: published[2]!.position },
      }),
    ]);
    expect((await admin.status()).problems).toEqual([]);

    const next = await append(store, streamId, 2);
    const { relay, published: after } = await startRelay(store);
    await relay.drain({ timeoutMs: 10_000 });
    expect(ids(after)).toEqual(ids([pending, writtenHere, next]));
    expect(ids(after)).not.toContain(published[0]!.eventId);
  });

  it('leaves a store of this cluster alone unless forced', async () => {
    const store = await freshStore();
    await append(store);
    const admin = new OutboxAdmin(pool, store.schema);
    const plan = await admin.rebase();
    expect(plan).toMatchObject({
      needed: false,
      applied: false,
      refused: expect.stringContaining('nothing to repair'),
    });
    const { rows } = await pool.query<{ small: boolean }>(
      `SELECT bool_and(transaction_id > '2'::xid8) AS small FROM "${store.schema}".events`,
    );
    expect(rows[0]!.small).toBe(true);
  });
});
