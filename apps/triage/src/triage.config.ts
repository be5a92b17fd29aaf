import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { BaseServiceConfig } from '@redress/platform';

/**
 * Triage's environment, validated at start: a missing or malformed variable stops the service
 * with its name in the message. The triage policy itself (taxonomy, routing, severity,
 * escalation, SLA, calendar) is data, changed through `PUT /triage/policy`, not configuration.
 */
export class TriageConfig extends BaseServiceConfig {
  override PORT = 3002;
  override DATABASE_URL = 'postgres://triage@127.0.0.1:5432/redress';
  override KAFKA_CLIENT_ID = 'redress-triage';

  /** Connections of triage's pool (consumer, timers, HTTP). */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Longest wait between two looks for due escalation timers. The worker sleeps until the next
   * timer is due and is woken by timers this replica arms; this bounds how late it notices
   * timers armed by other replicas.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  TRIAGE_TIMER_POLL_MS = 5_000;

  /** Consumer group of triage; its dead letters go to `complaints.dlq.<group>`. */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: '$property must be 1–100 letters, digits, ".", "_" or "-"',
  })
  TRIAGE_CONSUMER_GROUP = 'triage';

  /** Tries of one inbound event before it goes to the dead-letter topic. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  TRIAGE_MAX_ATTEMPTS = 5;

  /**
   * Inbound events of one partition handled at the same time: events of one complaint always
   * one after another, in order; those of different complaints side by side (a decision mostly
   * waits on the database). 1 handles each partition strictly in order.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  TRIAGE_KEY_CONCURRENCY = 8;
}
