import { Injectable } from '@nestjs/common';
import { TOPICS } from '@redress/contracts';
import { eventTransportProviders } from '@redress/nest-messaging';
import { ServiceMessagingFor } from '@redress/platform';
import { TRIAGE_CONFIG, TRIAGE_KAFKA, TRIAGE_PG_POOL } from '../application/tokens';
import type { TriageConfig } from '../triage.config';

/** What triage listens to: registrations and amendments, lifecycle news, hot topics. */
export const SUBSCRIBED_TOPICS = [
  TOPICS.intake,
  TOPICS.resolution,
  TOPICS.followup,
  TOPICS.analytics,
] as const;

/**
 * Triage's Kafka client, shared by everything below, and its inbound transport, which the
 * platform's `createServiceApp` finds and connects (a hybrid application): one consumer group
 * over the subscribed topics, whose records reach the `@EventPattern` handlers of
 * `TriageEventsController`. An event that is not valid goes to `complaints.dlq.triage` at once,
 * one that keeps failing after `TRIAGE_MAX_ATTEMPTS` tries too. The topics are created if they do
 * not exist yet, so triage can start before their services.
 */
export const triageMessagingProviders = eventTransportProviders<TriageConfig>({
  kafkaToken: TRIAGE_KAFKA,
  configToken: TRIAGE_CONFIG,
  inbound: (config) => ({
    groupId: config.TRIAGE_CONSUMER_GROUP,
    topics: SUBSCRIBED_TOPICS,
    maxAttempts: config.TRIAGE_MAX_ATTEMPTS,
    keyConcurrency: config.TRIAGE_KEY_CONCURRENCY,
  }),
});

/**
 * Outbound: the outbox publishes `triage.events` to `complaints.triage.v1`; also the Kafka probe
 * for readiness, the consumer's metrics and the order of shutdown (`ServiceMessaging` of the
 * platform lib, the same in every service).
 */
@Injectable()
export class TriageMessaging extends ServiceMessagingFor({
  schema: 'triage',
  topic: TOPICS.triage,
  configToken: TRIAGE_CONFIG,
  poolToken: TRIAGE_PG_POOL,
  kafkaToken: TRIAGE_KAFKA,
  loggerName: 'TriageOutbox',
}) {}
