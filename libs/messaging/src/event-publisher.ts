import { CLOUDEVENTS_CONTENT_TYPE, type CloudEvent } from '@redress/contracts';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import { physicalName, type KafkaClient } from './kafka-client';

export interface EventPublisherOptions {
  topic: string;
  /**
   * Upper bound of one produce request's payload. kafkajs puts a partition's messages into a
   * single record batch, which the broker rejects above `message.max.bytes` (1 MiB by default),
   * so larger arrays are sent as consecutive requests, in order. Default 900 000 bytes.
   */
  maxRequestBytes?: number;
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
  private readonly producer: Producer;
  private readonly maxRequestBytes: number;
  private connected = false;

  constructor(kafka: KafkaClient, options: EventPublisherOptions) {
    this.topic = options.topic;
    this.physicalTopic = physicalName(kafka, options.topic);
    this.maxRequestBytes = options.maxRequestBytes ?? 900_000;
    this.producer = kafka.kafkajs.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioner: the same key lands on the same partition
      // whichever client wrote it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /**
   * Sends the events in order and resolves once Kafka acknowledged every one of them; rejects
   * otherwise (some may have been written: publishing again is safe for idempotent consumers).
   * Calls must be awaited one after another for their order to hold across calls.
   */
  async publish(events: readonly CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!this.connected) {
      throw new Error(`EventPublisher for ${this.topic}: publish before connect()`);
    }
    const records = events.map(toRecord);
    for (const chunk of chunkBySize(records, this.maxRequestBytes)) {
      await this.producer.send({ topic: this.physicalTopic, acks: -1, messages: chunk });
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}

export interface EventRecord extends Message {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** CloudEvents Kafka binding, structured mode: the whole envelope is the value. */
export function toRecord(event: CloudEvent): EventRecord {
  if (typeof event.subject !== 'string' || event.subject === '') {
    // Without a key the event would land on a random partition and lose its order.
    throw new Error(`event ${event.id} (${event.type}) has no subject to key it by`);
  }
  return {
    key: event.subject,
    value: Buffer.from(JSON.stringify(event), 'utf8'),
    headers: {
      [EVENT_HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE,
      [EVENT_HEADERS.id]: event.id,
      [EVENT_HEADERS.type]: event.type,
    },
  };
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
