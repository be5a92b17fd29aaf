import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes } from 'kafkajs';
import { Pool } from 'pg';
import { SYSTEM_ACTOR } from '@redress/contracts';
import {
  EventStore,
  OutboxAdmin,
  eventStoreSchemaSql,
  type StoredEvent,
} from '@redress/event-store';
import { createKafka, OutboxPublisher } from '../src';
import { BROKERS, deleteGroups, deleteTopics, plainKafka, uniqueName, waitFor } from './support';

const adminUrl = new URL(
  process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
adminUrl.pathname = `/${process.env['REDRESS_TEST_DB'] ?? 'redress_test'}`;

const schema = `outbox_q_${randomUUID().slice(0, 8)}`;
const topic = uniqueName('test.outbox.quarantine');
/** Small, so that the test's oversized event stays small too. */
const MAX_MESSAGE_BYTES = 10_000;
let pool: Pool;
let store: EventStore;
const outboxes: OutboxPublisher[] = [];
const groups: string[] = [];

jest.setTimeout(90_000);

beforeAll(async () => {
  pool = new Pool({ connectionString: adminUrl.toString(), max: 4 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  for (const statement of eventStoreSchemaSql(schema)) await pool.query(statement);
  store = new EventStore(pool, schema, () => new Date());
});

afterAll(async () => {
  await Promise.all(outboxes.map((o) => o.stop()));
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  await deleteGroups(plainKafka(), groups);
  await deleteTopics(plainKafka(), [topic]);
});

function outbox(errors: string[]): OutboxPublisher {
  const publisher = new OutboxPublisher(
    createKafka({ brokers: BROKERS, clientId: uniqueName('outbox'), logger: () => undefined }),
    {
      pool,
      schema,
      topic: {
        topic,
        partitions: 3,
        replicationFactor: 1,
        configs: { 'max.message.bytes': String(MAX_MESSAGE_BYTES) },
      },
      logger: { log: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
      relay: { backoffInitialMs: 50, backoffMaxMs: 200, pollIntervalMs: 50, releaseCheckMs: 50 },
    },
  );
  outboxes.push(publisher);
  return publisher;
}

async function append(streamId: string, version: number, data: object = {}): Promise<StoredEvent> {
  const [event] = await store.transaction((tx) =>
    store.append(tx, streamId, version, [{ type: 'ComplaintAmended', schemaVersion: 1, data }], {
      source: '/redress/test',
      correlationId: randomUUID(),
      actor: SYSTEM_ACTOR,
    }),
  );
  return event!;
}

interface Seen {
  id: string;
  key: string;
  streamversion: number;
}

/** Reads the topic from the start until every id in `ids` was seen; returns all it read. */
async function readUntil(ids: readonly string[]): Promise<Seen[]> {
  const kafka = plainKafka();
  const groupId = uniqueName('test.outbox.reader');
  groups.push(groupId);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const seen: Seen[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value?.toString() ?? '{}') as {
          id: string;
          streamversion: number;
        };
        seen.push({
          id: envelope.id,
          key: message.key?.toString() ?? '',
          streamversion: envelope.streamversion,
        });
      },
    });
    await waitFor(`${ids.length} events on ${topic}`, () => {
      const found = new Set(seen.map((s) => s.id));
      return ids.every((id) => found.has(id));
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Each key's versions as first read: in order when the relay kept per-complaint order. */
function versionsByKey(seen: readonly Seen[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  const first = new Set<string>();
  for (const s of seen) {
    if (first.has(s.id)) continue;
    first.add(s.id);
    byKey.set(s.key, [...(byKey.get(s.key) ?? []), s.streamversion]);
  }
  return byKey;
}

describe('OutboxPublisher quarantine (real Kafka and Postgres)', () => {
  it('sets aside an event larger than the topic takes, publishes the good ones in order, goes on, and publishes it once released', async () => {
    const complaints: string[] = Array.from({ length: 6 }, () => randomUUID());
    const version = new Map(complaints.map((c) => [c, 0]));
    const next = async (c: string, data: object = {}) => {
      const v = version.get(c) ?? 0;
      version.set(c, v + 1);
      return append(c, v, data);
    };
    const good: StoredEvent[] = [];
    for (const c of complaints) good.push(await next(c));
    const [large] = complaints;
    const tooLarge = await next(large!, { description: 'x'.repeat(2 * MAX_MESSAGE_BYTES) });
    for (const c of complaints.slice(1)) good.push(await next(c));
    const behind = await next(large!);
    // A row that no longer decodes (edited by hand): set aside without being sent.
    const unreadable = randomUUID();
    await pool.query(
      `INSERT INTO ${schema}.events
         (event_id, stream_id, stream_version, type, schema_version, data, metadata)
       VALUES ($1, $2, 1, 'ComplaintAmended', 1, '{}', '{"source": "/redress/test"}')`,
      [unreadable, randomUUID()],
    );
    for (const c of complaints.slice(1)) good.push(await next(c));

    const errors: string[] = [];
    const publisher = outbox(errors);
    await publisher.start();
    await publisher.drain({ timeoutMs: 60_000 });

    const seen = await readUntil(good.map((e) => e.eventId));
    const ids = new Set(seen.map((s) => s.id));
    expect(ids.has(tooLarge.eventId)).toBe(false);
    expect(ids.has(behind.eventId)).toBe(false);
    expect(ids.has(unreadable)).toBe(false);
    for (const [key, versions] of versionsByKey(seen)) {
      expect([key, versions]).toEqual([key, [...versions].sort((a, b) => a - b)]);
    }
    const admin = new OutboxAdmin(pool, schema);
    expect(
      (await admin.quarantined()).map((q) => [q.eventId, q.reason, q.error.split(':')[0]]),
    ).toEqual([
      [tooLarge.eventId, 'rejected', `${topic} refused the record`],
      [behind.eventId, 'held', `waits behind ${tooLarge.eventId} of its stream`],
      [unreadable, 'unreadable', 'malformed stored event'],
    ]);
    expect(errors.filter((m) => m.includes(tooLarge.eventId))).toHaveLength(1);
    expect(publisher.status().quarantined).toEqual({ rejected: 1, unreadable: 1, held: 1 });
    expect(await publisher.lag()).toBe(0);

    // The producer that saw the refusal was replaced: later events reach every partition.
    const later: StoredEvent[] = [];
    for (const c of complaints.slice(1)) later.push(await next(c));
    await publisher.drain({ timeoutMs: 60_000 });
    await readUntil(later.map((e) => e.eventId));

    // The operator raises the topic's limit and releases the stream: it goes out, in order.
    const kafkaAdmin = plainKafka().admin();
    await kafkaAdmin.connect();
    try {
      await kafkaAdmin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: [{ name: 'max.message.bytes', value: String(4 * MAX_MESSAGE_BYTES) }],
          },
        ],
      });
    } finally {
      await kafkaAdmin.disconnect();
    }
    await admin.release({ streamId: large! });
    await waitFor('the released stream to be published', async () =>
      (await admin.quarantined()).every((q) => q.streamId !== large),
    );
    const after = await readUntil([tooLarge.eventId, behind.eventId]);
    expect(versionsByKey(after).get(large!)).toEqual([1, 2, 3]);
  });
});
