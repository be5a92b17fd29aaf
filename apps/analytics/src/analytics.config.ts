import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BaseServiceConfig, ConfigError, policySetting } from '@redress/platform';
import {
  compileAnalyticsPolicy,
  DEFAULT_ANALYTICS_POLICY,
  InvalidAnalyticsPolicy,
  type CompiledAnalyticsPolicy,
} from './domain';

/**
 * Analytics' environment, validated at start: a missing or malformed variable stops the service
 * with its name in the message. Detector thresholds are the analytics policy (data).
 */
export class AnalyticsConfig extends BaseServiceConfig {
  override PORT = 3005;
  override DATABASE_URL = 'postgres://analytics@127.0.0.1:5432/redress';
  override KAFKA_CLIENT_ID = 'redress-analytics';

  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Consumer group of the live projection; its dead letters go to `complaints.dlq.<group>`. */
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: '$property must be 1–100 letters, digits, ".", "_" or "-"',
  })
  ANALYTICS_CONSUMER_GROUP = 'analytics';

  /** The IANA time zone days and months are counted in (daily volume, monthly report). */
  @IsString()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, {
    message: '$property must be an IANA time zone such as Asia/Shanghai',
  })
  ANALYTICS_TIME_ZONE = 'Asia/Shanghai';

  /**
   * How often the detectors look whether event time has passed the end of a daily window (plus
   * the policy's allowed lateness), milliseconds. Windows close by event time, never by this
   * clock: it only bounds how soon after that a window's findings are published.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  ANALYTICS_FINDINGS_INTERVAL_MS = 5000;

  /**
   * The backtest of imported history runs once the imported complaints have not changed for this
   * long (an import has settled), milliseconds.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  ANALYTICS_BACKTEST_SETTLE_MS = 60_000;

  /**
   * The detectors' thresholds (windows, surge tests, hot topics, hot words) as a JSON document
   * validated as a whole; unset: `DEFAULT_ANALYTICS_POLICY` (apps/analytics/README.md).
   */
  @IsOptional()
  @IsString()
  ANALYTICS_POLICY?: string;
}

/**
 * `ANALYTICS_POLICY`, or the default policy with its windows on the local days of
 * `ANALYTICS_TIME_ZONE` (so the detectors' days are the reports' days), compiled.
 */
export function buildAnalyticsPolicy(
  config: Pick<AnalyticsConfig, 'ANALYTICS_POLICY' | 'ANALYTICS_TIME_ZONE'>,
): CompiledAnalyticsPolicy {
  const fallback = structuredClone(DEFAULT_ANALYTICS_POLICY);
  fallback.windows.utcOffsetMinutes = standardOffsetMinutes(config.ANALYTICS_TIME_ZONE);
  return policySetting(
    'ANALYTICS_POLICY',
    config.ANALYTICS_POLICY,
    fallback,
    compileAnalyticsPolicy,
    InvalidAnalyticsPolicy,
  );
}

/**
 * The zone's offset from UTC on 1 January, in minutes. Detection windows are days at a fixed
 * offset: in a zone with daylight saving they are an hour off local days in summer (say so in
 * `ANALYTICS_POLICY` if another offset suits better).
 */
export function standardOffsetMinutes(timeZone: string): number {
  let name: string | undefined;
  try {
    name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(Date.UTC(2026, 0, 1)))
      .find((part) => part.type === 'timeZoneName')?.value;
  } catch {
    name = undefined; // not a zone this runtime knows
  }
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!match) throw new ConfigError([`ANALYTICS_TIME_ZONE: unknown time zone ${timeZone}`]);
  if (match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
