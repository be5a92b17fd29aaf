import { type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { type Registry } from 'prom-client';
import { type KafkaClient } from '@redress/messaging';
import { KafkaEventTransport } from '@redress/nest-messaging';
import type { TriageConfig } from '../triage.config';
/** What triage listens to: registrations and amendments, lifecycle news, hot topics. */
export declare const SUBSCRIBED_TOPICS: readonly ["complaints.intake.v1", "complaints.resolution.v1", "complaints.followup.v1", "complaints.analytics.v1"];
/**
 * Inbound: one consumer group over the subscribed topics, whose records reach the
 * `@EventPattern` handlers of `TriageEventsController`. An event that is not valid goes to
 * `complaints.dlq.triage` at once, one that keeps failing after `TRIAGE_MAX_ATTEMPTS` tries too.
 * The topics are created if they do not exist yet, so triage can start before their services.
 */
export declare function triageEventTransport(kafka: KafkaClient, config: TriageConfig): KafkaEventTransport;
/**
 * Triage's Kafka client, shared by everything below, and its inbound transport, which the
 * platform's `createServiceApp` finds and connects (a hybrid application).
 */
export declare const triageMessagingProviders: Provider[];
/**
 * Outbound: the outbox publishes `triage.events` to `complaints.triage.v1`. Also the Kafka
 * probe for readiness, the consumer's dead-letter count for metrics, and the order of shutdown.
 * Neither the outbox nor the inbound transport stops the service from starting while Kafka is
 * down: both keep trying, and readiness reports Kafka until it answers.
 */
export declare class TriageMessaging implements OnApplicationBootstrap, OnApplicationShutdown {
    private readonly pool;
    private readonly kafka;
    private readonly events;
    private readonly outbox;
    constructor(config: TriageConfig, pool: Pool, registry: Registry, kafka: KafkaClient, events: KafkaEventTransport);
    onApplicationBootstrap(): Promise<void>;
    /**
     * Nest closes the inbound transport before this hook (its consumer has finished the events in
     * flight and committed), so the outbox can publish what they wrote before the pool closes.
     */
    onApplicationShutdown(): Promise<void>;
    checkKafka(): Promise<void>;
    /** Resolves once the consumer has joined its group and holds its partitions. */
    consuming(timeoutMs?: number): Promise<void>;
    /** Resolves once every triage event committed so far is on Kafka (tests, drains). */
    drain(options?: {
        timeoutMs?: number;
    }): Promise<void>;
}
