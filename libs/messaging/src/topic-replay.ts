import { randomUUID } from 'node:crypto';
import { deadLetterTopic, type CloudEvent } from '@redress/contracts';
import { isDatabaseUnavailable } from '@redress/event-store';
import {
  Partitioners,
  type Admin,
  type Consumer,
  type ConsumerCrashEvent,
  type ConsumerGroupJoinEvent,
  type Producer,
} from 'kafkajs';
import type { BackoffOptions } from './backoff';
import {
  BatchEngine,
  type BatchContext,
  type BatchCounters,
  type BatchHandler,
  type DeadLetterSink,
} from './batch-engine';
import { offsetValue, type FetchTuning } from './batch-event-consumer';
import { envelopeOnly, type EventParser } from './batch-records';
import { deleteGroup } from './dead-letter-replay';
import { logicalName, physicalName, type KafkaClient } from './kafka-client';
import { toKafkaLogFn, type KafkaLogFn, type KafkaLogger } from './logging';
import {
  lagOf,
  partitionKey,
  partitionsBehind,
  replayProgress,
  type PartitionLag,
  type ReplayProgress,
} from './partition-lag';
import { ensureTopics } from './topic-admin';

export interface TopicReplayOptions<T = CloudEvent> {
  /** Names the replay in logs and its group of a single use (`<name>.replay.<random>`). */
  name: string;
  /** The contract's topic names; every partition of each is read. */
  topics: readonly string[];
  handleBatch: BatchHandler<T>;
  parse?: EventParser<T>;
  /**
   * Where a partition starts (the `nextOffset` a rebuild stored, to resume an interrupted one);
   * undefined: its first offset (0 unless retention deleted records).
   */
  startOffsets?: (topic: string, partition: number) => Promise<string | undefined>;
  /**
   * false (default): read up to the ends the partitions had at `start()`, then stop; what is
   * written later is left for the live consumer. true: keep following new records until `stop()`.
   */
  follow?: boolean;
  /**
   * Invalid records go to this group's dead-letter topic. Default none: they are logged and
   * passed over (the live consumer dead-lettered them already), and a record the handler keeps
   * failing on fails the replay.
   */
  deadLetterGroup?: string;
  /** Most records per handler call. Default 5 000. */
  maxBatchRecords?: number;
  /** Most bytes per handler call. Default 8 MiB. */
  maxBatchBytes?: number;
  maxAttempts?: number;
  isOutage?: (error: unknown) => boolean;
  backoff?: Partial<BackoffOptions>;
  /** Default 3. */
  partitionsConsumedConcurrently?: number;
  /** Defaults `REPLAY_FETCH`: 4 MiB per partition, 16 MiB per fetch, 1 byte, 100 ms. */
  fetch?: FetchTuning;
  /** Called after every handler call, for a progress bar. */
  onProgress?: (progress: ReplayProgress) => void;
  logger?: KafkaLogFn | KafkaLogger;
  now?: () => Date;
}

export interface TopicReplayResult extends BatchCounters {
  progress: ReplayProgress;
  /** From `start()` to the end: planning and joining the group of a single use included. */
  durationMs: number;
  /** From the moment the replay had its partitions to the end. */
  readingMs: number;
  /** Records handed to the handler per second of `readingMs`. */
  eventsPerSecond: number;
}

/** Where one partition is read from and (without `follow`) up to. */
interface PartitionPlan {
  topic: string;
  partition: number;
  start: bigint;
  end: bigint;
}

/**
 * Fetch settings of a replay. A fetch's records stay in memory until every one of them is
 * applied, decoded into objects several times their size, and a service's heap is capped
 * (`--max-old-space-size=160` in the image): at 50 MiB per fetch a replay of a year's history
 * ran the analytics service out of heap. 16 MiB still fills a batch of 5 000 records of every
 * partition read at once.
 */
export const REPLAY_FETCH: Required<FetchTuning> = {
  maxBytesPerPartition: 4 * 1024 * 1024,
  maxBytes: 16 * 1024 * 1024,
  minBytes: 1,
  maxWaitTimeInMs: 100,
};

