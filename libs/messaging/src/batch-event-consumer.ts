import { deadLetterTopic, retryTopic, type CloudEvent } from '@redress/contracts';
import { isDatabaseUnavailable } from '@redress/event-store';
import {
  Partitioners,
  type Admin,
  type Consumer,
  type ConsumerCrashEvent,
  type ConsumerGroupJoinEvent,
  type Producer,
} from 'kafkajs';
import { retryDelay, type BackoffOptions } from './backoff';
import {
  BatchEngine,
  type BatchContext,
  type BatchCounters,
  type BatchHandler,
} from './batch-engine';
import { envelopeOnly, type EventParser } from './batch-records';
import { describeError } from './dead-letter';
import { logicalName, physicalName, type KafkaClient } from './kafka-client';
import { toKafkaLogFn, type KafkaLogFn, type KafkaLogger } from './logging';
import { lagOf, partitionKey, partitionsBehind, type PartitionLag } from './partition-lag';
import { ensureTopics } from './topic-admin';

/** kafkajs fetch settings, for throughput (replays) or latency (live consumption). */
export interface FetchTuning {
  /** Most bytes one fetch returns per partition. */
  maxBytesPerPartition?: number;
  /** Most bytes one fetch returns in all. */
  maxBytes?: number;
  /** The broker answers once it has this many bytes, or after `maxWaitTimeInMs`. */
  minBytes?: number;
  maxWaitTimeInMs?: number;
}

export interface BatchEventConsumerOptions<T = CloudEvent> {
  /** The contract's name of the group; the client's topic prefix is added on the cluster. */
  groupId: string;
  /** The contract's topic names. The group's retry topic is read as well. */
  topics: readonly string[];
  /**
   * Applies one batch, all or nothing (one database transaction). Resolving marks every offset
   * of the batch done; throwing retries the batch with back-off (see README, "Batch consumers").
   */
  handleBatch: BatchHandler<T>;
  /** Validates a checked envelope into what the handler gets; null ignores it. Default: as is. */
  parse?: EventParser<T>;
  /**
   * Transactional offsets: where the service's own storage says each partition continues (the
   * `nextOffset` it wrote with the effects of its last batch), or undefined when it has applied
   * nothing of that partition (it then starts at the beginning, or the end without
   * `fromBeginning`). Asked on every assignment; the group's committed offsets are then only a
   * metric. Without it, the group's committed offsets say where to start.
   */
  storedOffsets?: (topic: string, partition: number) => Promise<string | undefined>;
  /** Most records per handler call. Default 1 000. */
  maxBatchRecords?: number;
  /** Most bytes (keys and values) per handler call, at least one record. Default 4 MiB. */
  maxBatchBytes?: number;
  /** Failed calls of one batch before it is cut in two, down to one record dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Default: the event store's `isDatabaseUnavailable`; such failures are retried, never counted. */
  isOutage?: (error: unknown) => boolean;
  /** Default 200 ms doubling to 5 000 ms, with jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Where a partition without an offset starts. Default true (the beginning). */
  fromBeginning?: boolean;
  /** Partitions handled at the same time, each in order. Default 3. */
  partitionsConsumedConcurrently?: number;
  fetch?: FetchTuning;
  /** Partitions and replication of the dead-letter and retry topics, if they must be created. */
  deadLetter?: { partitions?: number; replicationFactor?: number };
  /** Offsets are committed to Kafka after every fetched batch and at most this often within one. */
  commitIntervalMs?: number;
  logger?: KafkaLogFn | KafkaLogger;
  /** Injected clock for `x-dlq-failed-at`. */
  now?: () => Date;
}

export type BatchConsumerState = 'idle' | 'running' | 'restarting' | 'stopping' | 'stopped';

export interface BatchConsumerStats extends BatchCounters {
  crashes: number;
}

