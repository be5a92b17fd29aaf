import type { IHeaders, KafkaMessage } from 'kafkajs';
import { PoisonMessage } from './poison-message';

/** One record as a handler sees it. The value is parsed JSON, not yet validated. */
export interface InboundMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as a decimal string. */
  offset: string;
  /** The complaint id on Redress topics. */
  key: string | null;
  /** UTF-8 decoded; of a repeated header, the last value. */
  headers: Record<string, string>;
  /** `JSON.parse` of the value (null for a record without value). Validate before use. */
  value: unknown;
  raw: Buffer | null;
  /** The record's timestamp, epoch milliseconds as a decimal string. */
  timestamp: string;
  /** 1 on the first try of this delivery, 2 on the first retry, … */
  attempt: number;
}

export type ParsedMessage =
  | { ok: true; message: Omit<InboundMessage, 'attempt'> }
  | { ok: false; message: Omit<InboundMessage, 'attempt'>; poison: PoisonMessage };

export function parseMessage(
  topic: string,
  partition: number,
  record: KafkaMessage,
): ParsedMessage {
  const message = {
    topic,
    partition,
    offset: record.offset,
    key: record.key === null ? null : record.key.toString('utf8'),
    headers: decodeHeaders(record.headers),
    value: null as unknown,
    raw: record.value,
    timestamp: record.timestamp,
  };
  if (record.value === null) return { ok: true, message };
  try {
    message.value = JSON.parse(record.value.toString('utf8'));
    return { ok: true, message };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message,
      poison: new PoisonMessage(`value is not valid JSON: ${reason}`, { cause: error }),
    };
  }
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  if (headers === undefined) return decoded;
  for (const [name, value] of Object.entries(headers)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined) continue;
    decoded[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return decoded;
}
