import { randomUUID } from 'node:crypto';
import {
  TOPICS,
  type CloudEvent,
  type ComplaintRegisteredData,
  type HotTopicDetectedData,
} from '@redress/contracts';
import { createKafka, EventPublisher, parseBrokers } from '@redress/messaging';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { cloudEvent, testConfig } from '@redress/testing';

/** Publishes events to other services' topics, exactly as those services would. */
export class Upstream {
  private readonly kafka;
  private readonly publishers = new Map<string, EventPublisher>();

  /** `topicPrefix`: the namespace to publish in (the tests' own by default). */
  constructor(topicPrefix = testConfig().topicPrefix) {
    this.kafka = createKafka({
      brokers: parseBrokers(testConfig().kafkaBrokers),
      clientId: `triage-test-upstream-${randomUUID().slice(0, 8)}`,
      topicPrefix,
      logger: () => undefined,
    });
  }

  async publish(topic: string, events: CloudEvent[]): Promise<void> {
    let publisher = this.publishers.get(topic);
    if (!publisher) {
      publisher = new EventPublisher(this.kafka, { topic });
      await publisher.connect();
      this.publishers.set(topic, publisher);
    }
    await publisher.publish(events);
  }

  async close(): Promise<void> {
    await Promise.all([...this.publishers.values()].map((p) => p.disconnect()));
  }
}

/** An event as its service would publish it (`cloudEvent` of `@redress/testing`). */
export const envelope = cloudEvent;

/** A customer reference no other test uses. */
export function aCustomerRef(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let ref = 'cus_';
  for (let i = 0; i < 26; i++) ref += alphabet[Math.floor(Math.random() * alphabet.length)];
  return ref;
}

/** `ComplaintRegistered` as intake publishes it (masked, keyed by complaint id). */
export function registered(
  overrides: Partial<ComplaintRegisteredData> & { registeredAt: string },
): CloudEvent<'ComplaintRegistered', ComplaintRegisteredData> {
  const complaintId = overrides.complaintId ?? randomUUID();
  const data: ComplaintRegisteredData = {
    complaintId,
    trackingNo: `RD-20261123-${randomUUID().slice(0, 8).toUpperCase()}`,
    channel: 'hotline',
    customer: { customerRef: aCustomerRef(), maskedName: '张*', maskedPhone: '139****1234' },
    subject: { type: 'product', productSku: `SKU-${randomUUID().slice(0, 8)}` },
    description: '收到的酸奶包装破损，里面有异物',
    desiredRemedies: ['refund'],
    complainantCount: 1,
    flags: {
      lawsuitFiled: false,
      legalThreat: false,
      mediaExposed: false,
      mediaThreat: false,
      regulatorInvolved: false,
      safetyIncident: false,
    },
    attachments: [],
    receivedAt: overrides.receivedAt ?? overrides.registeredAt,
    imported: false,
    ...overrides,
  };
  const event = envelope('/redress/intake', 'ComplaintRegistered', complaintId, data);
  event.schemaversion = 2;
  return event as CloudEvent<'ComplaintRegistered', ComplaintRegisteredData>;
}

export function hotTopic(data: HotTopicDetectedData) {
  return envelope('/redress/analytics', 'HotTopicDetected', data.topicId, data);
}

export { TOPICS };

/**
 * A complaint id whose events land on the same partition as `key`'s (of a topic with
 * `partitions` partitions), as the publisher's partitioner places them: for tests of one
 * partition's order that still key every event by its own complaint.
 */
export function idOnSamePartition(key: string, partitions = 3): string {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, id) => ({
    partitionErrorCode: 0,
    partitionId: id,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  const partitionOf = (k: string) =>
    partitioner({ topic: 'any', partitionMetadata, message: { key: k, value: null } });
  const target = partitionOf(key);
  for (;;) {
    const candidate = randomUUID();
    if (partitionOf(candidate) === target) return candidate;
  }
}
