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
