import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@redress/contracts';
import { Kafka, logLevel, Partitioners, type KafkaMessage, type Message } from 'kafkajs';
import { deadLetterTopic, retryTopic } from '@redress/contracts';
import {
  EventConsumer,
  PoisonMessage,
  createKafka,
  parseBrokers,
  type EventConsumerOptions,
  type InboundMessage,
  type KafkaClient,
  type KafkaLogFn,
} from '../src';

export const BROKERS = parseBrokers(process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092');

/** Unique per test run and test, so runs in parallel and re-runs never meet. */
export function uniqueName(prefix = 'test.messaging'): string {
  return `${prefix}.${randomUUID().slice(0, 8)}`;
}

export interface LogLine {
  level: string;
  message: string;
  extra: Record<string, unknown>;
}

/** A client of the lib under test whose log lines the test can inspect. */
export function testKafka(lines: LogLine[] = [], topicPrefix = ''): KafkaClient {
  const logger: KafkaLogFn = (level, message, extra) => lines.push({ level, message, extra });
  return createKafka({
    brokers: BROKERS,
    clientId: uniqueName('messaging-test'),
    logger,
    topicPrefix,
  });
}

/** A plain kafkajs client, independent of the lib: what other tools would see. */
export function plainKafka(): Kafka {
  return new Kafka({
    brokers: BROKERS,
    clientId: 'messaging-test-plain',
    logLevel: logLevel.NOTHING,
  });
}

/** Polls until `probe` returns something other than undefined/false, or fails at the deadline. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function createTopic(kafka: Kafka, topic: string, partitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((topic) => existing.has(topic));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes the groups among `groupIds` that exist. A group that is gone by the time it is asked
 * (the broker drops an empty group once the topics it had offsets for are deleted) counts as
 * deleted.
 */
export async function deleteGroups(kafka: Kafka, groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const existing = new Set(groups.map((group) => group.groupId));
    const doomed = groupIds.filter((groupId) => existing.has(groupId));
    if (doomed.length > 0) await admin.deleteGroups(doomed).catch(unlessAllGone);
  } finally {
    await admin.disconnect();
  }
}

function unlessAllGone(error: unknown): void {
  const failures = (error as { groups?: Array<{ error?: { type?: string } }> }).groups;
  const allGone =
    failures !== undefined && failures.every((group) => group.error?.type === 'GROUP_ID_NOT_FOUND');
  if (!allGone) throw error;
}

export async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

export type ReadRecord = KafkaMessage & { partition: number };

/** Reads `count` records from the start of `topic` with a throw-away group. */
export async function readTopic(kafka: Kafka, topic: string, count: number): Promise<ReadRecord[]> {
  const groupId = uniqueName('test.reader');
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({ ...message, partition });
      },
    });
    await waitFor(`${count} records on ${topic}`, () => records.length >= count);
  } finally {
    await consumer.disconnect();
  }
  await deleteGroups(kafka, [groupId]);
  return records;
}

/** Records on `topic` in all, from its partitions' offsets. */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The group's committed offset per partition (-1 when nothing was committed). */
export async function committedOffsets(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<Record<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed: Record<number, number> = {};
    for (const { partition, offset } of result?.partitions ?? []) {
      committed[partition] = Number(offset);
    }
    return committed;
  } finally {
    await admin.disconnect();
  }
}

export function header(record: KafkaMessage, name: string): string | undefined {
  const value = record.headers?.[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined ? undefined : last.toString();
}

export function cloudEvent(
  subject: string,
  type = 'ComplaintRegistered',
  data: unknown = {},
): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/redress/intake',
    type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion: 1,
    correlationid: randomUUID(),
    authtype: 'system',
    authid: 'redress',
    data,
  };
}

export interface Fixtures {
  /** A topic of its own. */
  newTopic(partitions?: number): Promise<string>;
  /** A consumer group name of its own; its dead-letter and retry topics are deleted with it. */
  newGroup(): string;
  /** An EventConsumer, stopped after the test. */
  consumer(options: EventConsumerOptions, logs?: LogLine[]): EventConsumer;
}

/**
 * The topics, consumer groups and consumers of one test file: consumers are stopped after each
 * test, topics and groups deleted after the file. `companions` names other groups a group
 * brings along (such as its replay group), deleted with it.
 */
export function useFixtures(
  kafka: Kafka,
  companions: (groupId: string) => string[] = () => [],
): Fixtures {
  const topics: string[] = [];
  const groups: string[] = [];
  const consumers: EventConsumer[] = [];
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  });
  afterAll(async () => {
    await deleteGroups(kafka, groups);
    await deleteTopics(kafka, topics);
  });
  return {
    async newTopic(partitions = 1) {
      const topic = uniqueName();
      topics.push(topic);
      await createTopic(kafka, topic, partitions);
      return topic;
    },
    newGroup() {
      const groupId = uniqueName('test.messaging.group');
      topics.push(deadLetterTopic(groupId), retryTopic(groupId));
      groups.push(groupId, ...companions(groupId));
      return groupId;
    },
    consumer(options, logs) {
      const created = new EventConsumer(testKafka(logs), options);
      consumers.push(created);
      return created;
    },
  };
}

/** The sequence number `n` the tests put in each value; a value without one is a poison. */
export function seq(message: InboundMessage): number {
  const { value } = message;
  if (typeof value === 'object' && value !== null && 'n' in value && typeof value.n === 'number') {
    return value.n;
  }
  throw new PoisonMessage('value has no sequence number');
}
