import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { WorkClock } from '@redress/business-time';
import {
  BaseServiceConfig,
  businessCalendarSetting,
  policySetting,
  poolRoomProblems,
} from '@redress/platform';
import {
  compileFollowUpPolicy,
  DEFAULT_FOLLOWUP_POLICY,
  InvalidFollowUpPolicy,
  type CompiledFollowUpPolicy,
} from './domain';

/**
 * Follow-up's environment, validated at start: a missing or malformed variable stops the service
 * with its name in the message. Its rules (callback times, retries, the survey's bar, closure
 * without a survey, retention, the case library's clock) are the follow-up policy, a JSON
 * document validated as a whole.
 */
export class FollowUpConfig extends BaseServiceConfig {
  override PORT = 3004;
  override DATABASE_URL = 'postgres://followup@127.0.0.1:5432/redress';
  override KAFKA_CLIENT_ID = 'redress-followup';

  /** Connections of follow-up's pool (consumer, timers, HTTP). */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Longest wait between two looks for due timers (overdue actions, case-study reminders). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  FOLLOWUP_TIMER_POLL_MS = 5_000;

  /** Due timers one transaction fires (the timers lib's batch). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  FOLLOWUP_TIMER_BATCH_SIZE = 20;

  /**
   * Transactions firing due timers at the same time while a backlog lasts (a burst of timers due
   * in the same second); each holds a database connection of the service's pool meanwhile.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  FOLLOWUP_TIMER_CONCURRENCY = 2;

  override configProblems(): string[] {
    return [
      ...super.configProblems(),
      ...poolRoomProblems(
        'FOLLOWUP_TIMER_CONCURRENCY',
        this.FOLLOWUP_TIMER_CONCURRENCY,
        this.DATABASE_POOL_SIZE,
      ),
    ];
  }

  /** Consumer group of follow-up; its dead letters go to `complaints.dlq.<group>`. */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: '$property must be 1–100 letters, digits, ".", "_" or "-"',
  })
  FOLLOWUP_CONSUMER_GROUP = 'followup';

  /** Tries of one inbound event before it goes to the dead-letter topic. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  FOLLOWUP_MAX_ATTEMPTS = 5;

  /** Inbound events of different complaints handled side by side per partition. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  FOLLOWUP_KEY_CONCURRENCY = 8;

  /**
   * The business calendar (a preset name, `cn-mainland-2026` by default, or JSON) callbacks, their
   * retries and corrective actions "within N working days" are due on.
   */
  @IsOptional()
  @IsString()
  BUSINESS_CALENDAR?: string;

  /** The follow-up policy as JSON, replacing the default as a whole; validated at start. */
  @IsOptional()
  @IsString()
  FOLLOWUP_POLICY?: string;
}

export function buildCalendar(config: Pick<FollowUpConfig, 'BUSINESS_CALENDAR'>): WorkClock {
  return businessCalendarSetting(config.BUSINESS_CALENDAR);
}

/** `FOLLOWUP_POLICY`, or the default policy, compiled on the business calendar. */
export function buildPolicy(
  config: Pick<FollowUpConfig, 'FOLLOWUP_POLICY' | 'BUSINESS_CALENDAR'>,
): CompiledFollowUpPolicy {
  return policySetting(
    'FOLLOWUP_POLICY',
    config.FOLLOWUP_POLICY,
    DEFAULT_FOLLOWUP_POLICY,
    (document) => compileFollowUpPolicy(document, buildCalendar(config)),
    InvalidFollowUpPolicy,
  );
}
