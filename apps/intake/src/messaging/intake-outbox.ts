import { Injectable } from '@nestjs/common';
import { TOPICS } from '@redress/contracts';
import { ServiceMessagingFor } from '@redress/platform';
import { INTAKE_CONFIG, INTAKE_KAFKA, INTAKE_PG_POOL } from '../application/tokens';

/**
 * Intake's way out: every event committed to `intake.events` reaches `complaints.intake.v1`,
 * in commit order, keyed by complaint id, even when Kafka was down while it was committed. It
 * also owns the lifecycle of the connections it needs, closing them in order on shutdown (relay,
 * producer, pool), and reports the inbound consumer's metrics (`ServiceMessaging` of the
 * platform lib, the same in every service).
 */
@Injectable()
export class IntakeOutbox extends ServiceMessagingFor({
  schema: 'intake',
  topic: TOPICS.intake,
  configToken: INTAKE_CONFIG,
  poolToken: INTAKE_PG_POOL,
  kafkaToken: INTAKE_KAFKA,
  loggerName: 'IntakeOutbox',
}) {}
