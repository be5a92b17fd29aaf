import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Pool } from 'pg';
import { INTAKE_PG_POOL } from '../application/tokens';

/** How often counters whose window and block have both passed are deleted. */
const SWEEP_INTERVAL_MS = 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * `@nestjs/throttler`'s counters in Postgres (`intake.rate_limits`), so every replica counts
 * against the same limits — the library's own store is one process's memory, and with three
 * replicas a client would get three times its limit. Fixed windows, on the database's clock
 * (replicas' clocks may differ): the first request opens a window of `ttl`; past `limit` in it,
 * the key is blocked for `blockDuration` from that moment, and blocked requests are not counted.
 * One statement per request and limit.
 */
@Injectable()
export class PostgresRateLimitStore
  implements ThrottlerStorage, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('RateLimits');
  private sweeper: NodeJS.Timeout | undefined;

  constructor(@Inject(INTAKE_PG_POOL) private readonly pool: Pool) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const { rows } = await this.pool.query<{
      hits: number;
      expires_in: number;
      blocked_for: number;
    }>(
      `WITH hit AS (
         INSERT INTO intake.rate_limits AS r (key, hits, window_ends, blocked_until)
         VALUES ($1, 1, now() + $2 * interval '1 millisecond',
                 CASE WHEN 1 > $3 THEN now() + $4 * interval '1 millisecond' END)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.blocked_until > now() THEN r.hits
                       WHEN r.window_ends <= now() THEN 1
                       ELSE r.hits + 1 END,
           window_ends = CASE WHEN r.blocked_until > now() OR r.window_ends > now() THEN r.window_ends
                              ELSE EXCLUDED.window_ends END,
           blocked_until = CASE
             WHEN r.blocked_until > now() THEN r.blocked_until
             WHEN (CASE WHEN r.window_ends <= now() THEN 1 ELSE r.hits + 1 END) > $3
               THEN now() + $4 * interval '1 millisecond'
             END
         RETURNING hits, window_ends, blocked_until
       )
       SELECT hits,
              ceil(extract(epoch FROM (window_ends - now())))::int AS expires_in,
              coalesce(ceil(extract(epoch FROM (blocked_until - now())))::int, 0) AS blocked_for
         FROM hit`,
      [key, ttl, limit, blockDuration],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('the rate limit counter returned no row');
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, row.expires_in),
      isBlocked: row.blocked_for > 0,
      timeToBlockExpire: Math.max(0, row.blocked_for),
    };
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Deletes counters that no longer limit anything; returns how many. */
  async sweep(): Promise<number> {
    try {
      const { rowCount } = await this.pool.query(
        `DELETE FROM intake.rate_limits
          WHERE window_ends < now() AND (blocked_until IS NULL OR blocked_until < now())`,
      );
      return rowCount ?? 0;
    } catch (error: unknown) {
      // The next sweep tries again; meanwhile old counters only take room.
      this.logger.warn(
        `sweeping rate limits failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 0;
    }
  }
}
