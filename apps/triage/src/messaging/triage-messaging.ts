import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { Gauge, type Registry } from 'prom-client';
import { InvalidEvent, TOPICS } from '@redress/contracts';
import {
  checkKafka,
  createKafka,
  ensureTopics,
  EventConsumer,
  OutboxPublisher,
  parseBrokers,
  PoisonMessage,
  type InboundMessage,
} from '@redress/messaging';
import { METRICS_REGISTRY, registerOutboxLag, registerOutboxQuarantine } from '@redress/platform';
import { TriageInbox } from '../application/inbox/triage-inbox';
import { TRIAGE_CONFIG, TRIAGE_PG_POOL } from '../application/tokens';
import type { TriageConfig } from '../triage.config';

/** What triage listens to: registrations and amendments, lifecycle news, hot topics. */
export const SUBSCRIBED_TOPICS = [
  TOPICS.intake,
  TOPICS.resolution,
  TOPICS.followup,
  TOPICS.analytics,
] as const;

/**
 * Triage's Kafka wiring. Inbound: one consumer group over the subscribed topics; each event is
 * validated and handed to `TriageInbox`, which records it as processed in the same transaction
 * as its effects; an event that is not valid goes to `complaints.dlq.triage` at once, one that
 * keeps failing after `TRIAGE_MAX_ATTEMPTS` tries too. Outbound: the outbox publishes
 * `triage.events` to `complaints.triage.v1`. Neither stops the service from starting while
 * Kafka is down: both keep trying, and readiness reports Kafka until it answers.
 */
@Injectable()
export class TriageMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TriageMessaging');
  private readonly kafka;
  private readonly outbox: OutboxPublisher;
  private readonly consumer: EventConsumer;
  private consumerStart: Promise<void> | undefined;
  private stopping = false;
  /** Ends the back-off between attempts to start consuming at once (on shutdown). */
  private cutBackOffShort: (() => void) | undefined;

  constructor(
    @Inject(TRIAGE_CONFIG) private readonly config: TriageConfig,
    @Inject(TRIAGE_PG_POOL) private readonly pool: Pool,
    @Inject(METRICS_REGISTRY) registry: Registry,
    inbox: TriageInbox,
  ) {
    this.kafka = createKafka({
      brokers: parseBrokers(config.KAFKA_BROKERS),
      clientId: config.KAFKA_CLIENT_ID,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
    });
    const outbox = new OutboxPublisher(this.kafka, {
      pool,
      schema: 'triage',
      topic: this.topicSpec(TOPICS.triage),
      logger: new Logger('TriageOutbox'),
    });
    this.outbox = outbox;
    this.consumer = new EventConsumer(this.kafka, {
      groupId: config.TRIAGE_CONSUMER_GROUP,
      topics: SUBSCRIBED_TOPICS,
      maxAttempts: config.TRIAGE_MAX_ATTEMPTS,
      keyConcurrency: config.TRIAGE_KEY_CONCURRENCY,
      deadLetter: {
        partitions: config.KAFKA_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      handle: (message: InboundMessage) => this.handle(inbox, message),
    });
    const consumer = this.consumer;
    registerOutboxLag(registry, outbox);
    registerOutboxQuarantine(registry, outbox);
    new Gauge({
      name: 'redress_consumer_dead_lettered_total',
      help: 'Inbound events sent to the dead-letter topic since the service started',
      registers: [registry],
      collect() {
        this.set(consumer.stats().deadLettered);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.outbox.start();
    this.consumerStart = this.startConsumer();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.cutBackOffShort?.();
    await this.consumerStart;
    await this.consumer.stop();
    await this.outbox.stop();
    await this.pool.end();
  }

  checkKafka(): Promise<void> {
    return checkKafka(this.kafka);
  }

  /** Resolves once the consumer has joined its group and holds its partitions. */
  async consuming(timeoutMs = 60_000): Promise<void> {
    await this.consumerStart;
    await this.consumer.joined(timeoutMs);
  }

  /** Resolves once every triage event committed so far is on Kafka (tests, drains). */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.outbox.drain(options);
  }

  private async handle(inbox: TriageInbox, message: InboundMessage): Promise<void> {
    try {
      await inbox.receive(message.value, message.key);
    } catch (error) {
      if (error instanceof InvalidEvent) throw new PoisonMessage(error.message, { cause: error });
      throw error;
    }
  }

  /** The topics triage reads may not exist yet (their services start later): create them. */
  private async startConsumer(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await ensureTopics(
          this.kafka,
          SUBSCRIBED_TOPICS.map((topic) => this.topicSpec(topic)),
        );
        await this.consumer.start();
        this.logger.log(
          `consuming ${SUBSCRIBED_TOPICS.join(', ')} as group ${this.config.TRIAGE_CONSUMER_GROUP}`,
        );
        return;
      } catch (error) {
        const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        this.logger.warn(
          `cannot consume yet (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`,
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.cutBackOffShort = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.cutBackOffShort = undefined;
      }
    }
  }

  private topicSpec(topic: string) {
    return {
      topic,
      partitions: this.config.KAFKA_PARTITIONS,
      replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
    };
  }
}
