import type { IHeaders } from 'kafkajs';

export interface DeadLetterFailure {
  error: unknown;
  attempts: number;
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  failedAt: Date;
}

const MAX_ERROR_LENGTH = 2_000;

/** Headers prefixed `x-dlq-` describe why the record was dead-lettered (see README). */
export const DLQ_HEADERS = {
  error: 'x-dlq-error',
  errorType: 'x-dlq-error-type',
  attempts: 'x-dlq-attempts',
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  consumerGroup: 'x-dlq-consumer-group',
  failedAt: 'x-dlq-failed-at',
} as const;

/**
 * Headers a replayed dead letter carries on its group's retry topic (see README, "Replaying dead
 * letters"): the consumer group it is replayed for, the topic the original came from (the
 * consumer hands the copy to its handler as a record of that topic), and where in the
 * dead-letter topic it came from (`<topic>/<partition>/<offset>`).
 */
export const REPLAY_HEADERS = {
  forGroup: 'x-replay-for-group',
  originalTopic: 'x-replay-original-topic',
  replayedFrom: 'x-replayed-from',
} as const;

const DLQ_HEADER_PREFIX = 'x-dlq-';

export interface ReplaySource {
  /** The group that dead-lettered the record, and the only one that reads its retry topic. */
  groupId: string;
  /** The contract's name of the topic the original was read from. */
  originalTopic: string;
  deadLetterTopic: string;
  partition: number;
  offset: string;
}

/**
 * The headers of a dead letter's copy on its group's retry topic: the original headers without
 * any `x-dlq-*` one, plus the `x-replay-*` ones. Replay headers of an earlier replay (a copy that
 * failed again) are replaced.
 */
export function replayHeaders(deadLetter: IHeaders | undefined, source: ReplaySource): IHeaders {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(deadLetter ?? {})) {
    if (value !== undefined && !name.startsWith(DLQ_HEADER_PREFIX)) headers[name] = value;
  }
  headers[REPLAY_HEADERS.forGroup] = source.groupId;
  headers[REPLAY_HEADERS.originalTopic] = source.originalTopic;
  headers[REPLAY_HEADERS.replayedFrom] =
    `${source.deadLetterTopic}/${source.partition}/${source.offset}`;
  return headers;
}

/**
 * True for a copy that an earlier version of the replay wrote back to a shared topic for another
 * consumer group: that group dead-lettered the original, every other group handled it already
 * and skips the copy. Replays now go to the group's own retry topic, which no other group reads;
 * the check stays for such copies kept in topics that are retained forever.
 */
export function isReplayForAnotherGroup(headers: IHeaders | undefined, groupId: string): boolean {
  const forGroup = headerText(headers, REPLAY_HEADERS.forGroup);
  return forGroup !== undefined && forGroup !== groupId;
}

/** A header's value as UTF-8 text; of a repeated header, the last value. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (last === undefined) return undefined;
  return typeof last === 'string' ? last : last.toString('utf8');
}

/**
 * The original headers, untouched, plus the `x-dlq-*` ones. A record dead-lettered a second time
 * (replayed from a DLQ and failing again) carries the latest failure only.
 */
export function deadLetterHeaders(
  original: IHeaders | undefined,
  failure: DeadLetterFailure,
): IHeaders {
  const { type, message } = describeError(failure.error);
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(original ?? {})) {
    if (value !== undefined) headers[name] = value;
  }
  headers[DLQ_HEADERS.error] = message;
  headers[DLQ_HEADERS.errorType] = type;
  headers[DLQ_HEADERS.attempts] = String(failure.attempts);
  headers[DLQ_HEADERS.originalTopic] = failure.topic;
  headers[DLQ_HEADERS.originalPartition] = String(failure.partition);
  headers[DLQ_HEADERS.originalOffset] = failure.offset;
  headers[DLQ_HEADERS.consumerGroup] = failure.groupId;
  headers[DLQ_HEADERS.failedAt] = failure.failedAt.toISOString();
  return headers;
}

/** The error's class name and message, for headers and logs. */
export function describeError(error: unknown): { type: string; message: string } {
  if (error instanceof Error) {
    const className = error.constructor.name;
    return {
      type: className && className !== 'Error' ? className : error.name,
      message: truncate(error.message),
    };
  }
  return { type: typeof error, message: truncate(String(error)) };
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
