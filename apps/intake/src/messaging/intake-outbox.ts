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
import type { RelayStatus } from '@redress/event-store';
import { checkKafka, OutboxPublisher, type KafkaClient } from '@redress/messaging';
import { KafkaEventTransport } from '@redress/nest-messaging';
import {
  METRICS_REGISTRY,
  registerConsumerMetrics,
  registerOutboxLag,
  registerOutboxQuarantine,
} from '@redress/platform';
import { INTAKE_CONFIG, INTAKE_KAFKA, INTAKE_PG_POOL } from '../application/tokens';
import type { IntakeConfig } from '../intake.config';

/**
 * Intake's way out: every event committed to `intake.events` reaches `complaints.intake.v1`,
 * in commit order, keyed by complaint id, even when Kafka was down while it was committed
 * (`OutboxPublisher`). It also owns the lifecycle of the connections it needs, closing them
 * in order on shutdown (relay, producer, pool), and reports the inbound consumer's metrics.
 */
@Injectable()
export class IntakeOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly outbox: OutboxPublisher;

  constructor(
    @Inject(INTAKE_CONFIG) config: IntakeConfig,
    @Inject(INTAKE_PG_POOL) private readonly pool: Pool,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(INTAKE_KAFKA) private readonly kafka: KafkaClient,
    private readonly events: KafkaEventTransport,
  ) {
    const outbox = new OutboxPublisher(kafka, {
      pool,
      schema: 'intake',
      topic: {
        topic: TOPICS.intake,
        partitions: config.KAFKA_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      logger: new Logger('IntakeOutbox'),
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
