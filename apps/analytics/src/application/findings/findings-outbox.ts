import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { TOPICS } from '@redress/contracts';
import type { RelayStatus } from '@redress/event-store';
import { OutboxPublisher, type KafkaClient } from '@redress/messaging';
import { METRICS_REGISTRY, registerOutboxLag, registerOutboxQuarantine } from '@redress/platform';
import type { AnalyticsConfig } from '../../analytics.config';
import { ANALYTICS_CONFIG, ANALYTICS_KAFKA, ANALYTICS_PG_POOL } from '../tokens';

/**
 * Analytics' way out: the findings committed to `analytics.events` are published on
 * `complaints.analytics.v1` in commit order, even when Kafka was down at commit time, as every
 * service's outbox does. (Analytics has no inbound transport of the other services' kind — its
 * live projection consumes in batches — so it wires the publisher itself rather than through
 * `ServiceMessaging`.) Stopped by `AnalyticsLifecycle` before the pool closes.
 */
@Injectable()
export class FindingsOutbox implements OnApplicationBootstrap {
  private readonly outbox: OutboxPublisher;

  constructor(
    @Inject(ANALYTICS_CONFIG) config: AnalyticsConfig,
    @Inject(ANALYTICS_PG_POOL) pool: Pool,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(ANALYTICS_KAFKA) kafka: KafkaClient,
  ) {
    this.outbox = new OutboxPublisher(kafka, {
      pool,
      schema: 'analytics',
      topic: {
        topic: TOPICS.analytics,
        partitions: config.KAFKA_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      logger: new Logger('AnalyticsOutbox'),
    });
    registerOutboxLag(registry, this.outbox);
    registerOutboxQuarantine(registry, this.outbox);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.outbox.start();
  }

  stop(): Promise<void> {
    return this.outbox.stop();
  }

  /** Resolves once every finding committed so far is on Kafka (tests, graceful drains). */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.outbox.drain(options);
  }

  status(): RelayStatus {
    return this.outbox.status();
  }
}
