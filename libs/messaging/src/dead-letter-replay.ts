import { randomUUID } from 'node:crypto';
import { deadLetterTopic, retryTopic } from '@redress/contracts';
import {
  Partitioners,
  type Admin,
  type ConsumerCrashEvent,
  type ConsumerGroupJoinEvent,
  type EachBatchPayload,
  type KafkaMessage,
  type Message,
} from 'kafkajs';
import { DLQ_HEADERS, describeError, headerText, replayHeaders } from './dead-letter';
import { RECORD_OVERHEAD_BYTES, chunkRuns } from './event-publisher';
import { physicalName, type KafkaClient } from './kafka-client';
import { ensureTopics, isRetriable } from './topic-admin';

/** One record of a dead-letter topic, as `listDeadLetters` describes it (never its value). */
export interface DeadLetter {
  /** Where it sits in `complaints.dlq.<groupId>`. */
  partition: number;
  offset: string;
  /** The complaint id on Redress topics. */
  key: string | null;
  /** From the `x-dlq-*` headers; null where a header is missing, empty or malformed. */
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  error: string | null;
  errorType: string | null;
  attempts: number | null;
  /** ISO-8601, as the consumer wrote it. */
  failedAt: string | null;
  /** The CloudEvent type, when the value is a JSON object with a string `type`. */
  type?: string;
}

export interface ListDeadLettersOptions {
  /** At most this many, the first ones found. Default: every dead letter not yet replayed. */
  limit?: number;
}

export interface ReplayDeadLettersOptions {
  /** At most this many dead letters (replayed or skipped), the first ones found. */
  limit?: number;
  /** Read and check everything, but write and commit nothing. */
  dryRun?: boolean;
}

export interface SkippedDeadLetter {
  partition: number;
  offset: string;
  reason: string;
}

export interface ReplayResult {
  dryRun: boolean;
  /** Dead letters copied back to their topics; with `dryRun`, those that would be. */
  replayed: number;
  /** Dead letters that cannot be replayed; they are committed all the same. */
  skipped: SkippedDeadLetter[];
}

/** The group's dead-letter topic does not exist: the group never dead-lettered anything. */
export class DeadLetterTopicNotFound extends Error {
  constructor(
    readonly topic: string,
    readonly groupId: string,
  ) {
    super(
      `dead-letter topic ${topic} does not exist: consumer group ${groupId} has not ` +
        'dead-lettered anything yet, or the group name is wrong',
    );
    this.name = 'DeadLetterTopicNotFound';
  }
}

/** Another replay of the same group's dead letters is running. */
export class ReplayInProgress extends Error {
  constructor(readonly groupId: string) {
    super(
      `dead letters of ${groupId} are being replayed by another process (consumer group ` +
        `${deadLetterReplayGroup(groupId)} has members); try again once it has finished`,
    );
    this.name = 'ReplayInProgress';
  }
}

/** The consumer group whose committed offsets say how far `groupId`'s dead letters were replayed. */
export function deadLetterReplayGroup(groupId: string): string {
  return `${groupId}.dlq-replay`;
}

/**
 * The dead letters of consumer group `groupId` not replayed yet: those of
 * `complaints.dlq.<groupId>` from the replay group's committed offsets (from the beginning
 * where it has none) up to the ends the topic had when the call started. Commits nothing.
 */
export async function listDeadLetters(
  kafka: KafkaClient,
  groupId: string,
  options: ListDeadLettersOptions = {},
): Promise<DeadLetter[]> {
  const limit = checkLimit(options.limit);
  const plan = await planRead(kafka, groupId, { exclusive: false });
  const found: DeadLetter[] = [];
  await readRanges(
    kafka,
    plan,
    peekReader(kafka, groupId),
    limit,
    async ({ partition, records }) => {
      for (const record of records) found.push(describeDeadLetter(partition, record));
    },
  );
  return found;
}

/**
 * Copies the dead letters of consumer group `groupId` not replayed yet to the group's retry
 * topic, `complaints.retry.<groupId>`, which only that group reads (README, "Replaying dead
 * letters"): same key, value and headers without the `x-dlq-*` ones, plus `x-replay-for-group`,
 * `x-replay-original-topic` and `x-replayed-from`. The replay group's offsets are
 * committed only once Kafka acknowledged the copies, so running it again replays nothing twice;
 * a crash in between replays some again, which idempotent consumers absorb. Stops at the ends
 * the dead-letter topic had when the call started.
 */
