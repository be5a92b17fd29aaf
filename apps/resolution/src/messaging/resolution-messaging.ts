import { Injectable } from '@nestjs/common';
import { TOPICS } from '@redress/contracts';
import { eventTransportProviders } from '@redress/nest-messaging';
import { ServiceMessagingFor } from '@redress/platform';
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
 * Outbound: the outbox publishes `resolution.events` to `complaints.resolution.v1`; also the
 * Kafka probe for readiness, the consumer's metrics and the order of shutdown (`ServiceMessaging`
 * of the platform lib, the same in every service).
 */
@Injectable()
export class ResolutionMessaging extends ServiceMessagingFor({
  schema: 'resolution',
  topic: TOPICS.resolution,
  configToken: RESOLUTION_CONFIG,
  poolToken: RESOLUTION_PG_POOL,
  kafkaToken: RESOLUTION_KAFKA,
  loggerName: 'ResolutionOutbox',
}) {}
