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
  compileResolutionPolicy,
  DEFAULT_RESOLUTION_POLICY,
  InvalidResolutionPolicy,
  type CompiledResolutionPolicy,
} from './domain';

/**
 * Resolution's environment, validated at start: a missing or malformed variable stops the service
 * with its name in the message. The rules of handling (approval matrix, clocks, supervision,
 * crisis) are the resolution policy, a JSON document validated as a whole.
 */
export class ResolutionConfig extends BaseServiceConfig {
  override PORT = 3003;
  override DATABASE_URL = 'postgres://resolution@127.0.0.1:5432/redress';
  override KAFKA_CLIENT_ID = 'redress-resolution';

  /** Connections of resolution's pool (consumer, timers, HTTP). */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Longest wait between two looks for due SLA timers. The worker sleeps until the next timer is
   * due and is woken by timers this replica arms; this bounds how late it notices timers armed by
   * other replicas.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  RESOLUTION_TIMER_POLL_MS = 1_000;

  /** Due timers one transaction fires (the timers lib's batch). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  RESOLUTION_TIMER_BATCH_SIZE = 20;

  /**
   * Transactions firing due timers at the same time while a backlog lasts (a burst of timers due
   * in the same second); each holds a database connection of the service's pool meanwhile.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  RESOLUTION_TIMER_CONCURRENCY = 2;

  override configProblems(): string[] {
    return [
      ...super.configProblems(),
      ...poolRoomProblems(
        'RESOLUTION_TIMER_CONCURRENCY',
        this.RESOLUTION_TIMER_CONCURRENCY,
        this.DATABASE_POOL_SIZE,
      ),
    ];
  }

  /** Consumer group of resolution; its dead letters go to `complaints.dlq.<group>`. */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: '$property must be 1–100 letters, digits, ".", "_" or "-"',
  })
  RESOLUTION_CONSUMER_GROUP = 'resolution';

  /** Tries of one inbound event before it goes to the dead-letter topic. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  RESOLUTION_MAX_ATTEMPTS = 5;

  /**
   * Inbound events of one partition handled at the same time: events of one complaint always one
   * after another, in order; those of different complaints side by side.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  RESOLUTION_KEY_CONCURRENCY = 8;

  /**
   * The business calendar as JSON (`@redress/business-time` BusinessCalendarConfig) or a preset
   * name (`cn-mainland-2026`, the default, or `24x7`). Clocks of severities counted on the
   * business calendar warn by it, and actions due "within N business days" fall on it; keep it
   * the same as the calendar of triage's policy, which computes the deadlines.
   */
  @IsOptional()
  @IsString()
  BUSINESS_CALENDAR?: string;

  /**
   * The resolution policy as JSON (approval matrix, clocks, supervision, crisis), replacing the
   * default document as a whole; validated at start, every bad part named by its path.
   */
  @IsOptional()
  @IsString()
  RESOLUTION_POLICY?: string;
}

/** The business calendar of `BUSINESS_CALENDAR`: a preset name or a JSON configuration. */
export function buildCalendar(config: Pick<ResolutionConfig, 'BUSINESS_CALENDAR'>): WorkClock {
  return businessCalendarSetting(config.BUSINESS_CALENDAR);
}

/** `RESOLUTION_POLICY`, or the default policy, compiled on the business calendar. */
export function buildPolicy(
  config: Pick<ResolutionConfig, 'RESOLUTION_POLICY' | 'BUSINESS_CALENDAR'>,
): CompiledResolutionPolicy {
  return policySetting(
    'RESOLUTION_POLICY',
    config.RESOLUTION_POLICY,
    DEFAULT_RESOLUTION_POLICY,
    (document) => compileResolutionPolicy(document, buildCalendar(config)),
    InvalidResolutionPolicy,
  );
}
