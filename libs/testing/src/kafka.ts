import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type IHeaders,
  type KafkaMessage,
} from 'kafkajs';
import { testConfig } from './config';
import { uniqueName } from './names';
import { waitFor } from './wait-for';

/** One record as read from a topic, decoded as UTF-8. */
export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  /** The value parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  headers: Record<string, string>;
  timestamp: string;
}

export interface KafkaOptions {
  /** Defaults to `testConfig().brokers`. */
  brokers?: string[];
  /**
   * Prefix of the topics and groups named here (`testConfig().topicPrefix`, the tests'
   * namespace, by default): helpers take the contract's names, as services do.
   */
  topicPrefix?: string;
}

function prefixOf(options: KafkaOptions): string {
  return options.topicPrefix ?? testConfig().topicPrefix;
}

/** The names on the cluster of `names` in the options' namespace. */
function onCluster(names: string[], options: KafkaOptions): string[] {
  const prefix = prefixOf(options);
  return names.map((name) => prefix + name);
}

function kafkaClient(clientId: string, options: KafkaOptions): Kafka {
  return new Kafka({
    clientId,
    brokers: options.brokers ?? testConfig().brokers,
    // Failures reach the test as rejections or as the reader's crash, not as console noise.
    logLevel: logLevel.NOTHING,
  });
}

async function withAdmin<T>(options: KafkaOptions, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient(uniqueName('test-admin'), options).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates topics that do not exist yet (1 partition, 1 replica unless told otherwise). */
export async function createTopics(
  topics: string[],
  options: KafkaOptions & { partitions?: number; replicationFactor?: number } = {},
): Promise<void> {
  await withAdmin(options, async (admin) => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: onCluster(topics, options).map((topic) => ({
        topic,
        numPartitions: options.partitions ?? 1,
        replicationFactor: options.replicationFactor ?? 1,
      })),
    });
  });
}

/** Deletes the topics that exist among `topics`; the others are ignored. */
export async function deleteTopics(topics: string[], options: KafkaOptions = {}): Promise<void> {
  await withAdmin(options, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const doomed = onCluster(topics, options).filter((topic) => existing.has(topic));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed, timeout: 10_000 });
  });
}

/** CloudEvents' structured mode over Kafka (CONTRACT.md "Kafka"), as the platform writes it. */
const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/**
 * Writes events to a topic with a plain kafkajs producer, as another service would publish
 * them: the whole CloudEvent as the value, keyed by its `subject` (the complaint), with the
 * CloudEvents content type. Returns once the broker acknowledged them all.
 */
export async function publishEvents(
  topic: string,
  events: ReadonlyArray<{ subject: string }>,
  options: KafkaOptions = {},
): Promise<void> {
  const producer = kafkaClient(uniqueName('test-publisher'), options).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: prefixOf(options) + topic,
      acks: -1,
      messages: events.map((event) => ({
        key: event.subject,
        value: JSON.stringify(event),
        headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Commits, for a consumer group that has no member yet, the current end of every partition of
 * `topics`: the group's first member then reads only what is written from now on. Unlike
 * "latest" offsets, resolved only after the member joined, nothing written in between is
 * missed. For services under test that share long-lived topics with earlier runs.
 */
export async function startGroupAtEnd(
  groupId: string,
  topics: string[],
  options: KafkaOptions = {},
): Promise<void> {
  // A topic created a moment before answers for a moment that the broker is not yet the
  // leader of its partitions: asked again until it answers.
  const ends = await withAdmin(options, async (admin) => {
    const found = new Map<string, Array<{ partition: number; high: string }>>();
    for (const topic of onCluster(topics, options)) {
      found.set(
        topic,
        await waitFor(() => admin.fetchTopicOffsets(topic), {
          description: `the end offsets of ${topic}`,
          timeoutMs: 30_000,
          intervalMs: 200,
        }),
      );
    }
    return found;
  });
  // A new broker's group coordinator answers "loading" for a while: tried again until it joins.
  await waitFor(
    async () => {
      await commitAsMember(kafkaClient(groupId, options), prefixOf(options) + groupId, ends);
      return true;
    },
    {
      description: `the ends of ${topics.join(', ')} to be committed for ${groupId}`,
      timeoutMs: 30_000,
      intervalMs: 200,
    },
  );
}

/**
 * Joins `groupId` with one short-lived member that seeks every partition to `offsets` and
 * leaves, committing them. kafkajs' `admin.setOffsets` does the same for one topic, but waits
 * out a five-second fetch each time; a member of all the topics at once with a short fetch wait
 * takes a fraction of a second.
 */
async function commitAsMember(
  kafka: Kafka,
  groupId: string,
  offsets: ReadonlyMap<string, ReadonlyArray<{ partition: number; high: string }>>,
): Promise<void> {
  const topics = [...offsets.keys()];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
      // Nothing is read: every partition is paused, and the seeks are committed on stop.
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
      for (const [topic, partitions] of offsets) {
        for (const { partition, high } of partitions)
          consumer.seek({ topic, partition, offset: high });
      }
    });
    await consumer.stop();
  } finally {
    await consumer.disconnect();
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) decoded[name] = value.toString();
  }
  return decoded;
}

