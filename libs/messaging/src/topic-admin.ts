import type { Admin, ITopicConfig } from 'kafkajs';
import { logicalName, physicalName, type KafkaClient } from './kafka-client';

export interface TopicSpec {
  topic: string;
  /** Default: the broker's `num.partitions`. */
  partitions?: number;
  /** Default: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** Topic configs; they override the defaults (`retention.ms=-1`). */
  configs?: Record<string, string>;
}

export interface EnsureTopicsOptions {
  /** How long to wait for creation and for every partition to have a leader. Default 30 s. */
  timeoutMs?: number;
}

/** CONTRACT.md: events are kept forever. */
export const DEFAULT_TOPIC_CONFIGS: Readonly<Record<string, string>> = { 'retention.ms': '-1' };

const LEADER_POLL_MS = 100;

/**
 * Creates the topics that do not exist yet and waits until every partition of every listed
 * topic has a leader, so a producer or consumer started right after can use them. An existing
 * topic is left as it is (its partitions and configs are not changed). Safe to run from many
 * processes at once: losing the creation race to another process counts as success.
 * Names are the contract's: the client's topic prefix is added here. Resolves to the names of
 * the topics this call created.
 */
export async function ensureTopics(
  kafka: KafkaClient,
  topics: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<string[]> {
  const specs = dedupe(topics).map((spec) => ({
    ...spec,
    topic: physicalName(kafka, spec.topic),
  }));
  if (specs.length === 0) return [];
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const admin = kafka.kafkajs.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const created: string[] = [];
    for (const spec of specs) {
      if (existing.has(spec.topic)) continue;
      if (await createTopic(admin, spec, timeoutMs)) created.push(spec.topic);
    }
    await waitForLeaders(
      admin,
      specs.map((spec) => spec.topic),
      deadline,
      timeoutMs,
    );
    if (created.length > 0) {
      kafka.log('info', 'created Kafka topics', { topics: created });
    }
    return created.map((topic) => logicalName(kafka, topic));
  } finally {
    await admin.disconnect();
  }
}

function dedupe(topics: readonly TopicSpec[]): TopicSpec[] {
  const byName = new Map<string, TopicSpec>();
  for (const spec of topics) {
    if (spec.topic.trim() === '') throw new Error('ensureTopics: a topic name is empty');
    assertPositiveInteger(spec.partitions, `partitions of ${spec.topic}`);
    assertPositiveInteger(spec.replicationFactor, `replicationFactor of ${spec.topic}`);
    if (byName.has(spec.topic)) throw new Error(`ensureTopics: ${spec.topic} is listed twice`);
    byName.set(spec.topic, spec);
  }
  return [...byName.values()];
}

function assertPositiveInteger(value: number | undefined, what: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new Error(`ensureTopics: ${what} must be a positive integer, got ${value}`);
  }
}

async function createTopic(admin: Admin, spec: TopicSpec, timeoutMs: number): Promise<boolean> {
  const configs = { ...DEFAULT_TOPIC_CONFIGS, ...spec.configs };
  const topic: ITopicConfig = {
    topic: spec.topic,
    numPartitions: spec.partitions ?? -1,
    replicationFactor: spec.replicationFactor ?? -1,
    configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
  };
  try {
    // false when another process created it between listTopics and here.
    return await admin.createTopics({ topics: [topic], waitForLeaders: false, timeout: timeoutMs });
  } catch (error: unknown) {
    throw new Error(`could not create Kafka topic ${spec.topic}: ${describe(error)}`, {
      cause: error,
    });
  }
}

async function waitForLeaders(
  admin: Admin,
  topics: string[],
  deadline: number,
  timeoutMs: number,
): Promise<void> {
  let lastProblem = 'no metadata yet';
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata
        .filter(
          (topic) =>
            topic.partitions.length === 0 ||
            topic.partitions.some((partition) => partition.leader < 0),
        )
        .map((topic) => topic.name);
      if (leaderless.length === 0) return;
      lastProblem = `no partition leader yet for ${leaderless.join(', ')}`;
    } catch (error: unknown) {
      // A topic just created can be unknown to the broker's metadata cache for a moment.
      if (!isRetriable(error)) throw error;
      lastProblem = describe(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Kafka topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${lastProblem}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LEADER_POLL_MS));
  }
}

/** kafkajs wraps the broker's error in retry errors; the root cause says whether to wait. */
export function isRetriable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    const { cause, retriable } = current as { cause?: unknown; retriable?: unknown };
    if (cause === undefined) return retriable === true;
    current = cause;
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
