import type { Provider } from '@nestjs/common';
import { TOPICS } from '@redress/contracts';
import { createKafka, parseBrokers, type KafkaClient } from '@redress/messaging';
import { KafkaEventTransport } from '@redress/nest-messaging';
import { INTAKE_CONFIG, INTAKE_KAFKA } from '../application/tokens';
import type { IntakeConfig } from '../intake.config';

/** What intake listens to: triage's decisions, for the department each complaint is routed to. */
export const SUBSCRIBED_TOPICS = [TOPICS.triage] as const;

/**
 * Inbound: one consumer group over triage's topic, whose records reach the `@EventPattern`
 * handlers of `IntakeEventsController`. An event that is not valid goes to
 * `complaints.dlq.intake` at once, one that keeps failing after `INTAKE_MAX_ATTEMPTS` tries too.
 * The topic is created if it does not exist yet, so intake can start before triage.
 */
export function intakeEventTransport(
  kafka: KafkaClient,
  config: IntakeConfig,
): KafkaEventTransport {
  return new KafkaEventTransport(kafka, {
    groupId: config.INTAKE_CONSUMER_GROUP,
    topics: SUBSCRIBED_TOPICS,
    maxAttempts: config.INTAKE_MAX_ATTEMPTS,
    keyConcurrency: config.INTAKE_KEY_CONCURRENCY,
    createTopics: {
      partitions: config.KAFKA_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    },
  });
}

/**
 * Intake's Kafka client, shared by the outbox and the inbound transport, which the platform's
 * `createServiceApp` finds and connects (a hybrid application).
 */
export const intakeMessagingProviders: Provider[] = [
  {
    provide: INTAKE_KAFKA,
    inject: [INTAKE_CONFIG],
    useFactory: (config: IntakeConfig): KafkaClient =>
      createKafka({
        brokers: parseBrokers(config.KAFKA_BROKERS),
        clientId: config.KAFKA_CLIENT_ID,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
      }),
  },
  {
    provide: KafkaEventTransport,
    inject: [INTAKE_KAFKA, INTAKE_CONFIG],
    useFactory: intakeEventTransport,
  },
];