export async function replayDeadLetters(
  kafka: KafkaClient,
  groupId: string,
  options: ReplayDeadLettersOptions = {},
): Promise<ReplayResult> {
  const limit = checkLimit(options.limit);
  const dryRun = options.dryRun ?? false;
  // A dry run reads like a listing and leaves the replay group alone.
  const plan = await planRead(kafka, groupId, { exclusive: !dryRun });
  const result: ReplayResult = { dryRun, replayed: 0, skipped: [] };
  // The consumer creates its retry topic when it starts; a group replayed before its service
  // ever ran this version gets it here, as wide as its dead-letter topic.
  if (!dryRun) {
    await ensureTopics(kafka, [{ topic: retryTopic(groupId), partitions: plan.partitions.length }]);
  }
  const target = physicalName(kafka, retryTopic(groupId));
  const producer = kafka.kafkajs.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  if (!dryRun) await producer.connect();
  try {
    const reader = dryRun
      ? peekReader(kafka, groupId)
      : { groupId: physicalName(kafka, deadLetterReplayGroup(groupId)), temporary: false };
    await readRanges(kafka, plan, reader, limit, async (batch) => {
      let copies: Message[] = [];
      let skipped: SkippedDeadLetter[] = [];
      let last: string | undefined;
      // Sends the copies in one request, in the dead letters' order within each partition of
      // the retry topic; it resolves once every in-sync replica has them, and only then are they
      // (and the skipped records among them) committed as replayed.
      const flush = async (): Promise<void> => {
        if (last === undefined) return;
        if (!dryRun) {
          if (copies.length > 0) await producer.send({ topic: target, acks: -1, messages: copies });
          await batch.commit(BigInt(last) + 1n);
        }
        result.replayed += copies.length;
        for (const skip of skipped) {
          kafka.log('warn', dryRun ? 'dead letter would be skipped' : 'dead letter skipped', {
            groupId,
            deadLetterTopic: plan.topic,
            ...skip,
          });
          result.skipped.push(skip);
        }
        copies = [];
        skipped = [];
        last = undefined;
        await batch.heartbeat();
      };

      for (const chunk of chunkRecords(batch.records)) {
        for (const record of chunk) {
          const decision = replayCopy(groupId, plan.topic, batch.partition, record);
          if (decision.ok) {
            copies.push(decision.copy);
          } else {
            skipped.push({
              partition: batch.partition,
              offset: record.offset,
              reason: decision.reason,
            });
          }
          last = record.offset;
        }
        await flush();
      }
    });
  } finally {
    if (!dryRun) await producer.disconnect();
  }
  kafka.log('info', dryRun ? 'dead-letter replay checked (dry run)' : 'dead letters replayed', {
    groupId,
    deadLetterTopic: plan.topic,
    replayed: result.replayed,
    skipped: result.skipped.length,
  });
  return result;
}

/** A dead letter's copy for the group's retry topic, or why there is none. */
export type ReplayCopy = { ok: true; copy: Message } | { ok: false; reason: string };

/**
 * The copy of a dead letter for the group's retry topic, or why there is none: without its
 * original topic the consumer could not tell its handler what the record is. The partition is
 * left to the key, as the publisher does, so one complaint's copies keep their order.
 */
export function replayCopy(
  groupId: string,
  deadLetterTopic: string,
  partition: number,
  record: KafkaMessage,
): ReplayCopy {
  const topic = headerText(record.headers, DLQ_HEADERS.originalTopic);
  if (topic === undefined || topic === '') {
    return { ok: false, reason: `no ${DLQ_HEADERS.originalTopic} header: its topic is unknown` };
  }
  const headers = replayHeaders(record.headers, {
    groupId,
    originalTopic: topic,
    deadLetterTopic,
    partition,
    offset: record.offset,
  });
  return { ok: true, copy: { key: record.key, value: record.value, headers } };
}

/** What a dead letter's headers and value say about it; the value itself stays out. */
export function describeDeadLetter(partition: number, record: KafkaMessage): DeadLetter {
  const header = (name: string): string | null => headerText(record.headers, name) || null;
  const type = cloudEventType(record.value);
  return {
    partition,
    offset: record.offset,
    key: record.key === null ? null : record.key.toString('utf8'),
    originalTopic: header(DLQ_HEADERS.originalTopic),
    originalPartition: wholeNumber(header(DLQ_HEADERS.originalPartition)),
    originalOffset: header(DLQ_HEADERS.originalOffset),
    error: header(DLQ_HEADERS.error),
    errorType: header(DLQ_HEADERS.errorType),
    attempts: wholeNumber(header(DLQ_HEADERS.attempts)),
    failedAt: header(DLQ_HEADERS.failedAt),
    ...(type === undefined ? {} : { type }),
  };
}

