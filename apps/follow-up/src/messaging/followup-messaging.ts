import { Injectable } from '@nestjs/common';
import { TOPICS } from '@redress/contracts';
import { eventTransportProviders } from '@redress/nest-messaging';
import { ServiceMessagingFor } from '@redress/platform';
import { FOLLOWUP_CONFIG, FOLLOWUP_KAFKA, FOLLOWUP_PG_POOL } from '../application/tokens';
import type { FollowUpConfig } from '../followup.config';

/** What follow-up listens to: resolution's `ComplaintResolved`. */
export const SUBSCRIBED_TOPICS = [TOPICS.resolution] as const;

/**
 * Follow-up's Kafka client and its inbound transport (one consumer group over the subscribed
 * topics, records reaching `FollowUpEventsController`); an invalid event goes to
 * `complaints.dlq.followup` at once, one that keeps failing after `FOLLOWUP_MAX_ATTEMPTS` too.
 */
export const followUpMessagingProviders = eventTransportProviders<FollowUpConfig>({
  kafkaToken: FOLLOWUP_KAFKA,
  configToken: FOLLOWUP_CONFIG,
  inbound: (config) => ({
    groupId: config.FOLLOWUP_CONSUMER_GROUP,
    topics: SUBSCRIBED_TOPICS,
    maxAttempts: config.FOLLOWUP_MAX_ATTEMPTS,
    keyConcurrency: config.FOLLOWUP_KEY_CONCURRENCY,
  }),
});

/** Outbound: `followup.events` to `complaints.followup.v1` (`ServiceMessaging`). */
@Injectable()
export class FollowUpMessaging extends ServiceMessagingFor({
  schema: 'followup',
  topic: TOPICS.followup,
  configToken: FOLLOWUP_CONFIG,
  poolToken: FOLLOWUP_PG_POOL,
  kafkaToken: FOLLOWUP_KAFKA,
  loggerName: 'FollowUpOutbox',
}) {}
