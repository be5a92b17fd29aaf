import { hostname } from 'node:os';
import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys whose values never reach a log line, at any of the first five levels of a logged object
 * (CONTRACT.md: personal data never leaves intake in the clear; secrets never leave at all).
 */
export const REDACTED_KEYS = [
  'name',
  'phone',
  'email',
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'authorization',
] as const;

const REDACTED_HEADERS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  // The customer's code for the public status page (CONTRACT.md, changes of 2026-12-04).
  'req.headers["x-access-code"]',
  'res.headers["set-cookie"]',
];

export const REDACT_PATHS: readonly string[] = [
  ...REDACTED_HEADERS,
  ...REDACTED_KEYS.flatMap((key) =>
    [0, 1, 2, 3, 4].map((depth) => [...Array<string>(depth).fill('*'), key].join('.')),
  ),
];

export const REDACTED = '[redacted]';

/**
 * A plain pino logger for code outside a request (consumers, relays, scripts): JSON lines with
 * ISO time, the level as a word, the service name, and the redaction of personal data.
 */
export function createLogger(
  service: string,
  level: LogLevel | string = 'info',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: pino.stdSerializers.err },
    mixin: traceFields,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/**
 * `traceId` and `spanId` of the span active where the line is written (a request, a consumed
 * event), so logs and traces find each other; nothing outside a span. A new object each time:
 * pino merges the line's fields into it.
 */
function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