const RELAUNCH_DELAY_MS = { initialMs: 1_000, maxMs: 30_000 };
const START_RETRY = { initialMs: 200, maxMs: 5_000 };
const CAUGHT_UP_POLL_MS = 100;

/**
 * A consumer-group member that hands the service batches of one partition's records at a time,
 * in order, checked as CloudEvents, for one database transaction per batch (FIELD-NOTES: the
 * fast path). With `storedOffsets` the service's storage, not the group, says where each
 * partition continues, so a batch's effects and its offsets commit together and no record is
 * applied twice or skipped, whatever the crash point. `lag()` and `caughtUp()` say how far the
 * member is from the ends of its partitions.
 */
export class BatchEventConsumer<T = CloudEvent> {
  readonly groupId: string;
  /** `complaints.dlq.<groupId>` (the contract's name; prefixed on the cluster). */
  readonly deadLetterTopic: string;
  /** `complaints.retry.<groupId>`: where a replay sends this group's dead letters. */
  readonly retryTopic: string;
  private readonly topics: readonly string[];
  private readonly storedOffsets:
    ((topic: string, partition: number) => Promise<string | undefined>) | undefined;
  private readonly fromBeginning: boolean;
  private readonly concurrency: number;
  private readonly fetch: FetchTuning;
  private readonly commitIntervalMs: number;
  private readonly deadLetterSpec: { partitions?: number; replicationFactor?: number };
  private readonly log: KafkaLogFn;
  private readonly engine: BatchEngine<T>;
  private readonly dlqProducer: Producer;
  private readonly admin: Admin;
  private consumer: Consumer | undefined;
  private currentState: BatchConsumerState = 'idle';
  private stopped: Promise<void> | undefined;
  private relaunchTimer: NodeJS.Timeout | undefined;
  private relaunches = 0;
  private crashes = 0;
  /** Partitions assigned to this member (contract names), once it joined. */
  private assignment: Array<{ topic: string; partition: number }> | undefined;
  /** Where each assigned partition starts, per assignment (stored offsets or the group's). */
  private readonly starts = new Map<string, Promise<bigint>>();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly kafka: KafkaClient,
    options: BatchEventConsumerOptions<T>,
  ) {
    if (options.groupId.trim() === '') throw new Error('BatchEventConsumer needs a groupId');
    if (options.topics.length === 0) throw new Error('BatchEventConsumer needs at least one topic');
    this.groupId = options.groupId;
    this.deadLetterTopic = deadLetterTopic(options.groupId);
    this.retryTopic = retryTopic(options.groupId);
    if (options.topics.includes(this.retryTopic)) {
      throw new Error(`BatchEventConsumer: ${this.retryTopic} is read anyway; do not list it`);
    }
    this.topics = [...options.topics];
    this.storedOffsets = options.storedOffsets;
    this.fromBeginning = options.fromBeginning ?? true;
    this.concurrency = positiveInteger(
      options.partitionsConsumedConcurrently ?? 3,
      'partitionsConsumedConcurrently',
    );
    this.fetch = { maxWaitTimeInMs: 1_000, ...options.fetch };
    this.commitIntervalMs = options.commitIntervalMs ?? 5_000;
    this.deadLetterSpec = options.deadLetter ?? {};
    this.log = options.logger === undefined ? kafka.log : toKafkaLogFn(options.logger);
    this.dlqProducer = kafka.kafkajs.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = kafka.kafkajs.admin();
    const now = options.now ?? (() => new Date());
    this.engine = new BatchEngine<T>({
      kafka,
      name: options.groupId,
      log: this.log,
      handleBatch: options.handleBatch,
      parse: options.parse ?? (envelopeOnly as unknown as EventParser<T>),
      maxBatchRecords: positiveInteger(options.maxBatchRecords ?? 1_000, 'maxBatchRecords'),
      maxBatchBytes: positiveInteger(options.maxBatchBytes ?? 4 * 1024 * 1024, 'maxBatchBytes'),
      maxAttempts: positiveInteger(options.maxAttempts ?? 5, 'maxAttempts'),
      backoff: {
        initialMs: options.backoff?.initialMs ?? 200,
        maxMs: options.backoff?.maxMs ?? 5_000,
      },
      isOutage: options.isOutage ?? isDatabaseUnavailable,
      traceRecords: true,
      deadLetter: {
        groupId: options.groupId,
        topic: this.deadLetterTopic,
        producer: this.dlqProducer,
        now,
      },
      retry: { groupId: options.groupId, topic: this.retryTopic },
    });
  }

  get state(): BatchConsumerState {
    return this.currentState;
  }

  stats(): BatchConsumerStats {
    return { ...this.engine.counters, crashes: this.crashes };
  }

  /**
   * Creates the dead-letter and retry topics if needed, joins the group and starts consuming.
   * The subscribed topics must exist (`ensureTopics`).
   */
  async start(): Promise<void> {
    if (this.currentState !== 'idle' && this.currentState !== 'stopped') {
      throw new Error(`batch consumer ${this.groupId} is already ${this.currentState}`);
    }
    this.currentState = 'running';
    try {
      await ensureTopics(this.kafka, [
        { topic: this.deadLetterTopic, ...this.deadLetterSpec },
        { topic: this.retryTopic, ...this.deadLetterSpec },
      ]);
      await this.admin.connect();
      await this.dlqProducer.connect();
      if (!this.stopping) await this.launch();
    } catch (error: unknown) {
      this.currentState = 'stopping';
      await this.closeConnections();
      this.currentState = 'stopped';
      throw error;
    }
  }

  /** Resolves once this member has its partitions; rejects after `timeoutMs`. */
  async joined(timeoutMs = 60_000): Promise<void> {
    await this.until(
      () => this.assignment !== undefined,
      timeoutMs,
      () => 'to join its group',
    );
  }

  /**
   * Per assigned partition: the next offset to process (this member's position, else where the
   * partition starts: the stored offset, the group's committed one, or the beginning), the end
   * the partition has now, and the lag between them. Empty before the member joined.
   */
  async lag(): Promise<PartitionLag[]> {
    const assignment = this.assignment ?? [];
    const ends = await this.ends();
    const lags: PartitionLag[] = [];
    for (const { topic, partition } of assignment) {
      const key = partitionKey(topic, partition);
      const next = this.engine.positions.get(key) ?? (await this.startOf(topic, partition));
      const end = ends.get(key) ?? next;
      lags.push({
        topic,
        partition,
        nextOffset: next.toString(),
        highWatermark: end.toString(),
        lag: lagOf(end, next),
      });
    }
    return lags;
  }

  /**
   * Resolves once every partition assigned to this member has been processed up to the end it
   * had when the call was made (at once for empty partitions); a partition that moves to another
   * member meanwhile is that member's to catch up. Rejects after `timeoutMs`, naming the
   * partitions still behind.
   */
  async caughtUp({ timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.joined(timeoutMs);
    const targets = await this.ends();
    let behind: string[] = [];
    await this.until(
      async () => {
        const assigned = new Map<string, bigint>();
        const nexts = new Map<string, bigint>();
        for (const { topic, partition } of this.assignment ?? []) {
          const key = partitionKey(topic, partition);
          const target = targets.get(key);
          if (target === undefined) continue;
          assigned.set(key, target);
          nexts.set(key, this.engine.positions.get(key) ?? (await this.startOf(topic, partition)));
        }
        behind = partitionsBehind(assigned, nexts);
        return behind.length === 0;
      },
      Math.max(0, deadline - Date.now()),
      () => `to catch up (behind: ${behind.join(', ')})`,
    );
  }

  /**
   * Graceful stop: the batch in flight finishes (a failing one is not retried any more), what was
   * applied is committed, the group is left and connections are closed.
   */
  stop(): Promise<void> {
    if (this.currentState === 'idle' || this.currentState === 'stopped') return Promise.resolve();
    if (this.stopped === undefined) {
      this.currentState = 'stopping';
      clearTimeout(this.relaunchTimer);
      this.engine.wake();
      this.stopped = this.closeConnections().finally(() => {
        this.currentState = 'stopped';
        this.stopped = undefined;
        this.log('info', 'batch consumer stopped', { groupId: this.groupId, ...this.stats() });
      });
    }
    return this.stopped;
  }

  private get stopping(): boolean {
    return this.currentState === 'stopping' || this.currentState === 'stopped';
  }

  private async closeConnections(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.assignment = undefined;
    try {
      await consumer?.disconnect();
    } finally {
      await this.dlqProducer.disconnect();
      await this.admin.disconnect();
    }
  }

  private async launch(): Promise<void> {
    const consumer = this.kafka.kafkajs.consumer({
      groupId: physicalName(this.kafka, this.groupId),
      allowAutoTopicCreation: false,
      ...this.fetch,
      retry: { restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => this.onCrash(event));
    consumer.on(consumer.events.GROUP_JOIN, (event: ConsumerGroupJoinEvent) =>
      this.onAssignment(consumer, event),
    );
    await consumer.connect();
    await consumer.subscribe({
      topics: [...this.topics, this.retryTopic].map((topic) => physicalName(this.kafka, topic)),
      fromBeginning: this.fromBeginning,
    });
    if (this.stopping) return;
    const context: BatchContext = {
      start: (topic, partition) =>
        this.storedOffsets === undefined
          ? Promise.resolve(undefined)
          : this.startOf(topic, partition),
      seek: (topic, partition, offset) =>
        consumer.seek({
          topic: physicalName(this.kafka, topic),
          partition,
          offset: offset.toString(),
        }),
      stopping: () => this.stopping,
      progressed: () => this.notify(),
    };
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: this.commitIntervalMs,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.concurrency,
      eachBatch: (payload) => this.engine.process(payload, context),
    });
  }

  /**
   * A new assignment: positions are forgotten (another member may have moved them) and, with
   * stored offsets, every partition is sought to where the service's storage says it continues,
   * so a partition with nothing new to fetch still starts there.
   */
  private onAssignment(consumer: Consumer, event: ConsumerGroupJoinEvent): void {
    this.engine.reset();
    this.starts.clear();
    const assignment: Array<{ topic: string; partition: number }> = [];
    for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
      for (const partition of partitions) {
        assignment.push({ topic: logicalName(this.kafka, topic), partition });
      }
    }
    this.assignment = assignment;
    this.notify();
    if (this.storedOffsets === undefined) return;
    for (const { topic, partition } of assignment) {
      this.startOf(topic, partition).then(
        (offset) => {
          if (this.consumer !== consumer || this.stopping) return;
          consumer.seek({
            topic: physicalName(this.kafka, topic),
            partition,
            offset: offset.toString(),
          });
        },
        () => undefined,
      );
    }
  }

  /** Where a partition starts in this assignment; asked once per assignment. */
  private startOf(topic: string, partition: number): Promise<bigint> {
    const key = partitionKey(topic, partition);
    let start = this.starts.get(key);
    if (start === undefined) {
      start = this.loadStart(topic, partition);
      this.starts.set(key, start);
      start.catch(() => this.starts.delete(key));
    }
    return start;
  }

  /** Retried with back-off until it answers (the service's database may be restarting). */
  private async loadStart(topic: string, partition: number): Promise<bigint> {
    for (let failures = 1; ; failures += 1) {
      try {
        if (this.storedOffsets !== undefined) {
          const stored = await this.storedOffsets(topic, partition);
          if (stored !== undefined)
            return offsetValue(stored, `stored offset of ${topic}/${partition}`);
        } else {
          const committed = await this.committed(topic, partition);
          if (committed !== undefined) return committed;
        }
        return await this.edge(topic, partition, this.fromBeginning ? 'low' : 'high');
      } catch (error: unknown) {
        if (this.stopping) throw error;
        const delayMs = retryDelay(failures, START_RETRY);
        const { type, message } = describeError(error);
        this.log('warn', 'reading where a partition starts failed, retrying', {
          groupId: this.groupId,
          topic,
          partition,
          delayMs,
          errorType: type,
          error: message,
        });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private async committed(topic: string, partition: number): Promise<bigint | undefined> {
    const [result] = await this.admin.fetchOffsets({
      groupId: physicalName(this.kafka, this.groupId),
      topics: [physicalName(this.kafka, topic)],
    });
    const offset = result?.partitions.find((entry) => entry.partition === partition)?.offset;
    return offset === undefined || BigInt(offset) < 0n ? undefined : BigInt(offset);
  }

  private async edge(topic: string, partition: number, which: 'low' | 'high'): Promise<bigint> {
    const offsets = await this.admin.fetchTopicOffsets(physicalName(this.kafka, topic));
    const entry = offsets.find((candidate) => candidate.partition === partition);
    if (entry === undefined) throw new Error(`${topic} has no partition ${partition}`);
    return BigInt(entry[which]);
  }

  /** The end of every partition of the topics read, now. */
  private async ends(): Promise<Map<string, bigint>> {
    const ends = new Map<string, bigint>();
    for (const topic of [...this.topics, this.retryTopic]) {
      const offsets = await this.admin.fetchTopicOffsets(physicalName(this.kafka, topic));
      for (const { partition, high } of offsets)
        ends.set(partitionKey(topic, partition), BigInt(high));
    }
    return ends;
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Polls `done` whenever progress is made (and at least every 100 ms) until `timeoutMs`. */
  private async until(
    done: () => boolean | Promise<boolean>,
    timeoutMs: number,
    what: () => string,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await done()) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `batch consumer ${this.groupId} did not manage ${what()} within ${timeoutMs} ms`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, CAUGHT_UP_POLL_MS));
        this.waiters.add(wake);
      });
    }
  }

  private onCrash({ payload: { error, restart } }: ConsumerCrashEvent): void {
    this.crashes += 1;
    if (this.stopping) return;
    const { type, message } = describeError(error);
    this.log(restart ? 'warn' : 'error', 'Kafka batch consumer crashed', {
      groupId: this.groupId,
      errorType: type,
      error: message,
      restart: restart ? 'kafkajs restarts it' : 'relaunching a new consumer',
    });
    if (restart) return;
    this.currentState = 'restarting';
    this.relaunches += 1;
    this.relaunchTimer = setTimeout(
      () => void this.relaunch(),
      retryDelay(this.relaunches, RELAUNCH_DELAY_MS),
    );
  }

  /** After a crash kafkajs gives up on, a fresh consumer joins (as EventConsumer does). */
  private async relaunch(): Promise<void> {
    if (this.stopping) return;
    const previous = this.consumer;
    this.consumer = undefined;
    this.assignment = undefined;
    try {
      await previous?.disconnect();
      if (this.stopping) return;
      await this.launch();
      if (this.currentState === 'restarting') this.currentState = 'running';
      this.relaunches = 0;
    } catch (error: unknown) {
      const { type, message } = describeError(error);
      this.log('error', 'relaunching the Kafka batch consumer failed', {
        groupId: this.groupId,
        errorType: type,
        error: message,
      });
      if (!this.stopping) {
        this.relaunches += 1;
        this.relaunchTimer = setTimeout(
          () => void this.relaunch(),
          retryDelay(this.relaunches, RELAUNCH_DELAY_MS),
        );
      }
    }
  }
}

/** A stored offset, checked: a non-negative whole number. */
export function offsetValue(text: string, what: string): bigint {
  if (!/^\d{1,19}$/.test(text)) {
    throw new Error(`${what} must be a non-negative whole number, got ${JSON.stringify(text)}`);
  }
  return BigInt(text);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}
