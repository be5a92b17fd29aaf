import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { Gauge, type Registry } from 'prom-client';
import { TOPICS } from '@redress/contracts';
import { OutboxRelay, toCloudEvent } from '@redress/event-store';
import {
  checkKafka,
  createKafka,
  ensureTopics,
  EventPublisher,
  parseBrokers,
} from '@redress/messaging';
import { METRICS_REGISTRY } from '@redress/platform';
import { INTAKE_CONFIG, INTAKE_PG_POOL } from '../application/tokens';
import type { IntakeConfig } from '../intake.config';

/**
 * Intake's way out: the outbox relay tails `intake.events` in commit order and publishes each
 * committed event to `complaints.intake.v1`, keyed by complaint id. It also owns the lifecycle
 * of the connections it needs, closing them in order on shutdown (relay, producer, pool).
 *
 * Kafka is not needed to accept complaints: they are committed to Postgres and the relay
 * publishes them when Kafka answers. So the service starts while Kafka is down; the topic is
 * created and the producer connected on the relay's first publish, and retried with back-off.
 */
@Injectable()
export class IntakeOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IntakeOutbox');
  private readonly kafka;
  private readonly publisher: EventPublisher;
  private readonly relay: OutboxRelay;
  private connecting?: Promise<void>;

  constructor(
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
    @Inject(INTAKE_PG_POOL) private readonly pool: Pool,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.kafka = createKafka({
      brokers: parseBrokers(config.KAFKA_BROKERS),
      clientId: config.KAFKA_CLIENT_ID,
    });
    this.publisher = new EventPublisher(this.kafka, { topic: TOPICS.intake });
    this.relay = new OutboxRelay({
      pool,
      schema: 'intake',
      publish: async (events) => {
        await this.connect();
        await this.publisher.publish(events.map(toCloudEvent));
      },
    });
    const relay = this.relay;
    new Gauge({
      name: 'redress_outbox_lag_events',
      help: 'Events committed to the event store and not yet published to Kafka',
      registers: [registry],
      async collect() {
        this.set(await relay.lag());
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
    // Connect now rather than at the first event; a failure is retried by the relay.
    this.connect().catch((error: unknown) =>
      this.logger.warn(`Kafka not reachable yet, events wait in the outbox: ${String(error)}`),
    );
  }

  /** Creates the topic (once) and connects the producer; a failed attempt is retried later. */
  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      await ensureTopics(this.kafka, [
        {
          topic: TOPICS.intake,
          partitions: this.config.KAFKA_PARTITIONS,
          replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
        },
      ]);
      await this.publisher.connect();
      this.logger.log(`publishing intake events to ${TOPICS.intake}`);
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.publisher.disconnect();
    await this.pool.end();
  }

  checkKafka(): Promise<void> {
    return checkKafka(this.kafka);
  }

  /** Resolves once every event committed so far is on Kafka (tests, graceful drains). */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.relay.drain(options);
  }
}
