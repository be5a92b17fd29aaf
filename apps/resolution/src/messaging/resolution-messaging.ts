import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { TOPICS } from '@redress/contracts';
import { checkKafka, OutboxPublisher, type KafkaClient } from '@redress/messaging';
import { eventTransportProviders, KafkaEventTransport } from '@redress/nest-messaging';
import {
  METRICS_REGISTRY,
  registerConsumerMetrics,
  registerOutboxLag,
  registerOutboxQuarantine,
} from '@redress/platform';
import { RESOLUTION_CONFIG, RESOLUTION_KAFKA, RESOLUTION_PG_POOL } from '../application/tokens';
import type { ResolutionConfig } from '../resolution.config';

/** What resolution listens to: triage's decisions, intake's withdrawals, follow-up's reopenings. */
export const SUBSCRIBED_TOPICS = [TOPICS.triage, TOPICS.intake, TOPICS.followup] as const;

/**
 * Resolution's Kafka client, shared by everything below, and its inbound transport, which the
 * platform's `createServiceApp` finds and connects (a hybrid application): one consumer group
 * over the subscribed topics, whose records reach the `@EventPattern` handlers of
 * `ResolutionEventsController`. An event that is not valid goes to `complaints.dlq.resolution`
 * at once, one that keeps failing after `RESOLUTION_MAX_ATTEMPTS` tries too. The topics are
 * created if they do not exist yet, so resolution can start before their services.
 */
export const resolutionMessagingProviders = eventTransportProviders<ResolutionConfig>({
  kafkaToken: RESOLUTION_KAFKA,
  configToken: RESOLUTION_CONFIG,
  inbound: (config) => ({
    groupId: config.RESOLUTION_CONSUMER_GROUP,
    topics: SUBSCRIBED_TOPICS,
    maxAttempts: config.RESOLUTION_MAX_ATTEMPTS,
    keyConcurrency: config.RESOLUTION_KEY_CONCURRENCY,
  }),
});

/**
 * Outbound: the outbox publishes `resolution.events` to `complaints.resolution.v1`. Also the Kafka
 * probe for readiness, the consumer's dead-letter count for metrics, and the order of shutdown.
 * Neither the outbox nor the inbound transport stops the service from starting while Kafka is
 * down: both keep trying, and readiness reports Kafka until it answers.
 */
@Injectable()
export class ResolutionMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly outbox: OutboxPublisher;

  constructor(
    @Inject(RESOLUTION_CONFIG) config: ResolutionConfig,
    @Inject(RESOLUTION_PG_POOL) private readonly pool: Pool,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(RESOLUTION_KAFKA) private readonly kafka: KafkaClient,
    private readonly events: KafkaEventTransport,
  ) {
    const outbox = new OutboxPublisher(kafka, {
      pool,
      schema: 'resolution',
      topic: {
        topic: TOPICS.resolution,
        partitions: config.KAFKA_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      logger: new Logger('ResolutionOutbox'),
    });
    this.outbox = outbox;
    registerOutboxLag(registry, outbox);
    registerOutboxQuarantine(registry, outbox);
    registerConsumerMetrics(registry, events);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.outbox.start();
  }

  /**
   * Nest closes the inbound transport before this hook (its consumer has finished the events in
   * flight and committed), so the outbox can publish what they wrote before the pool closes.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
    await this.pool.end();
  }

  checkKafka(): Promise<void> {
    return checkKafka(this.kafka);
  }

  /** Resolves once the consumer has joined its group and holds its partitions. */
  consuming(timeoutMs = 60_000): Promise<void> {
    return this.events.consuming(timeoutMs);
  }

  /** Resolves once every resolution event committed so far is on Kafka (tests, drains). */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.outbox.drain(options);
  }
}
