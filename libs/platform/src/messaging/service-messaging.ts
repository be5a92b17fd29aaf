import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import type { TopicName } from '@redress/contracts';
import type { RelayStatus } from '@redress/event-store';
import { checkKafka, OutboxPublisher, type KafkaClient } from '@redress/messaging';
import { KafkaEventTransport } from '@redress/nest-messaging';
import type { BaseServiceConfig } from '../config/base-service.config';
import type { ReadinessIndicator } from '../health/readiness-checks';
import { registerConsumerMetrics } from '../metrics/consumer-metrics';
import { METRICS_REGISTRY } from '../metrics/metrics.module';
import { registerOutboxLag, registerOutboxQuarantine } from '../metrics/outbox-metrics';

/** Where a service's messaging finds its schema, topic and infrastructure. */
export interface ServiceMessagingOptions {
  /** The service's schema, whose `events` table is its outbox. */
  schema: string;
  /** The one topic the service owns and publishes to (CONTRACT "Services"). */
  topic: TopicName;
  configToken: symbol;
  poolToken: symbol;
  /** The Kafka client shared with the inbound transport (`eventTransportProviders`). */
  kafkaToken: symbol;
  /** The outbox's logger context, e.g. `TriageOutbox`. */
  loggerName: string;
}

/**
 * A service's way out and the lifecycle of its connections, the same in every service: the
 * outbox publishes what the service commits to `<schema>.events` on its topic, in commit order,
 * keyed by complaint id, even when Kafka was down at commit time (`OutboxPublisher`); the Kafka
 * probe for readiness; the outbox's and the inbound consumer's metrics; and the order of
 * shutdown. Nest closes the inbound transport before `onApplicationShutdown` (its consumer has
 * finished the events in flight and committed), so the outbox publishes what they wrote before
 * the pool closes. Neither the outbox nor the transport stops the service from starting while
 * Kafka is down: both keep trying, and readiness reports Kafka until it answers.
 */
export class ServiceMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly outbox: OutboxPublisher;

  constructor(
    options: Pick<ServiceMessagingOptions, 'schema' | 'topic' | 'loggerName'>,
    config: BaseServiceConfig,
    private readonly pool: Pool,
    registry: Registry,
    private readonly kafka: KafkaClient,
    private readonly events: KafkaEventTransport,
  ) {
    this.outbox = new OutboxPublisher(kafka, {
      pool,
      schema: options.schema,
      topic: {
        topic: options.topic,
        partitions: config.KAFKA_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      logger: new Logger(options.loggerName),
    });
    registerOutboxLag(registry, this.outbox);
    registerOutboxQuarantine(registry, this.outbox);
    registerConsumerMetrics(registry, events);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.outbox.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
    await this.pool.end();
  }

  checkKafka(): Promise<void> {
    return checkKafka(this.kafka);
  }

  /** Whether this replica's relay leads or stands by (as while the database is unreachable). */
  status(): RelayStatus {
    return this.outbox.status();
  }

  /** Resolves once every event committed so far is on Kafka (tests, graceful drains). */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.outbox.drain(options);
  }

  /** Resolves once the inbound consumer has joined its group and holds its partitions. */
  consuming(timeoutMs = 60_000): Promise<void> {
    return this.events.consuming(timeoutMs);
  }
}

/**
 * The injectable `ServiceMessaging` of one service, wired to its tokens (a mixin, as Nest's own
 * `AuthGuard('jwt')`): `export class TriageMessaging extends ServiceMessagingFor({...}) {}`.
 */
export function ServiceMessagingFor(options: ServiceMessagingOptions): Type<ServiceMessaging> {
  @Injectable()
  class WiredMessaging extends ServiceMessaging {
    constructor(
      @Inject(options.configToken) config: BaseServiceConfig,
      @Inject(options.poolToken) pool: Pool,
      @Inject(METRICS_REGISTRY) registry: Registry,
      @Inject(options.kafkaToken) kafka: KafkaClient,
      events: KafkaEventTransport,
    ) {
      super(options, config, pool, registry, kafka, events);
    }
  }
  return WiredMessaging;
}

/**
 * Readiness of a service (CONTRACT "health": its database and Kafka): the database answers, Kafka
 * answers, and the inbound consumer holds its partitions.
 */
export function serviceReadiness(
  poolToken: symbol,
  messaging: Type<ServiceMessaging>,
): ReadinessIndicator[] {
  return [
    { name: 'database', inject: [poolToken], check: (pool: Pool) => pool.query('SELECT 1') },
    {
      name: 'kafka',
      inject: [messaging],
      check: (service: ServiceMessaging) => service.checkKafka(),
    },
    {
      name: 'consumer',
      inject: [KafkaEventTransport],
      check: (events: KafkaEventTransport) => events.checkConsumer(),
    },
  ];
}
