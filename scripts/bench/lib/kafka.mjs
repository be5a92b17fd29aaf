import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { waitUntil } from './wait.mjs';

// Kafka set-up shared by the benchmark parts. Topics of the benchmark's namespace outlive its
// runs: a consumer group of a run starts where they end, so it reads only that run's events.

/** Creates those of `topics` (full names) that do not exist yet, 3 partitions each. */
export async function ensureTopics(admin, topics) {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
    });
  }
}

/**
 * A topic created a moment ago answers for a moment that the broker does not lead its partitions
 * yet ("not the leader for that topic-partition"): asked again until it answers, up to 10 s.
 */
async function endOffsets(admin, topic) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

/** Commits `groupId`'s offsets at the current end of each of `topics`, which must exist. */
export async function startAtEnd(admin, groupId, topics) {
  for (const topic of topics) {
    const ends = await endOffsets(admin, topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
    });
  }
}

/** `startAtEnd` for one group, with an admin client of its own (topics created if missing). */
export async function startGroupAtEnd(brokers, groupId, topics) {
  const { Kafka, logLevel } = kafkajs;
  const admin = new Kafka({
    clientId: 'redress-bench-setup',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics);
    await startAtEnd(admin, groupId, topics);
  } finally {
    await admin.disconnect();
  }
}

/**
 * A plain consumer of `topic` (full name) from its current end, in a group of its own
 * (`groupId`), that does not commit: `onRecord(message, readAt)` per record, `readAt` on the
 * `performance.now()` scale. `kafka` is a kafkajs client, `admin` a connected admin of it;
 * `onCleanup` registers the stop with the run. Resolves once the group is joined.
 */
export async function readFromEnd({ kafka, admin, topic, groupId, onRecord, onCleanup }) {
  await startAtEnd(admin, groupId, [topic]);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.connect();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await consumer.disconnect();
  };
  onCleanup(stop);
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => onRecord(message, performance.now()),
  });
  await waitUntil(() => joined, 30_000, `the reader of ${topic} to join its group`);
  return { stop };
}
