import type { Pool } from 'pg';
import { EventStore } from './event-store';
import { createDatabasePool, type PoolLogger } from './pool';
import { schemaNames } from './schema';

/** How long the event store's bookkeeping rows are kept. The events themselves are never purged. */
export interface RetentionPolicy {
  /**
   * Idempotency-Key answers are kept at least this long; a retry within it gets the first
   * answer. Afterwards the key is forgotten (by the next sweep) and may be used again.
   */
  idempotencyKeysMs: number;
  /**
   * Rows of the processed-events ledger are kept at least this long; 0 keeps them forever.
   * The ledger is what makes a redelivered event a no-op, so purging it is safe only for events
   * no consumer can be handed again: see the event store's README before setting it.
   */
  processedEventsMs: number;
}

export interface PurgeResult {
  idempotencyKeys: number;
  processedEvents: number;
}

/** Rows deleted per statement: short transactions, so writers are never held up for long. */
const DEFAULT_BATCH = 5_000;

/**
 * Deletes the idempotency keys and ledger rows of `schema` older than the policy allows at
 * `now`, in batches of `batchSize` rows, until none is left. Safe to run from several replicas
 * at once: a row deleted by one is simply not found by the other.
 */
export async function purgeExpired(
  pool: Pool,
  schema: string,
  policy: RetentionPolicy,
  now: Date,
  batchSize = DEFAULT_BATCH,
): Promise<PurgeResult> {
  assertRetention(policy);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const names = schemaNames(schema);
  const idempotencyKeys = await deleteOlderThan(
    pool,
    names.idempotencyKeys,
    'created_at',
    new Date(now.getTime() - policy.idempotencyKeysMs),
    batchSize,
  );
  const processedEvents =
    policy.processedEventsMs === 0
      ? 0
      : await deleteOlderThan(
          pool,
          names.processedEvents,
          'processed_at',
          new Date(now.getTime() - policy.processedEventsMs),
          batchSize,
        );
  return { idempotencyKeys, processedEvents };
}

async function deleteOlderThan(
  pool: Pool,
  table: string,
  column: string,
  cutoff: Date,
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM ${table} WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM ${table} WHERE ${column} < $1 LIMIT $2))`,
      [cutoff, batchSize],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return deleted;
  }
}

function assertRetention(policy: RetentionPolicy): void {
  if (!Number.isSafeInteger(policy.idempotencyKeysMs) || policy.idempotencyKeysMs < 1) {
    throw new RangeError(
      `idempotencyKeysMs must be a positive integer, got ${policy.idempotencyKeysMs}`,
    );
  }
  if (!Number.isSafeInteger(policy.processedEventsMs) || policy.processedEventsMs < 0) {
    throw new RangeError(
      `processedEventsMs must be 0 (kept forever) or a positive integer, got ${policy.processedEventsMs}`,
    );
  }
}

export interface RetentionSweeperOptions extends RetentionPolicy {
  /** Time between sweeps; the first comes `firstSweepMs` after start. Default one hour. */
  intervalMs?: number;
  /** Default one minute: a service that starts is not slowed by a sweep. */
  firstSweepMs?: number;
  now?: () => Date;
  /** Told what a sweep deleted, when it deleted anything. */
  onPurged?: (result: PurgeResult) => void;
  /** Told when a sweep fails; the next one is tried at the usual time. */
  onError?: (error: unknown) => void;
}

/**
 * Runs `purgeExpired` for one schema at an interval while the service runs. Nest calls
 * `onApplicationBootstrap` and `beforeApplicationShutdown` on a provider that has them; other
 * hosts call `start` and `stop`.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly options: RetentionSweeperOptions,
  ) {
    assertRetention(options);
    schemaNames(schema);
  }

  start(): void {
    if (this.timer) return;
    this.schedule(this.options.firstSweepMs ?? 60_000);
  }

  /** Stops sweeping; waits for a sweep under way to end. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One sweep now (also what the timer runs); failures go to `onError`, never thrown. */
  async sweep(): Promise<PurgeResult | undefined> {
    const now = this.options.now?.() ?? new Date();
    try {
      const result = await purgeExpired(this.pool, this.schema, this.options, now);
      if (result.idempotencyKeys + result.processedEvents > 0) this.options.onPurged?.(result);
      return result;
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.sweep().then(() => {
        this.running = undefined;
        if (this.timer) this.schedule(this.options.intervalMs ?? 3_600_000);
      });
    }, delayMs);
    // A pending sweep never keeps the process alive.
    this.timer.unref();
  }
}

/**
 * A service's Postgres pool, its event store and the store's retention sweeper, as provider
 * definitions Nest takes as they are (plain objects: this lib does not depend on Nest). The
 * pool (`createDatabasePool`) outlives database restarts; it is the service's to end; the
 * sweeper starts and stops with the application.
 */
export function eventStoreProviders(options: {
  schema: string;
  poolToken: symbol;
  storeToken: symbol;
  databaseUrl: string;
  poolSize: number;
  /** The service's clock, for `recorded_at`. */
  now: () => Date;
  retention: RetentionSweeperOptions;
  /** Told when a pooled connection breaks (the database restarted, a proxy dropped it). */
  logger?: PoolLogger;
}) {
  const { schema, poolToken, storeToken } = options;
  return [
    {
      provide: poolToken,
      useFactory: () =>
        createDatabasePool({
          connectionString: options.databaseUrl,
          max: options.poolSize,
          ...(options.logger ? { logger: options.logger } : {}),
        }),
    },
    {
      provide: storeToken,
      inject: [poolToken],
      useFactory: (pool: Pool) => new EventStore(pool, schema, options.now),
    },
    {
      // Old Idempotency-Key answers (and, if configured, ledger rows) are purged hourly.
      provide: RetentionSweeper,
      inject: [poolToken],
      useFactory: (pool: Pool) => new RetentionSweeper(pool, schema, options.retention),
    },
  ];
}
