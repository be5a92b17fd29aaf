import { randomUUID } from 'node:crypto';
import { TopicReplay, physicalName, replayTopics, type ReplayProgress } from '../src';
import {
  PREFIX,
  events,
  plain,
  prefixedKafka,
  publish,
  records,
  useNamespace,
} from './batch-support';
import { deleteGroups } from './support';

jest.setTimeout(300_000);

const ns = useNamespace();

/**
 * How fast a bare kafkajs consumer reads `total` records of `topic` from the start: eachBatch,
 * nothing parsed, the same fetch settings as the replay's defaults.
 */
async function bareRead(topic: string, total: number): Promise<number> {
  const groupId = `${PREFIX}messaging.bare.${randomUUID().slice(0, 8)}`;
  const consumer = plain.consumer({
    groupId,
    maxBytesPerPartition: 10 * 1024 * 1024,
    maxBytes: 50 * 1024 * 1024,
    minBytes: 1,
    maxWaitTimeInMs: 100,
  });
  let read = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const started = Date.now();
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      read += batch.messages.length;
      if (read >= total) done();
    },
  });
  await finished;
  const elapsed = Date.now() - started;
  await consumer.disconnect();
  await deleteGroups(plain, [groupId]);
  return Math.round((total * 1000) / elapsed);
}

describe('TopicReplay', () => {
  it('replays ~100,000 events from offset 0 to the ends seen at start, in partition order, and reports its rate beside a bare kafkajs consumer', async () => {
    const kafka = prefixedKafka();
    const topic = await ns.topic(3);
    const total = 100_000;
    await publish(kafka, topic, records(events(total, 0, 5_000)));
    // Written after the replay started: not part of it.
    const late = records(events(500, total));

    const bareRate = await bareRead(physicalName(kafka, topic), total);

    const lastOffset = new Map<number, bigint>();
    let outOfOrder = 0;
    let count = 0;
    const seen: ReplayProgress[] = [];
    const replay = new TopicReplay(kafka, {
      name: 'messaging.replay-test',
      topics: [topic],
      onProgress: (progress) => seen.push(progress),
      handleBatch: async (batch) => {
        for (const record of batch.records) {
          const offset = BigInt(record.offset);
          if (offset <= (lastOffset.get(batch.partition) ?? -1n)) outOfOrder += 1;
          lastOffset.set(batch.partition, offset);
        }
        count += batch.records.length;
      },
    });
    await replay.start();
    await publish(kafka, topic, late);
    const result = await replay.done();

    // Figures for the benchmark of issue 13: printed, not asserted (they depend on the machine).
    console.log(
      `replay of ${total} events: ${result.eventsPerSecond} events/s reading ` +
        `(${result.readingMs} ms; ${result.durationMs} ms with planning and joining); ` +
        `bare kafkajs eachBatch: ${bareRate} records/s; ratio ` +
        `${(result.eventsPerSecond / bareRate).toFixed(2)}`,
    );
    expect(count).toBe(total);
    expect(outOfOrder).toBe(0);
    expect(result).toMatchObject({ records: total, progress: { read: total, total, fraction: 1 } });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual({ read: total, total, fraction: 1 });
    expect(result.eventsPerSecond).toBeGreaterThan(0);
  });

  it('starts at the given offsets, follows new records, and caughtUp waits for the ends seen when called', async () => {
    const kafka = prefixedKafka();
    const topic = await ns.topic(2);
    const empty = await ns.topic(1);
    await publish(kafka, topic, records(events(200)));
    const seen: number[] = [];
    const replay = new TopicReplay(kafka, {
      name: 'messaging.follow-test',
      topics: [topic, empty],
      follow: true,
      startOffsets: async (t, partition) => (t === topic && partition === 0 ? '30' : undefined),
      handleBatch: async (batch) => {
        for (const record of batch.records) seen.push((record.event.data as { n: number }).n);
      },
    });
    try {
      await replay.start();
      await replay.caughtUp({ timeoutMs: 60_000 });
      const lags = await replay.lag();
      expect(lags.every((p) => p.lag === 0)).toBe(true);
      const first = lags.find((p) => p.topic === topic && p.partition === 0);
      expect(seen).toHaveLength(200 - 30);
      expect(replay.progress()).toMatchObject({ read: 170, total: 170 });

      await publish(kafka, topic, records(events(50, 200)));
      await replay.caughtUp({ timeoutMs: 60_000 });
      expect(seen).toHaveLength(220);
      expect(first?.nextOffset).toBeDefined();
    } finally {
      await replay.stop();
    }
    await expect(replay.done()).resolves.toMatchObject({ records: 220 });
  });

  it('ends at once for empty topics, and passes over invalid records without a dead-letter group', async () => {
    const lines: Array<{ level: string; message: string; extra: Record<string, unknown> }> = [];
    const kafka = prefixedKafka(lines);
    const empty = await ns.topic(2);
    await expect(
      replayTopics(kafka, {
        name: 'messaging.empty-test',
        topics: [empty],
        handleBatch: async () => undefined,
      }),
    ).resolves.toMatchObject({ records: 0, progress: { read: 0, total: 0, fraction: 1 } });

    const topic = await ns.topic(1);
    const batch = records(events(10));
    batch[4] = { key: 'x', value: 'not json' };
    await publish(kafka, topic, batch);
    const offsets: string[] = [];
    const result = await replayTopics(kafka, {
      name: 'messaging.invalid-test',
      topics: [topic],
      handleBatch: async (b) => void offsets.push(...b.records.map((r) => r.offset)),
    });
    expect(offsets).toEqual(['0', '1', '2', '3', '5', '6', '7', '8', '9']);
    expect(result).toMatchObject({ records: 9, skippedInvalid: 1, deadLettered: 0 });
    expect(
      lines.some((line) => line.message === 'passed over a record that is not a valid event'),
    ).toBe(true);
  });
});
