import { CLOUDEVENTS_CONTENT_TYPE, type CloudEvent } from '@redress/contracts';
import { JsonText } from '@redress/event-store';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import { physicalName, type KafkaClient } from './kafka-client';
import { traceHeadersOf } from './trace-context';

export interface EventPublisherOptions {
  topic: string;
  /**
   * Upper bound of one produce request's payload. kafkajs puts a partition's messages into a
   * single record batch, which the broker rejects above `message.max.bytes` (1 MiB by default),
   * so larger arrays are sent as consecutive requests, in order. Default 900 000 bytes.
   */
  maxRequestBytes?: number;
}

/**
 * The broker refused the records themselves, and will refuse them again whenever they are sent:
 * one is larger than the topic's `max.message.bytes`, or fails the broker's validation, or an
 * event cannot be written as a record at all. Sending them again cannot help. Every other
 * failure (broker down, timeouts, leadership moving) is worth retrying and is thrown as it is.
 */
export class RecordRejected extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordRejected';
  }
}

export function isRecordRejected(error: unknown): error is RecordRejected {
  return error instanceof RecordRejected;
}

/**
 * Kafka error codes that are about the records sent, not the broker's state (kafkajs' `type`):
 * message.max.bytes exceeded, a batch larger than the segment size, a record failing broker-side
 * validation. CORRUPT_MESSAGE is left out: a checksum mismatch on the way is worth a retry.
 */
const REJECTED_RECORD_TYPES: ReadonlySet<string> = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
]);

/** The Kafka error type refusing the records, looked for down kafkajs' chain of causes. */
function rejectedRecordType(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && REJECTED_RECORD_TYPES.has(type)) return type;
    current = cause;
  }
  return undefined;
}

/** Headers of every published record. `ce_id`/`ce_type` help tooling filter without parsing. */
export const EVENT_HEADERS = {
  contentType: 'content-type',
  id: 'ce_id',
  type: 'ce_type',
} as const;

/**
 * Publishes CloudEvents in structured mode to one topic, keyed by `subject` (the complaint id)
 * so a complaint's events share a partition and keep their order. The producer is idempotent
 * (acks from all in-sync replicas, one request in flight): a retried send never duplicates or
 * reorders records within a partition.
 */
export class EventPublisher {
  /** The contract's name of the topic. */
  readonly topic: string;
  private readonly physicalTopic: string;
  private producer: Producer;
  private readonly maxRequestBytes: number;
  /** connect() was called and disconnect() was not. */
  private wanted = false;
  private connected = false;

  constructor(
    private readonly kafka: KafkaClient,
    options: EventPublisherOptions,
  ) {
    this.topic = options.topic;
    this.physicalTopic = physicalName(kafka, options.topic);
    this.maxRequestBytes = options.maxRequestBytes ?? 900_000;
    this.producer = this.newProducer();
  }

  async connect(): Promise<void> {
    this.wanted = true;
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /**
   * Sends the events in order and resolves once Kafka acknowledged every one of them; rejects
   * otherwise (some may have been written: publishing again is safe for idempotent consumers).
   * Rejects with `RecordRejected` when the records themselves are refused (see there); which
   * event is at fault is for the caller to find, by sending fewer at a time. Calls must be
   * awaited one after another for their order to hold across calls.
   */
  async publish(events: readonly CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!this.wanted) {
      throw new Error(`EventPublisher for ${this.topic}: publish before connect()`);
    }
    const records = events.map(recordOf);
    if (!this.connected) await this.connect();
    for (const chunk of chunkBySize(records, this.maxRequestBytes)) {
      try {
        await this.producer.send({ topic: this.physicalTopic, acks: -1, messages: chunk });
      } catch (error) {
        const type = rejectedRecordType(error);
        if (type === undefined) throw error;
        await this.renewProducer();
        throw new RecordRejected(
          `${this.topic} refused ${chunk.length === 1 ? 'the record' : `a request of ${chunk.length} records`}: ${type}`,
          { cause: error },
        );
      }
    }
  }

  async disconnect(): Promise<void> {
    this.wanted = false;
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  private newProducer(): Producer {
    return this.kafka.kafkajs.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioner: the same key lands on the same partition
      // whichever client wrote it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /**
   * Replaces the producer after a refused request. kafkajs then rolls back the idempotence
   * sequence numbers of every partition in that request, also of those the broker appended to;
   * the broker would take the next records sent to such a partition for duplicates and silently
   * drop them (seen against Kafka 3.9). A new producer gets a new producer id, whose sequences
   * start afresh. The next publish connects it.
   */
  private async renewProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    this.connected = false;
    try {
      await old.disconnect();
    } catch (error) {
      this.kafka.log('warn', 'could not close the producer replaced after a refused request', {
        topic: this.topic,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** An event that cannot even be written as a record is as unpublishable as one refused. */
function recordOf(event: CloudEvent): EventRecord {
  try {
    return toRecord(event);
  } catch (error) {
    throw new RecordRejected(
      `event ${String(event.id)} cannot be written as a record: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export interface EventRecord extends Message {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * CloudEvents Kafka binding, structured mode: the whole envelope is the value. The event's trace
 * context, when it has one, also goes in the W3C `traceparent`/`tracestate` headers, where
 * tracing tools look for it.
 */
export function toRecord(event: CloudEvent): EventRecord {
  if (typeof event.subject !== 'string' || event.subject === '') {
    // Without a key the event would land on a random partition and lose its order.
    throw new Error(`event ${event.id} (${event.type}) has no subject to key it by`);
  }
  return {
    key: event.subject,
    value: Buffer.from(envelopeJson(event), 'utf8'),
    headers: {
      [EVENT_HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE,
      [EVENT_HEADERS.id]: event.id,
      [EVENT_HEADERS.type]: event.type,
      ...traceHeadersOf(event),
    },
  };
}

/** The envelope as JSON; data held as `JsonText` is put in as it is, not parsed again. */
function envelopeJson(event: CloudEvent): string {
  if (!(event.data instanceof JsonText)) return JSON.stringify(event);
  const { data, ...rest } = event;
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"data":${data.text}}`;
}

export const RECORD_OVERHEAD_BYTES = 70;

/** Splits records, in order, into runs whose estimated size stays under `maxBytes`. */
export function chunkBySize(records: readonly EventRecord[], maxBytes: number): EventRecord[][] {
  return chunkRuns(records, estimateSize, maxBytes);
}

/**
 * Splits items, in order, into runs of at most `maxCount` whose summed `sizeOf` stays under
 * `maxBytes` (an item larger than that alone makes a run of its own).
 */
export function chunkRuns<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  maxBytes: number,
  maxCount = Number.POSITIVE_INFINITY,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = sizeOf(item);
    if (current.length > 0 && (current.length >= maxCount || size + itemSize > maxBytes)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function estimateSize(record: EventRecord): number {
  let size = RECORD_OVERHEAD_BYTES + Buffer.byteLength(record.key) + record.value.length;
  for (const [name, value] of Object.entries(record.headers)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value) + 2;
  }
  return size;
}
