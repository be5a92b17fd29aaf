import { IsBase64, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import {
  InvalidCalendarConfig,
  workClockFromSetting,
  type WorkClock,
} from '@redress/business-time';
import { BaseServiceConfig, ConfigError } from '@redress/platform';
import { IntakeSettings } from './application/intake-settings';

/**
 * Intake's environment, validated at start: a missing or malformed variable stops the service
 * with its name in the message. Keys are base64 of 32 random bytes
 * (`node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`).
 */
export class IntakeConfig extends BaseServiceConfig {
  override PORT = 3001;
  override DATABASE_URL = 'postgres://intake@127.0.0.1:5432/redress';
  override KAFKA_CLIENT_ID = 'redress-intake';

  /** Connections of the event store's pool (writes); TypeORM's read pool has 5 more. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /** Master key that wraps every customer's data key (envelope encryption). */
  @IsBase64()
  INTAKE_DATA_KEY!: string;

  /** HMAC key of `customerRef`; changing it changes every customer's reference. */
  @IsBase64()
  INTAKE_CUSTOMER_REF_KEY!: string;

  /**
   * Secret of the public status page: the access codes are kept as HMACs under a key derived
   * from it (and sealed under another in the first answers kept for Idempotency-Key retries);
   * the rate limits' keys are derived from it too. Changing it invalidates every code given.
   */
  @IsBase64()
  INTAKE_ACCESS_CODE_KEY!: string;

  /** Status requests one client address may make per window (`GET`/`POST /public/…`). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  INTAKE_STATUS_LIMIT_PER_CLIENT = 30;

  /** Status requests for one tracking number per window, from all addresses together. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  INTAKE_STATUS_LIMIT_PER_NUMBER = 10;

  /** Length of the rate limits' window, and of the wait once a limit is reached. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  INTAKE_STATUS_WINDOW_SECONDS = 60;

  /** Intake's consumer group (triage's routing); its dead letters go to `complaints.dlq.<group>`. */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: '$property must be 1–100 letters, digits, ".", "_" or "-"',
  })
  INTAKE_CONSUMER_GROUP = 'intake';

  /** Tries of one inbound event before it goes to the dead-letter topic. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  INTAKE_MAX_ATTEMPTS = 5;

  /** Inbound events of one partition handled side by side (one complaint's always in order). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  INTAKE_KEY_CONCURRENCY = 8;

  /** An open complaint of the same customer and subject absorbs new submissions this long. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 365)
  INTAKE_DUPLICATE_WINDOW_HOURS = 72;

  /**
   * The business calendar as JSON (`@redress/business-time` BusinessCalendarConfig) or a preset
   * name (`cn-mainland-2026`, the default, or `24x7`); it decides `acknowledgeBy`.
   */
  @IsOptional()
  @IsString()
  BUSINESS_CALENDAR?: string;
}

/** Decodes keys and policies once; a key of the wrong length stops the start naming it. */
export function buildSettings(config: IntakeConfig): IntakeSettings {
  return new IntakeSettings(
    decodeKey('INTAKE_CUSTOMER_REF_KEY', config.INTAKE_CUSTOMER_REF_KEY),
    decodeKey('INTAKE_DATA_KEY', config.INTAKE_DATA_KEY),
    { windowHours: config.INTAKE_DUPLICATE_WINDOW_HOURS },
    decodeKey('INTAKE_ACCESS_CODE_KEY', config.INTAKE_ACCESS_CODE_KEY),
    {
      perClient: config.INTAKE_STATUS_LIMIT_PER_CLIENT,
      perTrackingNo: config.INTAKE_STATUS_LIMIT_PER_NUMBER,
      windowSeconds: config.INTAKE_STATUS_WINDOW_SECONDS,
    },
  );
}

function decodeKey(name: string, value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new ConfigError([`${name}: must be base64 of exactly 32 bytes (got ${key.length})`]);
  }
  return key;
}

/** The business calendar of `BUSINESS_CALENDAR`: a preset name or a JSON configuration. */
export function buildCalendar(config: IntakeConfig): WorkClock {
  try {
    return workClockFromSetting(config.BUSINESS_CALENDAR);
  } catch (error) {
    if (error instanceof InvalidCalendarConfig) throw new ConfigError([...error.problems]);
    throw error;
  }
}
