import {
  IsBase64,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Type } from 'class-transformer';
import { DEFAULT_GROUP_COMMIT } from '@redress/event-store';
import type { WorkClock } from '@redress/business-time';
import {
  BaseServiceConfig,
  businessCalendarSetting,
  ConfigError,
  type ServiceAppOptions,
} from '@redress/platform';
import { DEFAULT_IMPORT_SETTINGS, IntakeSettings } from './application/intake-settings';
import { isTimeZone } from './domain/import/import-date.policy';
import { IMPORTS_PATH } from './http/imports.controller';
import { MASTER_KEY_ID, MasterKeys, parseKeyring } from './application/personal-data/master-keys';

@ValidatorConstraint({ name: 'isTimeZoneName' })
class IsTimeZoneName implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isTimeZone(value);
  }
  defaultMessage(): string {
    return '$property must be an IANA time zone (Asia/Shanghai, Europe/Berlin, UTC)';
  }
}

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

  /** The current master key: it wraps every new customer data key (envelope encryption). */
  @IsBase64()
  INTAKE_DATA_KEY!: string;

  /** The id of INTAKE_DATA_KEY, recorded with every data key it wraps. */
  @Matches(MASTER_KEY_ID, {
    message: "INTAKE_DATA_KEY_ID must be 1–64 letters, digits, '.', '-' or '_'",
  })
  INTAKE_DATA_KEY_ID = 'k1';

  /**
   * Other master keys, kept to unwrap data keys they wrapped (before a rotation, or ahead of
   * one): `id:base64` pairs separated by commas.
   */
  @IsOptional()
  @IsString()
  INTAKE_DATA_KEYRING?: string;

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

  /**
   * Intake's consumer group (triage's routing; the lifecycle events of triage, resolution and
   * follow-up for the status page); its dead letters go to `complaints.dlq.<group>`.
   */
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

  /**
   * The largest body `POST /complaints/imports` reads, in bytes, counted as sent and again once
   * decompressed (a small gzip may hold a huge file). 2 GiB by default.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  INTAKE_IMPORT_MAX_BYTES = DEFAULT_IMPORT_SETTINGS.maxBytes;

  /** The time zone of an import's dates written without one (an IANA zone). */
  @Validate(IsTimeZoneName)
  INTAKE_IMPORT_TIME_ZONE = DEFAULT_IMPORT_SETTINGS.timeZone;

  /** Rows of an import written per transaction. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  INTAKE_IMPORT_BATCH_SIZE = DEFAULT_IMPORT_SETTINGS.batchSize;

  /**
   * Group commit of registrations (`POST /complaints`): the most registrations that share one
   * transaction and its WAL flush (1: each commits alone). At most 60, below the 64
   * subtransactions Postgres keeps per transaction without spilling (one savepoint each).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  INTAKE_GROUP_COMMIT_MAX_BATCH = DEFAULT_GROUP_COMMIT.maxBatch;

  /**
   * How long, in milliseconds, a registration arriving while a group transaction is free waits
   * for others to join it (0: it starts at once; registrations arriving while every group
   * transaction is busy go together into the next anyway).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000)
  INTAKE_GROUP_COMMIT_MAX_WAIT_MS = DEFAULT_GROUP_COMMIT.maxWaitMs;

  /** Group transactions open at once, each on a connection of the pool. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  INTAKE_GROUP_COMMIT_TRANSACTIONS = DEFAULT_GROUP_COMMIT.concurrency;

  /**
   * How long one request may take to arrive whole (Node's `requestTimeout`), in seconds. An
   * import's body is read as fast as its rows are written, so a large file takes minutes: one
   * hour by default (0: no limit). Slow clients of the other routes are still bounded by the
   * header timeout and the JSON body limit.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  HTTP_REQUEST_TIMEOUT_SECONDS = 3_600;
}

/** Decodes keys and policies once; a key of the wrong length stops the start naming it. */
export function buildSettings(config: IntakeConfig): IntakeSettings {
  return new IntakeSettings(
    decodeKey('INTAKE_CUSTOMER_REF_KEY', config.INTAKE_CUSTOMER_REF_KEY),
    buildMasterKeys(config),
    { windowHours: config.INTAKE_DUPLICATE_WINDOW_HOURS },
    decodeKey('INTAKE_ACCESS_CODE_KEY', config.INTAKE_ACCESS_CODE_KEY),
    {
      perClient: config.INTAKE_STATUS_LIMIT_PER_CLIENT,
      perTrackingNo: config.INTAKE_STATUS_LIMIT_PER_NUMBER,
      windowSeconds: config.INTAKE_STATUS_WINDOW_SECONDS,
    },
    {
      maxBytes: config.INTAKE_IMPORT_MAX_BYTES,
      timeZone: config.INTAKE_IMPORT_TIME_ZONE,
      batchSize: config.INTAKE_IMPORT_BATCH_SIZE,
    },
    {
      maxBatch: config.INTAKE_GROUP_COMMIT_MAX_BATCH,
      maxWaitMs: config.INTAKE_GROUP_COMMIT_MAX_WAIT_MS,
      concurrency: config.INTAKE_GROUP_COMMIT_TRANSACTIONS,
    },
  );
}

/** INTAKE_DATA_KEY as INTAKE_DATA_KEY_ID, and the keyring's keys beside it. */
function buildMasterKeys(config: IntakeConfig): MasterKeys {
  const current = decodeKey('INTAKE_DATA_KEY', config.INTAKE_DATA_KEY);
  const { keys, problems } = parseKeyring(config.INTAKE_DATA_KEYRING ?? '');
  const clash = keys.find(([id, key]) => id === config.INTAKE_DATA_KEY_ID && !key.equals(current));
  if (clash) {
    problems.push(
      `INTAKE_DATA_KEYRING: key "${clash[0]}" is INTAKE_DATA_KEY_ID with another key than INTAKE_DATA_KEY`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return new MasterKeys(config.INTAKE_DATA_KEY_ID, [[config.INTAKE_DATA_KEY_ID, current], ...keys]);
}

function decodeKey(name: string, value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new ConfigError([`${name}: must be base64 of exactly 32 bytes (got ${key.length})`]);
  }
  return key;
}

/** How intake's HTTP application is set up, the same in main.ts and the tests. */
export function intakeAppOptions(config: IntakeConfig): ServiceAppOptions {
  return {
    service: 'intake',
    bodyLimit: config.HTTP_BODY_LIMIT,
    trustProxy: config.HTTP_TRUST_PROXY,
    // POST /complaints/imports streams its body (http/imports.controller.ts), which arrives as
    // fast as its rows are written: minutes for a large file.
    streamedBodies: [IMPORTS_PATH],
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
  };
}

/** The business calendar of `BUSINESS_CALENDAR`: a preset name or a JSON configuration. */
export function buildCalendar(config: Pick<IntakeConfig, 'BUSINESS_CALENDAR'>): WorkClock {
  return businessCalendarSetting(config.BUSINESS_CALENDAR);
}
