import { logLevel as KafkajsLogLevel, type LogEntry, type logCreator } from 'kafkajs';

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Where kafkajs's and this lib's diagnostics go. `extra` never holds a record value. */
export type KafkaLogFn = (
  level: KafkaLogLevel,
  message: string,
  extra: Record<string, unknown>,
) => void;

/**
 * The part of a pino logger this lib writes to (`pino()`, or nestjs-pino's `PinoLogger.logger`),
 * so a service passes its own logger and Kafka lines land in the same JSON stream.
 */
export interface KafkaLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

const SEVERITY: Record<KafkaLogLevel, number> = { error: 1, warn: 2, info: 4, debug: 5 };

export function toKafkaLogFn(logger: KafkaLogFn | KafkaLogger): KafkaLogFn {
  if (typeof logger === 'function') return logger;
  return (level, message, extra) => logger[level](extra, message);
}

/** Drops what is less severe than `threshold` before it reaches `log`. */
export function withThreshold(log: KafkaLogFn, threshold: KafkaLogLevel): KafkaLogFn {
  const limit = SEVERITY[threshold];
  return (level, message, extra) => {
    if (SEVERITY[level] <= limit) log(level, message, extra);
  };
}

/** The default sink: one JSON line per entry on stderr (callers filter it to WARN and above). */
export const stderrLogFn: KafkaLogFn = (level, message, extra) => {
  process.stderr.write(
    `${safeJson({ level, time: new Date().toISOString(), msg: message, ...extra })}\n`,
  );
};

export function toKafkajsLevel(level: KafkaLogLevel): KafkajsLogLevel {
  switch (level) {
    case 'error':
      return KafkajsLogLevel.ERROR;
    case 'warn':
      return KafkajsLogLevel.WARN;
    case 'info':
      return KafkajsLogLevel.INFO;
    case 'debug':
      return KafkajsLogLevel.DEBUG;
  }
}

function fromKafkajsLevel(level: KafkajsLogLevel): KafkaLogLevel {
  if (level <= KafkajsLogLevel.ERROR) return 'error';
  if (level === KafkajsLogLevel.WARN) return 'warn';
  if (level === KafkajsLogLevel.INFO) return 'info';
  return 'debug';
}

/** Routes kafkajs's logger into `log`, with its entries made safe to print. */
export function kafkajsLogCreator(log: KafkaLogFn): logCreator {
  return () =>
    ({ namespace, level, log: entry }: LogEntry) => {
      const { message, timestamp: _timestamp, ...extra } = entry;
      log(fromKafkajsLevel(level), String(message), sanitizeLogExtra({ namespace, ...extra }));
    };
}

// kafkajs's debug entries can carry whole requests; record values may be large and hold data
// that belongs in the event store, not in logs.
const VALUE_KEYS = new Set(['value', 'values', 'messages', 'records', 'payload']);
const MAX_STRING = 4_000;

/** A shallow copy of `extra` without record values, with errors and buffers made printable. */
export function sanitizeLogExtra(extra: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extra)) {
    if (VALUE_KEYS.has(key)) continue;
    if (value instanceof Error) safe[key] = { type: value.name, message: value.message };
    else if (Buffer.isBuffer(value)) safe[key] = `<${value.length} bytes>`;
    else if (typeof value === 'string' && value.length > MAX_STRING)
      safe[key] = `${value.slice(0, MAX_STRING)}…`;
    else safe[key] = value;
  }
  return safe;
}

function safeJson(value: Record<string, unknown>): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (error: unknown) {
    // A circular structure in kafkajs's extra must not take the process down with it.
    return JSON.stringify({
      level: value['level'],
      msg: value['msg'],
      logError: error instanceof Error ? error.message : String(error),
    });
  }
}