function cloudEventType(value: Buffer | null): string | undefined {
  if (value === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    // Not JSON (often the very reason it was dead-lettered): there is no type to show.
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return undefined;
  return typeof parsed.type === 'string' ? parsed.type : undefined;
}

function wholeNumber(text: string | null): number | null {
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`limit must be a positive integer, got ${limit}`);
  }
  return limit;
}

/** Which consumer group reads the dead-letter topic. */
interface Reader {
  groupId: string;
  /** A group of a single use, deleted afterwards. */
  temporary: boolean;
}

/** A group of its own, for reading without touching the replay group's offsets. */
function peekReader(kafka: KafkaClient, groupId: string): Reader {
  return {
    groupId: physicalName(
      kafka,
      `${deadLetterReplayGroup(groupId)}.peek.${randomUUID().slice(0, 8)}`,
    ),
    temporary: true,
  };
}

/** The offsets of one partition still to read: from `from` up to, not including, `to`. */
interface PartitionRange {
  partition: number;
  from: bigint;
  to: bigint;
}

interface ReadPlan {
  /** The group that dead-lettered the records. */
  groupId: string;
  topic: string;
  partitions: number[];
  /** Partitions with dead letters not replayed yet. */
  ranges: PartitionRange[];
}

const OFFSETS_TIMEOUT_MS = 10_000;
const OFFSETS_RETRY_MS = 200;

/**
 * Where reading starts and ends on each partition of the group's dead-letter topic: from the
 * replay group's committed offset (or the beginning) to the end the partition has now.
 * `exclusive` also refuses to go on while another replay of the group is running.
 */
async function planRead(
  kafka: KafkaClient,
  groupId: string,
  { exclusive }: { exclusive: boolean },
): Promise<ReadPlan> {
  if (groupId.trim() === '') throw new Error('a consumer group id is needed');
  const topic = physicalName(kafka, deadLetterTopic(groupId));
  const replayGroup = physicalName(kafka, deadLetterReplayGroup(groupId));
  const admin = kafka.kafkajs.admin();
  await admin.connect();
  try {
    const existingTopics = new Set(await admin.listTopics());
    if (!existingTopics.has(topic)) throw new DeadLetterTopicNotFound(topic, groupId);
    if (exclusive) {
      const { groups } = await admin.describeGroups([replayGroup]);
      if (groups.some((group) => group.members.length > 0)) throw new ReplayInProgress(groupId);
    }
    // A topic created a moment ago can answer that its partitions have no leader yet.
    const ends = await retrying(`the end offsets of ${topic}`, () =>
      admin.fetchTopicOffsets(topic),
    );
    const committed = await committedOffsets(admin, replayGroup, topic);
    const ranges: PartitionRange[] = [];
    for (const { partition, low, high } of ends) {
      const start = BigInt(low);
      const done = committed.get(partition);
      const from = done !== undefined && done > start ? done : start;
      const to = BigInt(high);
      if (from < to) ranges.push({ partition, from, to });
    }
    const partitions = ends.map(({ partition }) => partition);
    return { groupId, topic, partitions, ranges };
  } finally {
    await admin.disconnect();
  }
}

async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const results = await retrying(`the offsets ${groupId} committed`, () =>
    admin.fetchOffsets({ groupId, topics: [topic] }),
  );
  const offsets = new Map<number, bigint>();
  for (const result of results) {
    for (const { partition, offset } of result.partitions) {
      // -1: nothing committed for the partition.
      if (BigInt(offset) >= 0n) offsets.set(partition, BigInt(offset));
    }
  }
  return offsets;
}

async function retrying<T>(what: string, request: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + OFFSETS_TIMEOUT_MS;
  for (;;) {
    try {
      return await request();
    } catch (error: unknown) {
      if (!isRetriable(error) || Date.now() >= deadline) {
        throw new Error(`could not read ${what}: ${describeError(error).message}`, {
          cause: error,
        });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, OFFSETS_RETRY_MS));
  }
}

/** Records of one partition handed to a reader, in offset order, all within the plan. */
interface RangeBatch {
  partition: number;
  records: KafkaMessage[];
  /** Commits `next` (the offset after the last record dealt with) for the reading group. */
  commit: (next: bigint) => Promise<void>;
  heartbeat: () => Promise<void>;
}

/** No record for this long while some partition is short of its end: give up, do not hang. */
const STALL_TIMEOUT_MS = 30_000;

/**
 * Reads the plan's ranges as a member of the reader's group and hands each partition's records
 * to `take`, at most `limit` in all, one batch at a time. Resolves once every range was read
 * (or the limit reached), and rejects when `take` throws, the consumer crashes, the group hands
 * some of the partitions to another member, or reading stalls. The consumer commits only what
 * `take` commits.
 */