/**
 * Reads every partition of the given topics from offset 0 (or `startOffsets`) with the batch
 * handler shape of `BatchEventConsumer`, for rebuilding a projection by replay. It belongs to no
 * lasting consumer group: kafkajs cannot read without one, so it joins a group of a single use,
 * commits nothing and deletes the group when it stops. Without `follow` it ends at the high
 * watermarks it saw at `start()`; `progress()` counts records read out of that total.
 */
export class TopicReplay<T = CloudEvent> {
  private readonly topics: readonly string[];
  private readonly groupId: string;
  private readonly follow: boolean;
  private readonly log: KafkaLogFn;
  private readonly engine: BatchEngine<T>;
  private readonly admin: Admin;
  private readonly producer: Producer | undefined;
  private readonly concurrency: number;
  private readonly fetch: FetchTuning;
  private readonly plans = new Map<string, PartitionPlan>();
  private consumer: Consumer | undefined;
  private startedAt = 0;
  private readingSince: number | undefined;
  private finishedAt: number | undefined;
  private stopping = false;
  private assigned = false;
  private failure: { error: unknown } | undefined;
  private settle: (() => void) | undefined;
  private readonly finished: Promise<void>;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly kafka: KafkaClient,
    private readonly options: TopicReplayOptions<T>,
  ) {
    if (options.name.trim() === '') throw new Error('TopicReplay needs a name');
    if (options.topics.length === 0) throw new Error('TopicReplay needs at least one topic');
    this.topics = [...new Set(options.topics)];
    this.groupId = `${options.name}.replay.${randomUUID().slice(0, 8)}`;
    this.follow = options.follow ?? false;
    this.log = options.logger === undefined ? kafka.log : toKafkaLogFn(options.logger);
    this.concurrency = options.partitionsConsumedConcurrently ?? 3;
    this.fetch = { ...REPLAY_FETCH, ...options.fetch };
    this.admin = kafka.kafkajs.admin();
    let sink: DeadLetterSink | undefined;
    if (options.deadLetterGroup !== undefined) {
      this.producer = kafka.kafkajs.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      sink = {
        groupId: options.deadLetterGroup,
        topic: deadLetterTopic(options.deadLetterGroup),
        producer: this.producer,
        now: options.now ?? (() => new Date()),
      };
    }
    this.engine = new BatchEngine<T>({
      kafka,
      name: options.name,
      log: this.log,
      handleBatch: options.handleBatch,
      parse: options.parse ?? (envelopeOnly as unknown as EventParser<T>),
      maxBatchRecords: options.maxBatchRecords ?? 5_000,
      maxBatchBytes: options.maxBatchBytes ?? 8 * 1024 * 1024,
      maxAttempts: options.maxAttempts ?? 5,
      backoff: {
        initialMs: options.backoff?.initialMs ?? 200,
        maxMs: options.backoff?.maxMs ?? 5_000,
      },
      isOutage: options.isOutage ?? isDatabaseUnavailable,
      ...(sink === undefined ? {} : { deadLetter: sink }),
    });
    this.finished = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
  }

  /**
   * Reads the start and end offsets of every partition, then starts reading. Resolves once
   * reading started (or at once, when there is nothing to read and no `follow`).
   */
  async start(): Promise<void> {
    if (this.startedAt !== 0) throw new Error(`replay ${this.options.name} was started already`);
    this.startedAt = Date.now();
    try {
      await this.admin.connect();
      if (this.options.deadLetterGroup !== undefined) {
        await ensureTopics(this.kafka, [{ topic: deadLetterTopic(this.options.deadLetterGroup) }]);
        await this.producer?.connect();
      }
      await this.plan();
      if (this.complete()) {
        await this.finish();
        return;
      }
      await this.launch();
    } catch (error: unknown) {
      await this.finish(error);
      throw error;
    }
  }

  /** Resolves with the figures once the replay read to its ends (or was stopped); rejects if it failed. */
  async done(): Promise<TopicReplayResult> {
    await this.finished;
    if (this.failure !== undefined) throw this.failure.error;
    return this.result();
  }

  /** Records read so far out of those between the start offsets and the ends seen at `start()`. */
  progress(): ReplayProgress {
    return replayProgress(
      [...this.plans.entries()].map(([key, plan]) => ({
        start: plan.start,
        end: plan.end,
        next: this.engine.positions.get(key) ?? plan.start,
      })),
    );
  }

  stats(): BatchCounters {
    return { ...this.engine.counters };
  }

  /** Per partition: next offset to read, the partition's end now, and the lag between them. */
  async lag(): Promise<PartitionLag[]> {
    const ends = await this.ends();
    return [...this.plans.entries()].map(([key, plan]) => {
      const next = this.engine.positions.get(key) ?? plan.start;
      const end = ends.get(key) ?? next;
      return {
        topic: plan.topic,
        partition: plan.partition,
        nextOffset: next.toString(),
        highWatermark: end.toString(),
        lag: lagOf(end, next),
      };
    });
  }

  /**
   * Resolves once every partition was read up to the end it had when the call was made (at
   * once for empty ones); rejects after `timeoutMs`, or if the replay failed. Without `follow`
   * the replay stops at the ends of `start()`, so this only resolves for ends not past them.
   */
  async caughtUp({ timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<void> {
    const targets = await this.ends();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.failure !== undefined) throw this.failure.error;
      const nexts = new Map<string, bigint>();
      for (const [key, plan] of this.plans) {
        nexts.set(key, this.engine.positions.get(key) ?? plan.start);
      }
      const behind = partitionsBehind(targets, nexts);
      if (behind.length === 0) return;
      const left = deadline - Date.now();
      if (left <= 0 || (this.finishedAt !== undefined && !this.follow)) {
        throw new Error(
          `replay ${this.options.name} did not catch up within ${timeoutMs} ms ` +
            `(behind: ${behind.join(', ')})`,
        );
      }
      await this.pause(Math.min(left, 100));
    }
  }

  /** Stops reading (the batch in flight finishes), deletes the replay's group, closes connections. */
  async stop(): Promise<void> {
    await this.finish();
  }

  private async plan(): Promise<void> {
    for (const topic of this.topics) {
      const offsets = await this.admin.fetchTopicOffsets(physicalName(this.kafka, topic));
      for (const { partition, low, high } of offsets) {
        const stored = await this.options.startOffsets?.(topic, partition);
        const first = BigInt(low);
        let start =
          stored === undefined
            ? first
            : offsetValue(stored, `start offset of ${topic}/${partition}`);
        // Retention may have deleted what lies before the first offset: there is nothing there.
        if (start < first) start = first;
        this.plans.set(partitionKey(topic, partition), {
          topic,
          partition,
          start,
          end: BigInt(high),
        });
      }
    }
  }

  private complete(): boolean {
    if (this.follow) return false;
    for (const [key, plan] of this.plans) {
      if ((this.engine.positions.get(key) ?? plan.start) < plan.end) return false;
    }
    return true;
  }

  private async launch(): Promise<void> {
    const consumer = this.kafka.kafkajs.consumer({
      groupId: physicalName(this.kafka, this.groupId),
      allowAutoTopicCreation: false,
      ...this.fetch,
      // A retriable crash restarts it and the new assignment seeks back to the positions.
      retry: { restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => {
      if (!event.payload.restart && !this.stopping) void this.finish(event.payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, (event: ConsumerGroupJoinEvent) =>
      this.onAssignment(consumer, event),
    );
    await consumer.connect();
    await consumer.subscribe({
      topics: this.topics.map((topic) => physicalName(this.kafka, topic)),
      fromBeginning: true,
    });
    if (this.stopping) return;
    const context: BatchContext = {
      start: async (topic, partition) => this.plans.get(partitionKey(topic, partition))?.start,
      ...(this.follow
        ? {}
        : {
            end: (topic: string, partition: number) =>
              this.plans.get(partitionKey(topic, partition))?.end,
          }),
      seek: (topic, partition, offset) =>
        consumer.seek({
          topic: physicalName(this.kafka, topic),
          partition,
          offset: offset.toString(),
        }),
      stopping: () => this.stopping,
      progressed: () => this.progressed(consumer),
    };
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.concurrency,
      eachBatch: async (payload) => {
        try {
          await this.engine.process(payload, context);
        } catch (error: unknown) {
          // Only a record the handler keeps failing on without a dead-letter topic gets here.
          void this.finish(error);
        }
      },
    });
    // kafkajs's run() returns once the member joined and has its partitions.
    this.readingSince ??= Date.now();
  }

  /** Every partition goes to this single member; each is sought to where it stands. */
  private onAssignment(consumer: Consumer, event: ConsumerGroupJoinEvent): void {
    this.assigned = true;
    for (const [physical, partitions] of Object.entries(event.payload.memberAssignment)) {
      const topic = logicalName(this.kafka, physical);
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        const plan = this.plans.get(key);
        if (plan === undefined) continue;
        const next = this.engine.positions.get(key) ?? plan.start;
        if (!this.follow && next >= plan.end) {
          consumer.pause([{ topic: physical, partitions: [partition] }]);
        } else {
          consumer.seek({ topic: physical, partition, offset: next.toString() });
        }
      }
    }
    this.wake();
  }

  private progressed(consumer: Consumer): void {
    this.options.onProgress?.(this.progress());
    this.wake();
    if (this.follow) return;
    for (const [key, plan] of this.plans) {
      const next = this.engine.positions.get(key);
      if (next !== undefined && next >= plan.end) {
        consumer.pause([
          { topic: physicalName(this.kafka, plan.topic), partitions: [plan.partition] },
        ]);
      }
    }
    if (this.complete()) void this.finish();
  }

  private async finish(error?: unknown): Promise<void> {
    if (error !== undefined && this.failure === undefined) this.failure = { error };
    if (this.stopping) return this.finished;
    this.stopping = true;
    this.finishedAt = Date.now();
    this.engine.wake();
    const consumer = this.consumer;
    this.consumer = undefined;
    try {
      await consumer?.disconnect();
      await this.producer?.disconnect();
      await this.admin.disconnect();
      if (consumer !== undefined)
        await deleteGroup(this.kafka, physicalName(this.kafka, this.groupId));
    } finally {
      this.wake();
      this.settle?.();
    }
    const result = this.result();
    this.log('info', error === undefined ? 'replay finished' : 'replay failed', {
      replay: this.options.name,
      read: result.progress.read,
      total: result.progress.total,
      records: result.records,
      durationMs: result.durationMs,
      eventsPerSecond: result.eventsPerSecond,
      assigned: this.assigned,
    });
  }

  private result(): TopicReplayResult {
    const end = this.finishedAt ?? Date.now();
    const durationMs = end - this.startedAt;
    const readingMs = end - (this.readingSince ?? end);
    const counters = this.stats();
    return {
      ...counters,
      progress: this.progress(),
      durationMs,
      readingMs,
      eventsPerSecond: readingMs > 0 ? Math.round((counters.records * 1000) / readingMs) : 0,
    };
  }

  private async ends(): Promise<Map<string, bigint>> {
    // An admin client of its own: the replay's closes when it finishes, and callers may ask later.
    const admin = this.kafka.kafkajs.admin();
    await admin.connect();
    try {
      const ends = new Map<string, bigint>();
      for (const topic of this.topics) {
        const offsets = await admin.fetchTopicOffsets(physicalName(this.kafka, topic));
        for (const { partition, high } of offsets) {
          ends.set(partitionKey(topic, partition), BigInt(high));
        }
      }
      return ends;
    } finally {
      await admin.disconnect();
    }
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiters.add(wake);
    });
  }
}

/** Reads the topics to the ends they have now (see TopicReplay) and resolves with the figures. */
export async function replayTopics<T = CloudEvent>(
  kafka: KafkaClient,
  options: Omit<TopicReplayOptions<T>, 'follow'>,
): Promise<TopicReplayResult> {
  const replay = new TopicReplay<T>(kafka, { ...options, follow: false });
  await replay.start();
  return replay.done();
}
