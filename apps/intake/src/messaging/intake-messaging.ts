import { TOPICS } from '@redress/contracts';
import { eventTransportProviders } from '@redress/nest-messaging';
import { INTAKE_CONFIG, INTAKE_KAFKA } from '../application/tokens';
import type { IntakeConfig } from '../intake.config';

/**
 * What intake listens to: triage's decisions, for the department each complaint is routed to,
 * and the lifecycle events of triage, resolution and follow-up, for the customer's status page.
 */
export const SUBSCRIBED_TOPICS = [TOPICS.triage, TOPICS.resolution, TOPICS.followup] as const;

/**
 * Intake's Kafka client, shared by the outbox and the inbound transport, and that transport:
 * one consumer group over those topics, whose records reach the `@EventPattern` handlers of
 * `IntakeEventsController`. An event that is not valid goes to `complaints.dlq.intake` at once,
 * one that keeps failing after `INTAKE_MAX_ATTEMPTS` tries too.
 */
export const intakeMessagingProviders = eventTransportProviders<IntakeConfig>({
  kafkaToken: INTAKE_KAFKA,
  configToken: INTAKE_CONFIG,
  inbound: (config) => ({
    groupId: config.INTAKE_CONSUMER_GROUP,
    topics: SUBSCRIBED_TOPICS,
    maxAttempts: config.INTAKE_MAX_ATTEMPTS,
    keyConcurrency: config.INTAKE_KEY_CONCURRENCY,
  }),
});