async function readRanges(
  kafka: KafkaClient,
  plan: ReadPlan,
  reader: Reader,
  limit: number,
  take: (batch: RangeBatch) => Promise<void>,
): Promise<void> {
  const positions = new Map(plan.ranges.map((range) => [range.partition, range.from]));
  const ends = new Map(plan.ranges.map((range) => [range.partition, range.to]));
  let remaining = limit;
  if (positions.size === 0 || remaining <= 0) return;

  let settle: (error?: unknown) => void = () => undefined;
  let settled = false;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else reject(error);
    };
  });
  let stallTimer: NodeJS.Timeout | undefined;
  const watchForStall = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => {
      const behind = [...positions.keys()].map((partition) => `${plan.topic}/${partition}`);
      settle(
        new Error(
          `no dead letter arrived for ${STALL_TIMEOUT_MS} ms while ${behind.join(', ')} ` +
            'had not been read to the end',
        ),
      );
    }, STALL_TIMEOUT_MS);
  };

  const consumer = kafka.kafkajs.consumer({
    groupId: reader.groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    // A crash ends the run with its error; running again resumes from what was committed.
    retry: { restartOnFailure: async () => false },
  });
  consumer.on(consumer.events.CRASH, (event: ConsumerCrashEvent) => settle(event.payload.error));
  consumer.on(consumer.events.GROUP_JOIN, (event: ConsumerGroupJoinEvent) => {
    const assigned = new Set(event.payload.memberAssignment[plan.topic] ?? []);
    if ([...positions.keys()].some((partition) => !assigned.has(partition))) {
      settle(new ReplayInProgress(plan.groupId));
    }
  });

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { partition, messages } = payload.batch;
    const position = positions.get(partition);
    const end = ends.get(partition);
    if (settled || position === undefined || end === undefined) return;
    if (!payload.isRunning() || payload.isStale()) return;
    const records: KafkaMessage[] = [];
    for (const record of messages) {
      const offset = BigInt(record.offset);
      if (offset < position) continue;
      if (offset >= end || records.length >= remaining) break;
      records.push(record);
    }
    const last = records[records.length - 1];
    if (last === undefined) return;
    try {
      await take({
        partition,
        records,
        commit: (next) =>
          consumer.commitOffsets([{ topic: plan.topic, partition, offset: next.toString() }]),
        heartbeat: async () => {
          watchForStall();
          await payload.heartbeat();
        },
      });
    } catch (error: unknown) {
      settle(error);
      return;
    }
    watchForStall();
    remaining -= records.length;
    const next = BigInt(last.offset) + 1n;
    if (next >= end) {
      positions.delete(partition);
      // What was written after the start is left for the next run.
      consumer.pause([{ topic: plan.topic, partitions: [partition] }]);
    } else {
      positions.set(partition, next);
    }
    if (positions.size === 0 || remaining <= 0) settle();
  };

  try {
    watchForStall();
    await consumer.connect();
    await consumer.subscribe({ topics: [plan.topic], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
    const idle = plan.partitions.filter((partition) => !positions.has(partition));
    if (idle.length > 0) consumer.pause([{ topic: plan.topic, partitions: idle }]);
    for (const [partition, from] of positions) {
      consumer.seek({ topic: plan.topic, partition, offset: from.toString() });
    }
    await finished;
  } finally {
    clearTimeout(stallTimer);
    await consumer.disconnect();
    if (reader.temporary) await deleteGroup(kafka, reader.groupId);
  }
}

/** Tidies a group of a single use away; it held no offsets, so a failure is only logged. */
export async function deleteGroup(kafka: KafkaClient, groupId: string): Promise<void> {
  const admin = kafka.kafkajs.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch (error: unknown) {
    kafka.log('debug', 'deleting a consumer group of a single use failed', {
      groupId,
      error: describeError(error).message,
    });
  } finally {
    await admin.disconnect();
  }
}

const CHUNK_RECORDS = 100;
const CHUNK_BYTES = 500_000;

/**
 * Consecutive runs of records sent in one request each, small enough for the broker's
 * `message.max.bytes` (kafkajs puts a partition's records into one record batch).
 */
function chunkRecords(records: readonly KafkaMessage[]): KafkaMessage[][] {
  return chunkRuns(records, recordSize, CHUNK_BYTES, CHUNK_RECORDS);
}

function recordSize(record: KafkaMessage): number {
  let size = RECORD_OVERHEAD_BYTES + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    size += name.length + String(value ?? '').length;
  }
  return size;
}