function parseJson(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A record as the tests see it: decoded, its topic named without the namespace. */
function readMessage(
  prefix: string,
  topic: string,
  partition: number,
  message: KafkaMessage,
): ReadMessage {
  const value = message.value?.toString('utf8') ?? null;
  return {
    topic: topic.startsWith(prefix) ? topic.slice(prefix.length) : topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value,
    json: parseJson(value),
    headers: decodeHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

export interface TopicReaderOptions extends KafkaOptions {
  /** How long `start` waits for a topic that does not exist yet. */
  topicTimeoutMs?: number;
  /**
   * `beginning` (the default) reads every record the topics hold; `end` only those written
   * after `start` resolves, for topics shared with earlier runs.
   */
  startAt?: 'beginning' | 'end';
}

/**
 * Reads topics with a plain kafkajs consumer in a group of its own, the way any other consumer
 * of Redress events would, and collects every record.
 */
export class TopicReader {
  private readonly received: ReadMessage[] = [];
  private crash: Error | undefined;

  private constructor(
    readonly topics: string[],
    private readonly consumer: Consumer,
  ) {}

  static async start(
    topics: string | string[],
    options: TopicReaderOptions = {},
  ): Promise<TopicReader> {
    const list = Array.isArray(topics) ? topics : [topics];
    const physical = onCluster(list, options);
    const prefix = prefixOf(options);
    const timeoutMs = options.topicTimeoutMs ?? 15_000;
    const groupId = uniqueName('test-reader');
    await withAdmin(options, async (admin) => {
      await waitFor(
        async () => {
          const existing = new Set(await admin.listTopics());
          return physical.every((topic) => existing.has(topic));
        },
        { description: `topic(s) ${list.join(', ')} to exist`, timeoutMs, intervalMs: 100 },
      );
    });
    if (options.startAt === 'end') await startGroupAtEnd(groupId, list, options);

    const consumer = kafkaClient(groupId, options).consumer({
      groupId: prefix + groupId,
      maxWaitTimeInMs: 250,
    });
    const reader = new TopicReader(list, consumer);
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      reader.crash = event.payload.error;
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: physical, fromBeginning: true });
      // No offsets are committed: the group is forgotten once the reader stops.
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          reader.received.push(readMessage(prefix, topic, partition, message));
        },
      });
      // A crash ends the wait at once rather than at the deadline.
      await waitFor(() => joined || reader.crash, {
        description: `the reader of ${list.join(', ')} to join its consumer group`,
        timeoutMs: 30_000,
      });
      if (reader.crash) throw reader.crash;
    } catch (error) {
      await consumer.disconnect();
      throw error;
    }
    return reader;
  }

  /** Everything read so far, in arrival order. */
  get messages(): readonly ReadMessage[] {
    return this.received;
  }

  /**
   * Resolves with the first `count` messages that satisfy `predicate` once they have been
   * read; rejects after `timeoutMs` saying how many were seen.
   */
  async waitForMessages(
    predicate: (message: ReadMessage) => boolean = () => true,
    count = 1,
    timeoutMs = 15_000,
  ): Promise<ReadMessage[]> {
    let found: ReadMessage[] | Error;
    try {
      found = await waitFor(
        () => {
          if (this.crash) return this.crash;
          const matching = this.received.filter(predicate);
          return matching.length >= count ? matching.slice(0, count) : undefined;
        },
        {
          description: `${count} matching message(s) on ${this.topics.join(', ')}`,
          timeoutMs,
          intervalMs: 20,
        },
      );
    } catch (error) {
      const matching = this.received.filter(predicate).length;
      throw new Error(
        `${error instanceof Error ? error.message : String(error)} ` +
          `(read ${this.received.length} message(s), ${matching} matching)`,
        { cause: error },
      );
    }
    if (found instanceof Error) throw found;
    return found;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/**
 * Every topic of the namespace (`testConfig().topicPrefix` by default) as the contract names it:
 * the services' topics, dead-letter and retry topics, whatever earlier tests left.
 */
export async function namespaceTopics(options: KafkaOptions = {}): Promise<string[]> {
  const prefix = prefixOf(options);
  return withAdmin(options, async (admin) =>
    (await admin.listTopics())
      .filter((topic) => topic.startsWith(prefix))
      .map((topic) => topic.slice(prefix.length))
      .sort(),
  );
}

/**
 * Reads every record the topics hold, from offset 0 to their end as it is when called, and
 * hands each to `visit` without keeping it (topics may hold more than memory should). Resolves
 * with the number of records read.
 */
export async function readTopicsToEnd(
  topics: string[],
  visit: (message: ReadMessage) => void,
  options: KafkaOptions & { timeoutMs?: number } = {},
): Promise<number> {
  const prefix = prefixOf(options);
  const ends = await withAdmin(options, async (admin) => {
    const found = new Map<string, bigint>();
    for (const topic of onCluster(topics, options)) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) found.set(`${topic}/${partition}`, BigInt(high));
      }
    }
    return found;
  });
  if (ends.size === 0) return 0;
  const groupId = uniqueName('test-scan');
  const consumer = kafkaClient(groupId, options).consumer({
    groupId: prefix + groupId,
    maxWaitTimeInMs: 250,
  });
  const remaining = new Set(ends.keys());
  let read = 0;
  let crash: Error | undefined;
  consumer.on(consumer.events.CRASH, (event) => {
    crash = event.payload.error;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: onCluster(topics, options), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const at = `${topic}/${partition}`;
        const end = ends.get(at);
        if (end === undefined || BigInt(message.offset) >= end) return;
        visit(readMessage(prefix, topic, partition, message));
        read += 1;
        if (BigInt(message.offset) + 1n >= end) remaining.delete(at);
      },
    });
    await waitFor(() => crash ?? remaining.size === 0, {
      description: `every record of ${topics.join(', ')} (${remaining.size} partition(s) left)`,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    if (crash) throw crash;
  } finally {
    await consumer.disconnect();
  }
  return read;
}

/**
 * Waits until consumer group `groupId` (named as services name it, without the namespace) has
 * committed the end of every partition of `topics`: it has handled everything written so far.
 */
export async function waitForGroupCaughtUp(
  groupId: string,
  topics: string[],
  options: KafkaOptions & { timeoutMs?: number } = {},
): Promise<void> {
  const group = prefixOf(options) + groupId;
  await withAdmin(options, async (admin) => {
    const physical = onCluster(topics, options);
    const ends = new Map<string, string>();
    for (const topic of physical) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        ends.set(`${topic}/${partition}`, high);
      }
    }
    await waitFor(
      async () => {
        const committed = await admin.fetchOffsets({ groupId: group, topics: physical });
        return committed.every(({ topic, partitions }) =>
          partitions.every(({ partition, offset }) => {
            const end = BigInt(ends.get(`${topic}/${partition}`) ?? '0');
            return end === 0n || (offset !== '-1' && BigInt(offset) >= end);
          }),
        );
      },
      {
        description: `consumer group ${groupId} to handle everything on ${topics.join(', ')}`,
        timeoutMs: options.timeoutMs ?? 60_000,
        intervalMs: 200,
      },
    );
  });
}
