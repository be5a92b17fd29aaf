import { assertKeyedBy, parseEnvelope, type CloudEvent } from '@redress/contracts';
import type { KafkaMessage } from 'kafkajs';
import { REPLAY_HEADERS, headerText, isReplayForAnotherGroup } from './dead-letter';
import { parseMessage, type InboundMessage } from './inbound-message';
import { PoisonMessage, isPoisonMessage } from './poison-message';

/** One record of a batch as a batch handler sees it: a CloudEvent whose envelope was checked. */
export interface BatchRecord<T = CloudEvent> {
  /** What `parse` made of the envelope (by default the envelope itself). */
  event: T;
  /**
   * The contract's name of the topic the event belongs to. For a replayed dead letter read from
   * the group's retry topic, the topic it first came from (`x-replay-original-topic`).
   */
  topic: string;
  partition: number;
  /** Offset in the topic the batch was read from, a decimal string (Kafka offsets are 64-bit). */
  offset: string;
  key: string | null;
  /** UTF-8 decoded; of a repeated header, the last value. */
  headers: Record<string, string>;
  /** The record's timestamp, epoch milliseconds as a decimal string. */
  timestamp: string;
}

/**
 * Turns a checked envelope into what the handler gets: validate and upcast the data
 * (`registry.parse` of `@redress/contracts` fits), or null for a type the consumer ignores
 * (CONTRACT.md: consumers ignore unknown types). Throwing dead-letters the record.
 */
export type EventParser<T> = (
  envelope: CloudEvent<string, unknown>,
  message: Omit<InboundMessage, 'attempt'>,
) => T | null;

export type CheckedRecord<T> =
  | { kind: 'event'; record: BatchRecord<T> }
  /** Not a Redress event: dead-letter it. `message` says where it was, for the dead letter. */
  | { kind: 'invalid'; message: Omit<InboundMessage, 'attempt'>; poison: PoisonMessage }
  /** Nothing to hand over: a type the parser ignores, or a dead letter replayed for another group. */
  | { kind: 'ignored'; reason: 'unknown-type' | 'replay-for-another-group' };

export interface CheckContext<T> {
  /** The contract's name of the topic the record was read from. */
  topic: string;
  partition: number;
  parse: EventParser<T>;
  /** For records of `retryTopic`: the group whose replayed dead letters it holds. */
  groupId?: string;
  retryTopic?: string;
}

/**
 * Checks one record the way every Redress consumer needs it: JSON, a CloudEvents envelope of
 * CONTRACT.md, keyed by its subject (a record keyed otherwise may sit on another partition, out
 * of order with its complaint's other events), then the caller's `parse`.
 */
export function checkRecord<T>(raw: KafkaMessage, context: CheckContext<T>): CheckedRecord<T> {
  const { partition, groupId, retryTopic } = context;
  let topic = context.topic;
  if (groupId !== undefined && isReplayForAnotherGroup(raw.headers, groupId)) {
    return { kind: 'ignored', reason: 'replay-for-another-group' };
  }
  if (retryTopic !== undefined && topic === retryTopic) {
    const origin = headerText(raw.headers, REPLAY_HEADERS.originalTopic);
    if (origin === undefined || origin === '') {
      const parsed = parseMessage(topic, partition, raw);
      return {
        kind: 'invalid',
        message: parsed.message,
        poison: new PoisonMessage(
          `a record of ${retryTopic} without ${REPLAY_HEADERS.originalTopic}: its topic is unknown`,
        ),
      };
    }
    topic = origin;
  }
  const parsed = parseMessage(topic, partition, raw);
  if (!parsed.ok) return { kind: 'invalid', message: parsed.message, poison: parsed.poison };
  const { message } = parsed;
  try {
    const envelope = parseEnvelope(message.value);
    assertKeyedBy(envelope, envelope.subject, message.key);
    const event = context.parse(envelope, message);
    if (event === null) return { kind: 'ignored', reason: 'unknown-type' };
    return {
      kind: 'event',
      record: {
        event,
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        headers: message.headers,
        timestamp: message.timestamp,
      },
    };
  } catch (error: unknown) {
    const poison = isPoisonMessage(error)
      ? error
      : new PoisonMessage(error instanceof Error ? error.message : String(error), { cause: error });
    return { kind: 'invalid', message, poison };
  }
}

/** The default parser: the checked envelope, data untouched. */
export function envelopeOnly(envelope: CloudEvent<string, unknown>): CloudEvent<string, unknown> {
  return envelope;
}
