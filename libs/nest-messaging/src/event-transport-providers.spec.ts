import { Test } from '@nestjs/testing';
import { eventTransportProviders, type KafkaSettings } from './event-transport-providers';
import { KafkaEventTransport } from './kafka-event-transport';

const CONFIG = Symbol('CONFIG');
const KAFKA = Symbol('KAFKA');

interface ServiceConfig extends KafkaSettings {
  GROUP: string;
}

describe('eventTransportProviders', () => {
  it("provides the service's Kafka client and a transport of its group and topics", async () => {
    const config: ServiceConfig = {
      KAFKA_BROKERS: '127.0.0.1:9092',
      KAFKA_CLIENT_ID: 'redress-sample',
      KAFKA_TOPIC_PREFIX: 'unit.',
      KAFKA_PARTITIONS: 3,
      KAFKA_REPLICATION_FACTOR: 1,
      GROUP: 'sample',
    };
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: CONFIG, useValue: config },
        ...eventTransportProviders<ServiceConfig>({
          kafkaToken: KAFKA,
          configToken: CONFIG,
          inbound: (c) => ({
            groupId: c.GROUP,
            topics: ['complaints.triage.v1'],
            maxAttempts: 3,
            keyConcurrency: 2,
          }),
        }),
      ],
    }).compile();
    const transport = moduleRef.get(KafkaEventTransport);
    expect(transport.groupId).toBe('sample');
    expect(transport.topics).toEqual(['complaints.triage.v1']);
    expect(moduleRef.get(KAFKA)).toBeDefined();
  });
});
