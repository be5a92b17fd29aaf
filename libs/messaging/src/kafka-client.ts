import { accessSync, constants, readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
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
  /**
   * TLS to the brokers: `true` trusts the system's certificate authorities; an object adds
   * `ca` (PEM), for a cluster whose certificates its own CA signed (Strimzi's cluster CA).
   * Default: plaintext, as the local development broker.
   */
  ssl?: boolean | KafkaTlsOptions;
  /** SASL authentication (`KAFKA_SASL_*`). Default: none. */
  sasl?: KafkaSaslOptions;
}

export type KafkaTlsOptions = Pick<ConnectionOptions, 'ca' | 'servername' | 'rejectUnauthorized'>;

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export interface KafkaSaslOptions {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
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
    ...kafkajsSecurity(options),
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

/** The client's `ssl` and `sasl` as kafkajs takes them; credentials are checked, never logged. */
function kafkajsSecurity(options: KafkaClientOptions): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const security: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (options.ssl !== undefined && options.ssl !== false) {
    security.ssl = options.ssl === true ? true : { ...options.ssl };
  }
  if (options.sasl !== undefined) {
    const { mechanism, username, password } = options.sasl;
    if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new Error(
        `createKafka: SASL mechanism must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, got ${JSON.stringify(mechanism)}`,
      );
    }
    if (username === '' || password === '') {
      throw new Error('createKafka: SASL needs a non-empty username and password');
    }
    // kafkajs's union of mechanisms does not narrow from a variable; each member has this shape.
    security.sasl = { mechanism, username, password } as KafkaConfig['sasl'];
  }
  return security;
}

/**
 * A service's or a script's Kafka security variables (BaseServiceConfig of the platform,
 * docs/deployment.md "Kafka security"). `KAFKA_SSL` may still be the text of the variable.
 */
export interface KafkaSecuritySettings {
  KAFKA_SSL?: boolean | string;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SASL_MECHANISM?: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

/**
 * What is wrong with the Kafka security variables, one line per problem, each starting with the
 * variable to fix: a mechanism without its credentials (or credentials without a mechanism), an
 * unknown mechanism, a CA file without TLS or one that cannot be read. Empty when they are
 * usable, including when none is set (plaintext, no authentication).
 */
export function kafkaSecurityProblems(settings: KafkaSecuritySettings): string[] {
  const problems: string[] = [];
  const mechanism = blankToUndefined(settings.KAFKA_SASL_MECHANISM);
  const username = blankToUndefined(settings.KAFKA_SASL_USERNAME);
  const password = blankToUndefined(settings.KAFKA_SASL_PASSWORD);
  if (mechanism !== undefined) {
    if (!isSaslMechanism(mechanism.toLowerCase())) {
      problems.push(
        `KAFKA_SASL_MECHANISM: must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (any case)`,
      );
    }
    if (username === undefined) {
      problems.push('KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set');
    }
    if (password === undefined) {
      problems.push('KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set');
    }
  } else if (username !== undefined || password !== undefined) {
    problems.push(
      'KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (scram-sha-512 for the Strimzi cluster)',
    );
  }
  const ssl = parseSsl(settings.KAFKA_SSL);
  if (ssl === undefined) problems.push('KAFKA_SSL: must be true or false');
  const caFile = blankToUndefined(settings.KAFKA_SSL_CA_FILE);
  if (caFile !== undefined) {
    if (ssl === false) {
      problems.push('KAFKA_SSL_CA_FILE: is read only with KAFKA_SSL=true; set KAFKA_SSL=true too');
    }
    try {
      accessSync(caFile, constants.R_OK);
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`KAFKA_SSL_CA_FILE: cannot read ${caFile} (${code})`);
    }
  }
  return problems;
}

/**
 * The `ssl` and `sasl` options of `createKafka` from the Kafka security variables: the CA file
 * read, the mechanism in kafkajs's lower case. Throws an error listing `kafkaSecurityProblems`
 * when there are any. Nothing set: plaintext without authentication.
 */
export function kafkaSecurityOptions(
  settings: KafkaSecuritySettings,
): Pick<KafkaClientOptions, 'ssl' | 'sasl'> {
  const problems = kafkaSecurityProblems(settings);
  if (problems.length > 0) throw new Error(`Kafka security settings: ${problems.join('; ')}`);
  const options: Pick<KafkaClientOptions, 'ssl' | 'sasl'> = {};
  const caFile = blankToUndefined(settings.KAFKA_SSL_CA_FILE);
  if (parseSsl(settings.KAFKA_SSL) === true) {
    options.ssl = caFile === undefined ? true : { ca: [readFileSync(caFile, 'utf8')] };
  }
  const mechanism = blankToUndefined(settings.KAFKA_SASL_MECHANISM)?.toLowerCase();
  if (mechanism !== undefined && isSaslMechanism(mechanism)) {
    options.sasl = {
      mechanism,
      username: settings.KAFKA_SASL_USERNAME?.trim() ?? '',
      password: settings.KAFKA_SASL_PASSWORD ?? '',
    };
  }
  return options;
}

function isSaslMechanism(value: string): value is KafkaSaslMechanism {
  return (KAFKA_SASL_MECHANISMS as readonly string[]).includes(value);
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** false when unset; undefined when the text is neither true nor false. */
function parseSsl(value: boolean | string | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const word = value?.trim().toLowerCase() ?? '';
  if (['', 'false', '0', 'no', 'off'].includes(word)) return false;
  if (['true', '1', 'yes', 'on'].includes(word)) return true;
  return undefined;
}

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
