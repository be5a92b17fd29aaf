import type { Pool } from 'pg';
import type { CloudEvent } from '@redress/contracts';
import {
  OutboxRelay,
  toCloudEvent,
  type OutboxRelayOptions,
  type RelayLogger,
  type RelayStatus,
  type StoredEvent,
} from '@redress/event-store';
import { EventPublisher, isRecordRejected, RecordRejected } from './event-publisher';
import type { KafkaClient } from './kafka-client';
import { ensureTopics, type TopicSpec } from './topic-admin';

export interface OutboxPublisherOptions {
  pool: Pool;
  /** The service's schema, whose event store is the outbox. */
  schema: string;
  /** The service's own topic, created with these settings when it does not exist. */
  topic: TopicSpec;
  logger?: RelayLogger;
  /** Tuning of the relay (batch size, polling, back-off). */
  relay?: Omit<OutboxRelayOptions, 'pool' | 'schema' | 'publish' | 'isUnpublishable' | 'logger'>;
}

/**
 * A service's way out: an outbox relay that tails the service's event store in commit order
 * and publishes each committed event to the service's topic as a CloudEvent keyed by complaint.
 *
 * Kafka is not needed to accept work: commands commit to Postgres and the relay publishes when
 * Kafka answers. The topic is created and the producer connected on first use, and a failed
 * attempt is retried with the relay's back-off, so a service starts while Kafka is down and
 * catches up when it returns. An event Kafka refuses for good (`RecordRejected`: too large for
 * the topic, invalid) is set aside in the outbox quarantine and the others go on.
 */
export class OutboxPublisher {
  readonly topic: string;
  private readonly relay: OutboxRelay;
  private readonly publisher: EventPublisher;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly options: OutboxPublisherOptions,
  ) {
    this.topic = options.topic.topic;
    this.publisher = new EventPublisher(kafka, { topic: this.topic });
    this.relay = new OutboxRelay({
      ...options.relay,
      pool: options.pool,
      schema: options.schema,
      ...(options.logger ? { logger: options.logger } : {}),
      publish: async (events) => {
        await this.connect();
        await this.publisher.publish(events.map(envelopeOf));
      },
      isUnpublishable: isRecordRejected,
      // The data goes to Kafka as stored, without being parsed and serialised again.
      dataAsText: true,
    });
  }

  /** Starts relaying; resolves once the relay knows whether it leads or stands by. */
  async start(): Promise<void> {
    await this.relay.start();
    // Connect now rather than at the first event; a failure is retried by the relay.
    this.connect().catch((error: unknown) =>
      this.options.logger?.warn(
        `Kafka not reachable yet, events wait in the outbox: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /** Finishes the batch in flight, then closes the producer. */
  async stop(): Promise<void> {
    await this.relay.stop();
    await this.connecting?.catch(() => undefined);
    await this.publisher.disconnect();
  }

  /** Resolves once every event committed so far is on Kafka (tests, graceful drains). */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.relay.drain(options);
  }

  /** Events committed and not yet published. */
  lag(): Promise<number> {
    return this.relay.lag();
  }

  status(): RelayStatus {
    return this.relay.status();
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      await ensureTopics(this.kafka, [this.options.topic]);
      await this.publisher.connect();
      this.options.logger?.log(`publishing ${this.options.schema} events to ${this.topic}`);
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}

function envelopeOf(event: StoredEvent): CloudEvent {
  try {
    return toCloudEvent(event);
  } catch (error) {
    throw new RecordRejected(`event ${event.eventId} cannot be written as a CloudEvent`, {
      cause: error,
    });
  }
}
