import {
  PoisonMessage,
  BatchEventConsumer,
  type BatchEventConsumerOptions,
  type KafkaClient,
} from '../src';
import {
  Projection,
  events,
  plain,
  prefixedKafka,
  publish,
  records,
  useNamespace,
  PREFIX,
} from './batch-support';
import { committedOffsets, header, readTopic, waitFor } from './support';

jest.setTimeout(120_000);

const ns = useNamespace();
const projections: Projection[] = [];
const consumers: BatchEventConsumer[] = [];
const FAST = { maxAttempts: 3, backoff: { initialMs: 10, maxMs: 50 } };

async function projection(): Promise<Projection> {
  const created = new Projection();
  await created.create();
  projections.push(created);
  return created;
}

function consumer(kafka: KafkaClient, options: BatchEventConsumerOptions): BatchEventConsumer {
  const created = new BatchEventConsumer(kafka, { ...FAST, ...options });
  consumers.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
});

afterAll(async () => {
  await Promise.all(projections.map((p) => p.drop()));
});

describe('BatchEventConsumer', () => {
  it('applies every record once in batches of at most maxBatchRecords, and caughtUp waits for the ends seen when called', async () => {
    const kafka = prefixedKafka();
    const topic = await ns.topic(3);
    const store = await projection();
    const sizes: number[] = [];
    const c = consumer(kafka, {
      groupId: ns.group(),
      topics: [topic],
      maxBatchRecords: 200,
      storedOffsets: store.storedOffsets,
      handleBatch: async (batch) => {
        sizes.push(batch.records.length);
        await store.apply(batch);
      },
    });
    await c.start();
    // Empty topics: caught up at once.
    await c.caughtUp({ timeoutMs: 30_000 });
    expect((await c.lag()).every((p) => p.lag === 0)).toBe(true);

    await publish(kafka, topic, records(events(3_000)));
    await c.caughtUp({ timeoutMs: 60_000 });

    expect(await store.counts()).toEqual({ applied: 3_000, distinct: 3_000 });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
    const lag = await c.lag();
    expect(lag.filter((p) => p.topic === topic).map((p) => p.lag)).toEqual([0, 0, 0]);
    expect(
      lag.filter((p) => p.topic === topic).reduce((sum, p) => sum + Number(p.nextOffset), 0),
    ).toBe(3_000);
    // Within a partition, events come in offset order (batches are contiguous and ordered).
    const { rows } = await store.pool.query<{
      partition: number;
      offset: string;
      batch_first: string;
    }>(
      `SELECT partition, "offset", batch_first FROM ${store.schema}.applied ORDER BY partition, "offset"`,
    );
    for (const row of rows) expect(BigInt(row.batch_first)).toBeLessThanOrEqual(BigInt(row.offset));
    // Kafka's committed offsets follow, for lag monitoring.
    await waitFor('Kafka commits to reach the stored offsets', async () => {
      const committed = await committedOffsets(plain, PREFIX + c.groupId, PREFIX + topic);
      return (
        Object.values(committed).reduce((sum, offset) => sum + Math.max(offset, 0), 0) === 3_000
      );
    });
  });

  it('killed between the database commit and the Kafka commit, it neither applies a record twice nor loses one', async () => {
    const kafka = prefixedKafka();
    const topic = await ns.topic(1);
    const groupId = ns.group();
    const store = await projection();
    await publish(kafka, topic, records(events(1_000)));

    let batches = 0;
    const first = consumer(kafka, {
      groupId,
      topics: [topic],
      maxBatchRecords: 100,
      storedOffsets: store.storedOffsets,
      handleBatch: store.apply,
    });
    store.afterCommit = (batch) => {
      batches += 1;
      if (batch.topic === topic && batches === 3) {
        // The process dies here: the batch's effects and offsets are in the database, Kafka
        // has not heard of them.
        void first.stop();
        throw new Error('killed after the database commit');
      }
    };
    await first.start();
    await waitFor('the first member to be stopped', () => first.state === 'stopped', 60_000);
    store.afterCommit = undefined;

    const stored = BigInt((await store.storedOffsets(topic, 0)) ?? '0');
    const committed = (await committedOffsets(plain, PREFIX + groupId, PREFIX + topic))[0] ?? -1;
    expect(stored).toBe(300n);
    // Group offsets alone would hand the third batch over again.
    expect(BigInt(committed)).toBeLessThan(stored);

    const second = consumer(kafka, {
      groupId,
      topics: [topic],
      maxBatchRecords: 100,
      storedOffsets: store.storedOffsets,
      handleBatch: store.apply,
    });
    await second.start();
    await second.caughtUp({ timeoutMs: 60_000 });
    expect(await store.counts()).toEqual({ applied: 1_000, distinct: 1_000 });
    expect(await store.numbers()).toEqual(Array.from({ length: 1_000 }, (_, n) => n));
    // The projection refuses a batch that does not start at its stored offset: none was retried.
    expect(second.stats()).toMatchObject({ retried: 0, deadLettered: 0, records: 700 });
  });

  it('starts from the stored offsets, not the group’s, when they are behind (a new projection version)', async () => {
    const kafka = prefixedKafka();
    const topic = await ns.topic(2);
    const groupId = ns.group();
    const old = await projection();
    await publish(kafka, topic, records(events(400)));
    const before = consumer(kafka, { groupId, topics: [topic], handleBatch: old.apply });
    await before.start();
    await before.caughtUp({ timeoutMs: 60_000 });
    await before.stop();

    // Same group, empty storage: nothing applied yet, so every partition starts at 0 even
    // though the group committed its ends and nothing new arrives.
    const fresh = await projection();
    const after = consumer(kafka, {
      groupId,
      topics: [topic],
      storedOffsets: fresh.storedOffsets,
      handleBatch: fresh.apply,
    });
    await after.start();
    await after.caughtUp({ timeoutMs: 60_000 });
    expect(await fresh.counts()).toEqual({ applied: 400, distinct: 400 });
  });

  it('dead-letters records that are not valid events and isolates the one its handler rejects; the rest is applied once', async () => {
    const lines: Array<{ level: string; message: string; extra: Record<string, unknown> }> = [];
    const kafka = prefixedKafka(lines);
    const topic = await ns.topic(1);
    const groupId = ns.group();
    const store = await projection();
    const list = events(20);
    const batch = records(list);
    const [poisoned] = events(1, 5);
    if (poisoned === undefined) throw new Error('no event');
    poisoned.data = { n: 5, poison: true };
    batch[3] = { key: list[3]?.subject ?? null, value: '{"not json' };
    batch[5] = records([poisoned])[0] as (typeof batch)[number];
    batch[8] = { key: 'another-complaint', value: JSON.stringify(list[8]) };
    await publish(kafka, topic, batch);

    const calls: number[][] = [];
    const c = consumer(kafka, {
      groupId,
      topics: [topic],
      storedOffsets: store.storedOffsets,
      handleBatch: async (b) => {
        calls.push(b.records.map((r) => Number(r.offset)));
        if (b.records.some((r) => (r.event.data as { poison?: boolean }).poison === true)) {
          throw new PoisonMessage('n 5 is poisoned');
        }
        await store.apply(b);
      },
    });
    await c.start();
    await c.caughtUp({ timeoutMs: 60_000 });

    const expected = Array.from({ length: 20 }, (_, n) => n).filter((n) => ![3, 5, 8].includes(n));
    expect(await store.numbers()).toEqual(expected);
    expect(await store.storedOffsets(topic, 0)).toBe('20');
    expect(c.stats()).toMatchObject({ deadLettered: 3, records: 17 });
    const dead = await readTopic(plain, PREFIX + c.deadLetterTopic, 3);
    expect(dead.map((r) => header(r, 'x-dlq-original-offset')).sort()).toEqual(['3', '5', '8']);
    expect(dead.map((r) => header(r, 'x-dlq-error-type')).sort()).toEqual([
      'PoisonMessage',
      'PoisonMessage',
      'PoisonMessage',
    ]);
    const bySource = new Map(
      dead.map((r) => [header(r, 'x-dlq-original-offset'), header(r, 'x-dlq-error')]),
    );
    expect(bySource.get('3')).toMatch(/not valid JSON/);
    expect(bySource.get('8')).toMatch(/Kafka key is "another-complaint"/);
    expect(bySource.get('5')).toBe('n 5 is poisoned');
    // The poisoned record's batch was cut down until it stood alone.
    expect(calls).toContainEqual([5]);
    expect(lines.some((line) => JSON.stringify(line).includes('"n":'))).toBe(false);
  });

  it('keeps every record applied once when a second member joins and partitions move (stored offsets)', async () => {
    const kafka = prefixedKafka();
    const topic = await ns.topic(4);
    const groupId = ns.group();
    const store = await projection();
    await publish(kafka, topic, records(events(4_000)));
    const options = {
      groupId,
      topics: [topic],
      maxBatchRecords: 25,
      storedOffsets: store.storedOffsets,
      handleBatch: store.apply,
    };
    const first = consumer(kafka, options);
    await first.start();
    await waitFor(
      'the first member to apply 400 records',
      async () => (await store.counts()).applied >= 400,
      60_000,
    );

    const second = consumer(kafka, options);
    await second.start();
    await second.joined(60_000);
    await publish(kafka, topic, records(events(2_000, 4_000)));
    await Promise.all([
      first.caughtUp({ timeoutMs: 90_000 }),
      second.caughtUp({ timeoutMs: 90_000 }),
    ]);

    expect(await store.counts()).toEqual({ applied: 6_000, distinct: 6_000 });
    expect(second.stats().records).toBeGreaterThan(0);
    const stats = [first.stats(), second.stats()];
    expect(stats.map((s) => s.deadLettered)).toEqual([0, 0]);
    // A batch applied twice would have failed the projection's stored-offset check: none did.
    expect(stats.map((s) => s.retried)).toEqual([0, 0]);
  });
});
