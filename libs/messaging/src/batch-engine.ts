import type { CloudEvent } from '@redress/contracts';
import type { Batch, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import type { BackoffOptions } from './backoff';
import { applyRange, type OffsetRange, type RetryInfo } from './batch-apply';
import { checkRecord, type BatchRecord, type EventParser } from './batch-records';
import { deadLetterHeaders, describeError } from './dead-letter';
import { logicalName, physicalName, type KafkaClient } from './kafka-client';
import type { KafkaLogFn } from './logging';
import { partitionKey } from './partition-lag';
import { inRecordSpans, recordTraceContext, type ConsumedRecord } from './trace-context';

/** What a batch handler gets: records of one partition, in offset order. */
export interface EventBatch<T = CloudEvent> {
  /**
   * The contract's name of the topic read (for a group consumer possibly its retry topic); with
   * `partition`, the key under which a service stores `nextOffset`.
   */
  topic: string;
  partition: number;
  /**
   * The valid records of the range, in offset order. Can be empty: the range then held only
   * records that were dead-lettered or ignored, and the call is there to move the stored offset.
   */
  records: BatchRecord<T>[];
  /**
   * First offset the batch stands for: the `nextOffset` of the previous batch of the partition
   * (so batches are contiguous), which may lie before `records[0]`.
   */
  firstOffset: string;
  /** Last offset the batch stands for (the last record read, valid or not). */
  lastOffset: string;
  /** `lastOffset + 1`: what to store as the partition's next offset with the batch's effects. */
  nextOffset: string;
  /** The partition's end when the records were fetched. */
  highWatermark: string;
  /** 1 on the first call for this range, 2 on the first retry, … */
  attempt: number;
}

export type BatchHandler<T> = (batch: EventBatch<T>) => Promise<void>;

export interface BatchCounters {
  /** Handler calls that succeeded. */
  batches: number;
  /** Records handed to a handler call that succeeded. */
  records: number;
  /** Failed handler calls that were retried. */
  retried: number;
  deadLettered: number;
  /** Valid records of types the parser ignores, and dead letters replayed for another group. */
  ignored: number;
  /** Invalid records a reader without a dead-letter group passed over (logged). */
  skippedInvalid: number;
}

export interface DeadLetterSink {
  /** The group whose dead-letter topic, `complaints.dlq.<groupId>`, takes them. */
  groupId: string;
  topic: string;
  producer: Producer;
  now: () => Date;
}

export interface BatchEngineOptions<T> {
  kafka: KafkaClient;
  /** Names the reader in log lines. */
  name: string;
  log: KafkaLogFn;
  handleBatch: BatchHandler<T>;
  parse: EventParser<T>;
  maxBatchRecords: number;
  maxBatchBytes: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  isOutage: (error: unknown) => boolean;
  /** Absent: an invalid record is logged and passed over, and a failing one fails the read. */
  deadLetter?: DeadLetterSink;
  /** The group consumer's retry topic (contract name) and group, read with its own rules. */
  retry?: { groupId: string; topic: string };
  /**
   * Each record applied gets a span in the trace it was produced in (`inRecordSpans`): live
   * consumption, not a replay of history into traces long closed.
   */
  traceRecords?: boolean;
}

/** What the reader running the engine decides for a partition. */
export interface BatchContext {
  /** Where the partition starts in this assignment, if the reader knows better than the fetch. */
  start: (topic: string, partition: number) => Promise<bigint | undefined>;
  /** Records from this offset on are left out (a replay's end). */
  end?: (topic: string, partition: number) => bigint | undefined;
  seek: (topic: string, partition: number, offset: bigint) => void;
  stopping: () => boolean;
  /** A handler call succeeded or a partition moved: positions changed. */
  progressed: () => void;
}

const HEARTBEAT_MS = 1_000;

/**
 * The part of batch consumption that a group member and a replay share: where a partition
 * stands, which fetched records belong to it, checking them, slicing them into handler batches,
 * retries and dead letters (applyRange), resolving offsets and heartbeats.
 *
 * A fetch that starts after the partition's position (the group's committed offset is ahead of
 * the service's stored one, or a stale fetch from before a seek) is never used: the engine seeks
 * back and waits for the records from the position. Records before the position (already applied)
 * are dropped. So every offset is handed to a handler once per position, whatever Kafka committed.
 */
export class BatchEngine<T> {
  /** Next offset to process, per `topic/partition` (contract names), in this assignment. */
  readonly positions = new Map<string, bigint>();
  /** End of each partition as last fetched. */
  readonly highWatermarks = new Map<string, bigint>();
  readonly counters: BatchCounters = {
    batches: 0,
    records: 0,
    retried: 0,
    deadLettered: 0,
    ignored: 0,
    skippedInvalid: 0,
  };
  /** Bumped on every new assignment: work of an older one must not touch positions. */
  private generation = 0;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: BatchEngineOptions<T>) {}

  /** A new assignment: positions are asked again (another member may have moved them). */
  reset(): void {
    this.generation += 1;
    this.positions.clear();
    this.wake();
  }

  /** Cuts back-offs short (stop). */
  wake(): void {
    for (const wake of [...this.wakers]) wake();
  }

  async process(payload: EachBatchPayload, context: BatchContext): Promise<void> {
    const { batch } = payload;
    const topic = logicalName(this.options.kafka, batch.topic);
    const { partition } = batch;
    const key = partitionKey(topic, partition);
    const generation = this.generation;
    let rebalancing = false;
    const interrupted = (): boolean =>
      rebalancing ||
      generation !== this.generation ||
      context.stopping() ||
      !payload.isRunning() ||
      payload.isStale();
    if (interrupted() || batch.messages.length === 0) return;

    let position = this.positions.get(key);
    if (position === undefined) {
      const start = await context.start(topic, partition);
      if (interrupted()) return;
      position = start ?? BigInt(fetchedOffset(batch));
      this.positions.set(key, position);
    }
    if (BigInt(fetchedOffset(batch)) > position) {
      context.seek(topic, partition, position);
      return;
    }
    this.highWatermarks.set(key, BigInt(batch.highWatermark));
    const end = context.end?.(topic, partition);
    const from = position;
    const wanted = batch.messages.filter((record) => {
      const offset = BigInt(record.offset);
      return offset >= from && (end === undefined || offset < end);
    });
    if (wanted.length === 0) {
      if (position > 0n) payload.resolveOffset((position - 1n).toString());
      context.progressed();
      return;
    }

    const heartbeat = setInterval(() => {
      payload.heartbeat().catch(() => {
        rebalancing = true;
      });
    }, HEARTBEAT_MS);
    try {
      for (const chunk of chunks(
        wanted,
        this.options.maxBatchRecords,
        this.options.maxBatchBytes,
      )) {
        const events = await this.check(topic, partition, chunk);
        const last = chunk[chunk.length - 1] as KafkaMessage;
        const range: OffsetRange = { firstOffset: position, lastOffset: BigInt(last.offset) };
        const outcome = await this.apply(topic, partition, batch, events, range, interrupted, {
          applied: async (next) => {
            if (generation !== this.generation) return;
            position = next;
            this.positions.set(key, next);
            payload.resolveOffset((next - 1n).toString());
            context.progressed();
          },
        });
        if (outcome === 'interrupted') return;
        await payload.commitOffsetsIfNecessary();
      }
    } finally {
      clearInterval(heartbeat);
    }
    if (!interrupted()) await payload.heartbeat();
  }

  /**
   * The chunk's valid records, each with the record it came from (a dead letter carries the
   * original bytes); invalid ones are dead-lettered (or passed over) here.
   */
  private async check(
    topic: string,
    partition: number,
    chunk: readonly KafkaMessage[],
  ): Promise<Map<BatchRecord<T>, KafkaMessage>> {
    const events = new Map<BatchRecord<T>, KafkaMessage>();
    const retry = this.options.retry;
    for (const raw of chunk) {
      const checked = checkRecord(raw, {
        topic,
        partition,
        parse: this.options.parse,
        ...(retry === undefined ? {} : { groupId: retry.groupId, retryTopic: retry.topic }),
      });
      if (checked.kind === 'event') events.set(checked.record, raw);
      else if (checked.kind === 'ignored') this.counters.ignored += 1;
      else await this.deadLetter(raw, checked.message, checked.poison, 1, false);
    }
    return events;
  }

  private apply(
    topic: string,
    partition: number,
    batch: Batch,
    records: Map<BatchRecord<T>, KafkaMessage>,
    range: OffsetRange,
    interrupted: () => boolean,
    hooks: { applied: (next: bigint) => Promise<void> },
  ): Promise<'applied' | 'interrupted'> {
    return applyRange([...records.keys()], range, {
      handle: (slice, sliceRange, attempt) => {
        const call = () =>
          this.options.handleBatch({
            topic,
            partition,
            records: [...slice],
            firstOffset: sliceRange.firstOffset.toString(),
            lastOffset: sliceRange.lastOffset.toString(),
            nextOffset: (sliceRange.lastOffset + 1n).toString(),
            highWatermark: batch.highWatermark,
            attempt,
          });
        if (this.options.traceRecords !== true) return call();
        return inRecordSpans(
          slice.map((record) => ({
            record: this.consumed(record),
            parent: recordTraceContext(record.headers, record.event),
          })),
          call,
        );
      },
      offsetOf: (record) => BigInt(record.offset),
      deadLetter: (record, error, attempts) =>
        this.deadLetter(records.get(record) as KafkaMessage, record, error, attempts, true),
      applied: async (next, slice) => {
        this.counters.batches += 1;
        this.counters.records += slice.length;
        await hooks.applied(next);
      },
      maxAttempts: this.options.maxAttempts,
      backoff: this.options.backoff,
      isOutage: this.options.isOutage,
      wait: (ms) => this.wait(ms, interrupted),
      interrupted,
      onRetry: (info) => this.logRetry(topic, partition, range, info),
    });
  }

  private consumed(record: BatchRecord<T>): ConsumedRecord {
    const { event } = record;
    const type =
      typeof event === 'object' && event !== null ? Reflect.get(event, 'type') : undefined;
    return {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      groupId: this.options.name,
      eventType: record.headers['ce_type'] ?? (typeof type === 'string' ? type : 'event'),
      ...(record.headers['ce_id'] !== undefined ? { eventId: record.headers['ce_id'] } : {}),
      ...(record.key !== null ? { complaintId: record.key } : {}),
    };
  }

  private logRetry(topic: string, partition: number, range: OffsetRange, info: RetryInfo): void {
    this.counters.retried += 1;
    // An outage is logged when it starts and then every tenth try, as EventConsumer does.
    if (info.outage && info.outageTries % 10 !== 1) return;
    const { type, message } = describeError(info.error);
    this.options.log('warn', 'handling a batch failed, retrying', {
      reader: this.options.name,
      topic,
      partition,
      firstOffset: range.firstOffset.toString(),
      lastOffset: range.lastOffset.toString(),
      records: info.records,
      attempt: info.attempt,
      maxAttempts: this.options.maxAttempts,
      ...(info.outage ? { outage: true, outageTries: info.outageTries } : {}),
      delayMs: info.delayMs,
      errorType: type,
      error: message,
    });
  }

  /**
   * Dead-letters `raw`, a record that is not a valid event or that the handler kept failing on
   * (`handlerFailed`), with its original key, value and headers. Without a dead-letter sink an
   * invalid record is passed over (logged) and a failing one fails the read.
   */
  private async deadLetter(
    raw: KafkaMessage,
    where: Pick<BatchRecord<T>, 'topic' | 'partition' | 'offset' | 'key' | 'headers'>,
    error: unknown,
    attempts: number,
    handlerFailed: boolean,
  ): Promise<void> {
    const { type, message: reason } = describeError(error);
    const details = {
      reader: this.options.name,
      topic: where.topic,
      partition: where.partition,
      offset: where.offset,
      key: where.key,
      eventId: where.headers['ce_id'],
      eventType: where.headers['ce_type'],
      attempts,
      errorType: type,
      error: reason,
    };
    const sink = this.options.deadLetter;
    if (sink === undefined) {
      if (handlerFailed) {
        throw new Error(
          `${this.options.name}: the batch handler kept failing on ${where.topic}/` +
            `${where.partition} offset ${where.offset} and there is no dead-letter topic: ${reason}`,
          { cause: error },
        );
      }
      this.counters.skippedInvalid += 1;
      this.options.log('warn', 'passed over a record that is not a valid event', details);
      return;
    }
    // Throws when Kafka cannot take it: the batch fails before its offsets move, and comes again.
    await sink.producer.send({
      topic: physicalName(this.options.kafka, sink.topic),
      acks: -1,
      messages: [
        {
          key: raw.key,
          value: raw.value,
          headers: deadLetterHeaders(raw.headers, {
            error,
            attempts,
            topic: where.topic,
            partition: where.partition,
            offset: where.offset,
            groupId: sink.groupId,
            failedAt: sink.now(),
          }),
        },
      ],
    });
    this.counters.deadLettered += 1;
    this.options.log('error', 'Kafka record dead-lettered', {
      ...details,
      deadLetterTopic: sink.topic,
    });
  }

  private async wait(ms: number, interrupted: () => boolean): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      if (interrupted()) return false;
      const left = until - Date.now();
      if (left <= 0) return true;
      // In slices: a rebalance or seek is noticed by asking, not told.
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, HEARTBEAT_MS));
        this.wakers.add(done);
      });
    }
  }
}

/** The offset kafkajs fetched from: it keeps it on its batch, outside its typings. */
function fetchedOffset(batch: Batch): string {
  const fetched = (batch as Batch & { fetchedOffset?: unknown }).fetchedOffset;
  if (typeof fetched === 'string' || typeof fetched === 'number') return String(fetched);
  return batch.messages[0]?.offset ?? batch.lastOffset();
}

/** Consecutive runs of at most `maxRecords` records and `maxBytes` bytes (at least one record). */
export function chunks<R extends { value: Buffer | null; key: Buffer | null }>(
  records: readonly R[],
  maxRecords: number,
  maxBytes: number,
): R[][] {
  const runs: R[][] = [];
  let run: R[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = (record.value?.length ?? 0) + (record.key?.length ?? 0);
    if (run.length > 0 && (run.length >= maxRecords || bytes + size > maxBytes)) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(record);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
