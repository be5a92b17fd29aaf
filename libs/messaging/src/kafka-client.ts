import { Kafka, type KafkaConfig } from 'kafkajs';
import {
  kafkajsLogCreator,
  stderrLogFn,
  toKafkaLogFn,
  toKafkajsLevel,
  withThreshold,
  type KafkaLogFn,
  type KafkaLogger,
  type KafkaLogLevel,
} from './logging';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  /** Least severe level that is logged, for kafkajs and this lib alike. Default `warn`. */
  logLevel?: KafkaLogLevel;
  /** Default: JSON lines on stderr. */
  logger?: KafkaLogFn | KafkaLogger;
  /** Default 3000 ms (kafkajs: 1000, too tight for a broker that is still starting). */
  connectionTimeoutMs?: number;
  /** Default 30000 ms. */
  requestTimeoutMs?: number;
  /**
   * Prefix of every topic and consumer group this client names (`KAFKA_TOPIC_PREFIX`), so that
   * environments sharing one cluster (development, tests, benchmarks) never see each other's
   * events. Empty in production, where CONTRACT.md's names stand. Callers always use the
   * contract's names; the lib adds the prefix on the way to Kafka and strips it on the way back.
   */
  topicPrefix?: string;
}

/**
 * A configured connection factory: producers, consumers and admin clients of this lib are made
 * from it. Only this lib looks inside; services pass it around.
 */
export interface KafkaClient {
  readonly clientId: string;
  readonly brokers: readonly string[];
  /** The sink kafkajs writes to, already filtered by `logLevel`. */
  readonly log: KafkaLogFn;
  /** Prefix of every topic and group name on the cluster; `''` for the contract's names. */
  readonly topicPrefix: string;
  /**
   * The kafkajs client underneath. An escape hatch for what this lib does not cover yet; code
   * that uses it is tied to kafkajs, which this lib exists to keep local.
   */
  readonly kafkajs: Kafka;
}

export function createKafka(options: KafkaClientOptions): KafkaClient {
  if (options.brokers.length === 0) throw new Error('createKafka needs at least one broker');
  if (options.clientId.trim() === '') throw new Error('createKafka needs a non-empty clientId');
  const topicPrefix = parseTopicPrefix(options.topicPrefix ?? '');
  const level = options.logLevel ?? 'warn';
  const log = withThreshold(toKafkaLogFn(options.logger ?? stderrLogFn), level);
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: toKafkajsLevel(level),
    logCreator: kafkajsLogCreator(log),
  };
  const client: KafkaClient = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    log,
    topicPrefix,
    kafkajs: new Kafka(config),
  };
  configs.set(client, config);
  return client;
}

const configs = new WeakMap<KafkaClient, KafkaConfig>();

/**
 * A kafkajs client with the same settings that never retries and gives up after `timeoutMs`:
 * kafkajs retries connections at the cluster level, whatever an admin client is told, which
 * would make a probe hang for half a minute while the broker is down.
 */
export function probeClient(kafka: KafkaClient, timeoutMs: number): Kafka {
  const config = configs.get(kafka) ?? { clientId: kafka.clientId, brokers: [...kafka.brokers] };
  return new Kafka({
    ...config,
    connectionTimeout: Math.min(config.connectionTimeout ?? timeoutMs, timeoutMs),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
}

/** Kafka's legal topic characters; the prefix becomes part of topic and group names. */
const TOPIC_PREFIX_PATTERN = /^[A-Za-z0-9._-]{0,100}$/;

/**
 * Checks a topic prefix (`KAFKA_TOPIC_PREFIX`): at most 100 of Kafka's legal topic characters
 * (letters, digits, `.`, `_`, `-`). Throws, naming the variable, otherwise.
 */
export function parseTopicPrefix(value: string, variable = 'KAFKA_TOPIC_PREFIX'): string {
  if (!TOPIC_PREFIX_PATTERN.test(value)) {
    throw new Error(
      `${variable} must be at most 100 letters, digits, '.', '_' or '-' (e.g. "test."), ` +
        `got ${JSON.stringify(value.slice(0, 120))}`,
    );
  }
  return value;
}

/** The name of a contract topic (or a consumer group) on the cluster this client talks to. */
export function physicalName(kafka: KafkaClient, name: string): string {
  return kafka.topicPrefix + name;
}

/**
 * The contract's name of a topic read from the cluster: the prefix stripped. A name outside
 * this client's namespace is returned as it is.
 */
export function logicalName(kafka: KafkaClient, name: string): string {
  return kafka.topicPrefix !== '' && name.startsWith(kafka.topicPrefix)
    ? name.slice(kafka.topicPrefix.length)
    : name;
}
