import type { InjectionToken, Provider } from '@nestjs/common';
import {
  createKafka,
  kafkaSecurityOptions,
  parseBrokers,
  type KafkaClient,
  type KafkaSecuritySettings,
} from '@redress/messaging';
import { KafkaEventTransport } from './kafka-event-transport';

/** The Kafka variables of a service's configuration (`BaseServiceConfig` of the platform). */
export interface KafkaSettings extends KafkaSecuritySettings {
  KAFKA_BROKERS: string;
  KAFKA_CLIENT_ID: string;
  KAFKA_TOPIC_PREFIX: string;
  KAFKA_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR: number;
}

/** What differs from service to service: its group, its topics, its retry settings. */
export interface InboundSettings {
  groupId: string;
  topics: readonly string[];
  maxAttempts: number;
  keyConcurrency: number;
}

/**
 * The two providers every service with inbound events needs: its Kafka client (under
 * `kafkaToken`, for the outbox and anything else that talks to Kafka) and its
 * `KafkaEventTransport`, which the platform's `createServiceApp` finds and connects. Subscribed
 * topics that do not exist yet are created with the service's partitions and replication, so a
 * service can start before the services whose topics it reads.
 *
 *   providers: [
 *     ...eventTransportProviders<TriageConfig>({
 *       kafkaToken: TRIAGE_KAFKA,
 *       configToken: TRIAGE_CONFIG,
 *       inbound: (config) => ({ groupId: config.TRIAGE_CONSUMER_GROUP, topics: [...], … }),
 *     }),
 *   ]
 */
export function eventTransportProviders<C extends KafkaSettings>(options: {
  kafkaToken: InjectionToken;
  configToken: InjectionToken;
  inbound: (config: C) => InboundSettings;
}): Provider[] {
  return [
    {
      provide: options.kafkaToken,
      inject: [options.configToken],
      useFactory: (config: C): KafkaClient =>
        createKafka({
          brokers: parseBrokers(config.KAFKA_BROKERS),
          clientId: config.KAFKA_CLIENT_ID,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          ...kafkaSecurityOptions(config),
        }),
    },
    {
      provide: KafkaEventTransport,
      inject: [options.kafkaToken, options.configToken],
      useFactory: (kafka: KafkaClient, config: C): KafkaEventTransport =>
        new KafkaEventTransport(kafka, {
          ...options.inbound(config),
          createTopics: {
            partitions: config.KAFKA_PARTITIONS,
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
          },
        }),
    },
  ];
}
