import type { Pool, PoolClient } from 'pg';
import { onAppended } from './append-signal';
import { Wakeup } from './wakeup';
import { backoffDelay, compareCheckpoints, ORIGIN, type Checkpoint } from './checkpoint';
import {
  entryColumns,
  openEntriesOf,
  recordSetAside,
  releasedStreams,
  resolvePublished,
  sendInOrder,
  toEntry,
  type QuarantineReason,
  type SetAside,
} from './outbox-quarantine';
import { schemaNames, type SchemaNames } from './schema';
import { queryPrepared, type Sql } from './sql';
import type { StoredEvent } from './stored-event';

/** Satisfied by NestJS's `Logger`. */
export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export interface OutboxRelayOptions {
  pool: Pool;
  schema: string;
  /** Row of `outbox_checkpoints` and part of the leadership lock; one per destination. */
  name?: string;
  /** Sends one batch, in order; must throw unless every event was accepted by the broker. */
  publish: (events: StoredEvent[]) => Promise<void>;
  /**
   * Tells, for an error `publish` threw, that the events themselves can never be published
   * (the broker refuses them: too large, invalid), as opposed to a failure worth retrying.
   * The relay then finds the event at fault and sets it aside in the outbox quarantine instead
   * of retrying it forever. Default: every failure is retried.
   */
  isUnpublishable?: (error: unknown) => boolean;
  /**
   * Hand each event's data to `publish` as the JSON text stored (`JsonText`), not parsed: for a
   * `publish` that only serialises it again (default false).
   */
  dataAsText?: boolean;
  /** How often the leader looks for quarantined streams an operator released (default 5 s). */
  releaseCheckMs?: number;
  batchSize?: number;
  /**
   * Longest pause between two reads of the store while it is quiet. Appends committed through an
   * EventStore of this process wake the relay at once; those of other processes or replicas are
   * found by polling, which tightens to `activePollIntervalMs` while reads find events and backs
   * off (doubling) to this interval when they find none.
   */
  pollIntervalMs?: number;
  /** Pause between reads while events keep coming (default 10 ms, at most `pollIntervalMs`). */
  activePollIntervalMs?: number;
  /** How often a standby instance tries to take over the lock. */
  standbyRetryMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /**
   * Hand-over safety (default 10 000 ms). A leader publishes only within half a lease of its
   * last write to its checkpoint row; a relay that takes the lock from another waits until a
   * whole lease has passed since that write, so a former leader that lost its session (and the
   * lock with it) while publishing has finished before the new one starts.
   */
  leaseMs?: number;
  logger?: RelayLogger;
}

export type RelayState = 'stopped' | 'standby' | 'leader';

export interface RelayStatus {
  state: RelayState;
  /** Where this instance stands while it leads; null otherwise. */
  checkpoint: Checkpoint | null;
  /** Completed reads of the store by this instance, for health checks and tests. */
  polls: number;
  /** Events this instance has published (and checkpointed). */
  published: number;
  /** Consecutive failed attempts; 0 when the last one succeeded. */
  failures: number;
  /** Events this instance set aside in the outbox quarantine, by reason. */
  quarantined: Record<QuarantineReason, number>;
  /** Quarantined events this instance published after an operator released them. */
  released: number;
}

interface Session {
  client: PoolClient;
  checkpoint: Checkpoint;
  /** Not before this (`performance.now()`): the previous leader's lease runs until then. */
  publishableAt: number;
  /** When this session last sent a write to its checkpoint row (`performance.now()`). */
  stampedAt: number;
  lost: Error | undefined;
  onError: (error: Error) => void;
  /** Ends the in-process append subscription. */
  unsubscribe: () => void;
}

class PublishFailed extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** Separates the relay's two-key advisory locks from those of other code in the database. */
export const LOCK_NAMESPACE = 'redress.outbox';

/**
 * Pause between reads while committed events wait behind the horizon (an older transaction
 * anywhere in the cluster is still open): short, since they become readable when it ends.
 */
const HELD_BACK_PAUSE_MS = 50;

const consoleLogger: RelayLogger = {
  log: () => undefined,
  warn: (message) => console.warn(message),
  error: (message, stack) => console.error(stack ? `${message}\n${stack}` : message),
};

/**
 * Publishes the committed events of one schema, in order, at least once.
 *
 * The gap problem: positions come from a sequence, taken before commit, so position 7 may
 * become visible after position 8; a reader tailing by position alone would skip 7 forever.
 * The relay reads in (transaction_id, position) order and only events whose transaction id is
 * below the xmin of the current snapshot — every such transaction has ended, and any transaction
 * still to commit has a larger id — so nothing can later appear behind the checkpoint. The
 * price: one long-running transaction anywhere in the cluster holds publication back until it
 * ends (set `idle_in_transaction_session_timeout`, keep appends short); while it holds events
 * back, the relay looks again every 50 ms instead of backing off.
 *
 * One instance per schema and name publishes: it holds a session-level advisory lock on a
 * dedicated pooled connection. It is woken in process when an EventStore of the same schema
 * commits an append (append-signal.ts) and polls adaptively for appends of other processes
 * (every `activePollIntervalMs` while events come, backing off to `pollIntervalMs`). Other
 * instances stand by and try to take the lock every `standbyRetryMs`; one that takes it from
 * another waits out that one's lease first (`leaseMs`), and a leader whose session broke takes
 * the lock again on a new connection. The checkpoint advances only after
 * `publish` resolved; a failed publish is retried with capped exponential back-off, from the
 * same checkpoint. Dying between publish and checkpoint means publishing again: consumers are
 * idempotent on the event id.
 *
 * An event that can never be published (`isUnpublishable`, or a row that does not decode) is set
 * aside in the outbox quarantine instead, with the later events of its stream, and the relay goes
 * on (outbox-quarantine.ts); an operator releases the stream once the cause is fixed.
 */
export class OutboxRelay {
  private readonly names: SchemaNames;
  private readonly name: string;
  private readonly pool: Pool;
  private readonly publish: (events: StoredEvent[]) => Promise<void>;
  private readonly isUnpublishable: (error: unknown) => boolean;
  private readonly dataAsText: boolean;
  private readonly releaseCheckMs: number;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly activePollIntervalMs: number;
  private readonly standbyRetryMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly leaseMs: number;
  private readonly logger: RelayLogger;

  private session: Session | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private backingOff = false;
  private readonly wake = new Wakeup();
  private readonly progressWaiters = new Set<() => void>();
  private polls = 0;
  /** Consecutive reads that found nothing, since the last that found events or a wake-up. */
  private quietPolls = 0;
  /** The last empty read saw committed events past the checkpoint, held back by the horizon. */
  private heldBack = false;
  private publishedCount = 0;
  private failures = 0;
  /** `updated_at` of the checkpoint row as this instance last wrote it: its own lease. */
  private ownStamp: string | undefined;
  private readonly quarantined: Record<QuarantineReason, number> = {
    rejected: 0,
    unreadable: 0,
    held: 0,
  };
  private releasedCount = 0;
  private nextReleaseCheck = 0;

  constructor(options: OutboxRelayOptions) {
    this.names = schemaNames(options.schema);
    this.name = options.name ?? 'outbox';
    if (this.name.length === 0) throw new TypeError('relay name must be non-empty');
    this.pool = options.pool;
    this.publish = options.publish;
    this.isUnpublishable = options.isUnpublishable ?? (() => false);
    this.dataAsText = options.dataAsText ?? false;
    this.releaseCheckMs = positive(options.releaseCheckMs ?? 5000, 'releaseCheckMs');
    this.batchSize = positive(options.batchSize ?? 500, 'batchSize');
    this.pollIntervalMs = positive(options.pollIntervalMs ?? 200, 'pollIntervalMs');
    this.activePollIntervalMs = Math.min(
      positive(options.activePollIntervalMs ?? 10, 'activePollIntervalMs'),
      this.pollIntervalMs,
    );
    this.standbyRetryMs = positive(options.standbyRetryMs ?? 2000, 'standbyRetryMs');
    this.backoffInitialMs = positive(options.backoffInitialMs ?? 100, 'backoffInitialMs');
    this.backoffMaxMs = positive(options.backoffMaxMs ?? 30_000, 'backoffMaxMs');
    this.leaseMs = positive(options.leaseMs ?? 10_000, 'leaseMs');
    this.logger = options.logger ?? consoleLogger;
  }

  /**
   * Starts the relay in the background. Resolves after the first attempt to take the lock, so
   * `status().state` then tells whether this instance leads or stands by. Never rejects for
   * database trouble: that is logged and retried.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    let firstAttempt: () => void = () => undefined;
    const attempted = new Promise<void>((resolve) => {
      firstAttempt = resolve;
    });
    this.running = this.run(firstAttempt).catch((error: unknown) => {
      this.logger.error(
        `outbox relay ${this.describe()} stopped unexpectedly: ${messageOf(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
    });
    await attempted;
  }

  /**
   * Finishes the batch in flight (publish and checkpoint), then unlistens, releases the lock and
   * gives the connection back. A standby or backing-off relay stops at once.
   */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.stopping = true;
    this.wake.fire(true);
    await running;
    this.running = undefined;
  }

  status(): RelayStatus {
    return {
      state: !this.running || this.stopping ? 'stopped' : this.session ? 'leader' : 'standby',
      checkpoint: this.session ? { ...this.session.checkpoint } : null,
      polls: this.polls,
      published: this.publishedCount,
      failures: this.failures,
      quarantined: { ...this.quarantined },
      released: this.releasedCount,
    };
  }

  /** Events committed and not yet published (by whichever instance leads). */
  async lag(): Promise<number> {
    const checkpoint = await this.readCheckpoint(this.pool);
    const { rows } = await this.pool.query<{ lag: string }>(
      `SELECT count(*) AS lag FROM ${this.names.events}
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)`,
      [checkpoint.transactionId, checkpoint.position],
    );
    return Number(rows[0]?.lag ?? 0);
  }

  /**
   * Resolves once every event committed before the call is published (by this or another
   * instance). Waits as long as it takes unless `timeoutMs` is given; with no relay running it
   * never resolves.
   */
  async drain(options: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const { rows } = await this.pool.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text AS transaction_id, position FROM ${this.names.events}
        ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    const last = rows[0];
    if (!last) return;
    const target: Checkpoint = {
      transactionId: last.transaction_id,
      position: Number(last.position),
    };
    for (;;) {
      const reached = await this.readCheckpoint(this.pool);
      if (compareCheckpoints(reached, target) >= 0) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `outbox relay ${this.describe()} did not publish up to ${format(target)} ` +
            `within ${options.timeoutMs} ms; it stands at ${format(reached)}`,
        );
      }
      await this.progress(Math.min(this.pollIntervalMs, remaining));
    }
  }

  private async run(attempted: () => void): Promise<void> {
    try {
      while (!this.stopping) {
        const session = this.session ?? (await this.acquire());
        attempted();
        if (!session) {
          await this.wake.sleep(this.standbyRetryMs);
          continue;
        }
        if (session.lost) {
          await this.release(session.lost);
          continue;
        }
        const pause = session.publishableAt - performance.now();
        if (pause > 0) {
          // Only stop() or a lost connection cut this short: see `leaseMs`.
          await this.wake.sleep(Math.ceil(pause), { ignoreSignals: true });
          continue;
        }
        let count: number;
        try {
          count = await this.pumpOnce(session);
          this.failures = 0;
        } catch (error) {
          this.failures += 1;
          const delay = backoffDelay(this.failures, this.backoffInitialMs, this.backoffMaxMs);
          const cause = error instanceof PublishFailed ? error.reason : error;
          const stack = cause instanceof Error ? cause.stack : undefined;
          if (error instanceof PublishFailed) {
            this.logger.error(
              `outbox relay ${this.describe()}: publish failed (${this.failures} in a row), ` +
                `retrying from ${format(session.checkpoint)} in ${delay} ms: ${error.message}`,
              stack,
            );
          } else {
            this.logger.error(
              `outbox relay ${this.describe()}: database error, giving up the lock ` +
                `and retrying in ${delay} ms: ${messageOf(cause)}`,
              stack,
            );
            await this.release(toError(cause));
          }
          this.backingOff = true;
          await this.wake.sleep(delay);
          this.backingOff = false;
          continue;
        }
        if (count >= this.batchSize) continue;
        if (count > 0) {
          // Under load every commit wakes the relay: pausing a moment after a partial batch
          // gathers the next one, instead of one read, publish and checkpoint per commit.
          this.quietPolls = 0;
          await this.wake.sleep(this.activePollIntervalMs, { ignoreSignals: true });
          continue;
        }
        if (this.heldBack) {
          // Events are there but an older transaction somewhere in the cluster still runs: they
          // become readable the moment it ends, so look again soon rather than backing off.
          await this.wake.sleep(Math.min(HELD_BACK_PAUSE_MS, this.pollIntervalMs));
          continue;
        }
        this.quietPolls += 1;
        await this.wake.sleep(this.idlePause());
      }
    } finally {
      attempted();
      await this.release();
      this.notifyProgress();
    }
  }

  /**
   * Adaptive polling: right after events (or a wake-up) the next read comes soon, since more
   * are likely (and a wake-up may precede the moment its events become readable: see the gap,
   * above); every read that finds nothing doubles the pause, up to `pollIntervalMs`.
   */
  private idlePause(): number {
    if (this.quietPolls <= 1) return this.activePollIntervalMs;
    const pause = this.activePollIntervalMs * 2 ** Math.min(this.quietPolls - 1, 20);
    return Math.min(pause, this.pollIntervalMs);
  }

  private async pumpOnce(session: Session): Promise<number> {
    // A wake-up arriving from here on must trigger another read after this one.
    this.wake.clear();
    await this.publishReleased(session);
    const { rows } = await queryPrepared<Record<string, unknown>>(
      session.client,
      `SELECT ${entryColumns(this.names, '$4', this.dataAsText)} FROM ${this.names.events} e
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, position
        LIMIT $3`,
      [session.checkpoint.transactionId, session.checkpoint.position, this.batchSize, this.name],
    );
    this.polls += 1;
    const entries = rows.map((row) => toEntry(row, this.dataAsText));
    if (entries.length === 0) {
      this.heldBack = await this.eventsBeyondHorizon(session);
      this.notifyProgress();
      return 0;
    }
    await this.guardLease(session);
    const outcome = await sendInOrder(entries, this.publish, this.isUnpublishable);
    const last = entries[outcome.done - 1];
    if (last) {
      const next: Checkpoint = { transactionId: last.transactionId, position: last.position };
      if (await this.checkpoint(session, next, outcome.setAside)) {
        this.publishedCount += outcome.published;
        this.reportSetAside(outcome.setAside);
      }
      this.notifyProgress();
    }
    if (outcome.failure !== undefined) throw new PublishFailed(outcome.failure);
    return entries.length;
  }

  /** Whether committed events wait past the checkpoint that the horizon keeps from being read. */
  private async eventsBeyondHorizon(session: Session): Promise<boolean> {
    // The first such event in index order, not EXISTS: the prepared statement's generic plan of
    // EXISTS scanned the whole events table on every look that found nothing (the resolution
    // benchmark: 121 million rows in one run); this one is an index-only scan.
    const { rows } = await queryPrepared<{ position: string }>(
      session.client,
      `SELECT position FROM ${this.names.events}
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
        ORDER BY transaction_id, position LIMIT 1`,
      [session.checkpoint.transactionId, session.checkpoint.position],
    );
    return rows.length > 0;
  }

  /**
   * Moves the checkpoint to `next`; with events set aside, records them in the same transaction,
   * so an event is either published, or in the quarantine, or still ahead of the checkpoint.
   * False when another instance had moved the checkpoint (nothing recorded then).
   */
  private async checkpoint(
    session: Session,
    next: Checkpoint,
    setAside: readonly SetAside[],
  ): Promise<boolean> {
    const { client } = session;
    const inTransaction = setAside.length > 0;
    const sentAt = performance.now();
    if (inTransaction) await client.query('BEGIN');
    try {
      await recordSetAside(client, this.names.schema, this.name, setAside);
      // Never moves backwards, even if a lost lock ever let two instances publish at once. The
      // stamp renews this instance's lease (see `guardLease`).
      const { rowCount, rows } = await queryPrepared<{ stamp: string }>(
        client,
        `UPDATE ${this.names.outboxCheckpoints}
            SET transaction_id = $2::xid8, position = $3, updated_at = now()
          WHERE name = $1 AND (transaction_id, position) < ($2::xid8, $3::bigint)
          RETURNING updated_at::text AS stamp`,
        [this.name, next.transactionId, next.position],
      );
      if (rowCount !== 1) {
        if (inTransaction) await client.query('ROLLBACK');
        this.logger.warn(`outbox relay ${this.describe()}: checkpoint moved by another instance`);
        session.checkpoint = await this.readCheckpoint(client);
        return false;
      }
      if (inTransaction) await client.query('COMMIT');
      session.stampedAt = sentAt;
      this.ownStamp = rows[0]?.stamp;
    } catch (error) {
      if (inTransaction) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    session.checkpoint = next;
    return true;
  }

  /**
   * Before anything is published: a session that broke took the lock with it (another instance
   * may lead by now), and a lease older than half its length is renewed first.
   */
  private async guardLease(session: Session): Promise<void> {
    if (session.lost) throw session.lost;
    if (performance.now() - session.stampedAt > this.leaseMs / 2) await this.renewLease(session);
  }

  /**
   * Publishes the quarantined events of streams an operator released, each stream's in order,
   * and resolves them; one that fails again stays (with the events behind it). Runs at most every
   * `releaseCheckMs`, inside the relay's loop, so it never races with the read that holds a
   * stream's later events back.
   */
  private async publishReleased(session: Session): Promise<void> {
    if (Date.now() < this.nextReleaseCheck) return;
    this.nextReleaseCheck = Date.now() + this.releaseCheckMs;
    const { client } = session;
    for (const streamId of await releasedStreams(client, this.names.schema, this.name)) {
      const entries = await openEntriesOf(client, this.names.schema, this.name, streamId);
      await this.guardLease(session);
      const outcome = await sendInOrder(entries, this.publish, this.isUnpublishable);
      const again = new Set(outcome.setAside.map((s) => s.entry.eventId));
      const published = entries
        .slice(0, outcome.done)
        .filter((e) => !again.has(e.eventId))
        .map((e) => e.eventId);
      await client.query('BEGIN');
      try {
        await resolvePublished(client, this.names.schema, this.name, published);
        await recordSetAside(client, this.names.schema, this.name, outcome.setAside);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      this.releasedCount += published.length;
      if (published.length > 0) {
        this.logger.log(
          `outbox relay ${this.describe()}: published ${published.length} released event(s) ` +
            `of stream ${streamId}`,
        );
      }
      this.reportSetAside(outcome.setAside);
      if (outcome.failure !== undefined) {
        // The rest keep their release request and are tried again after the back-off.
        this.nextReleaseCheck = 0;
        throw new PublishFailed(outcome.failure);
      }
    }
  }

  /** One log line per event set aside: its identity and the reason, never its content. */
  private reportSetAside(setAside: readonly SetAside[]): void {
    for (const { entry, reason, error } of setAside) {
      this.quarantined[reason] += 1;
      const line =
        `outbox relay ${this.describe()}: event ${entry.eventId} (${entry.type}, stream ` +
        `${entry.streamId} v${entry.streamVersion}, position ${entry.position}) set aside in ` +
        `the quarantine, ${reason}: ${error}`;
      if (reason === 'held') this.logger.warn(line);
      else this.logger.error(line);
    }
  }

  /** Takes the lock on a dedicated connection, or returns undefined when another leads. */
  private async acquire(): Promise<Session | undefined> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.logger.warn(`outbox relay ${this.describe()}: cannot connect: ${messageOf(error)}`);
      return undefined;
    }
    const session: Session = {
      client,
      checkpoint: ORIGIN,
      publishableAt: 0,
      stampedAt: -Infinity,
      lost: undefined,
      onError: (error) => {
        session.lost = error;
        this.logger.error(
          `outbox relay ${this.describe()}: connection lost: ${error.message}`,
          error.stack,
        );
        this.wake.fire(true);
      },
      unsubscribe: () => undefined,
    };
    // A checked-out client that errors with no listener would crash the process.
    client.on('error', session.onError);
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked',
        [LOCK_NAMESPACE, this.lockName()],
      );
      if (rows[0]?.locked !== true) {
        client.off('error', session.onError);
        client.release();
        return undefined;
      }
      // A new row holds no lease: '-infinity' is "no leader has written it".
      await client.query(
        `INSERT INTO ${this.names.outboxCheckpoints} (name, updated_at) VALUES ($1, '-infinity')
         ON CONFLICT DO NOTHING`,
        [this.name],
      );
      const lease = await this.readLease(client);
      session.checkpoint = lease.checkpoint;
      // This instance's own lease needs no waiting: its publishes are over once it reconnects.
      const wait = lease.stamp === this.ownStamp ? 0 : lease.remainingMs;
      session.publishableAt = performance.now() + wait;
      if (wait > 0) {
        this.logger.log(
          `outbox relay ${this.describe()} took over a lease of another instance; ` +
            `publishing in ${wait} ms`,
        );
      }
    } catch (error) {
      this.logger.error(
        `outbox relay ${this.describe()}: cannot take the lead: ${messageOf(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
      // Closing the connection also ends the session and with it any lock it took.
      client.release(toError(error));
      return undefined;
    }
    this.session = session;
    this.quietPolls = 0;
    session.unsubscribe = onAppended(this.names.schema, () => {
      if (this.backingOff) return;
      this.quietPolls = 0;
      this.wake.fire();
    });
    this.logger.log(`outbox relay ${this.describe()} leads from ${format(session.checkpoint)}`);
    return session;
  }

  private async release(failure?: Error): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    const { client } = session;
    session.unsubscribe();
    let broken = failure ?? session.lost;
    if (!broken) {
      try {
        // Nothing is in flight any more: a successor need not wait out this lease.
        await client.query(
          `UPDATE ${this.names.outboxCheckpoints} SET updated_at = '-infinity' WHERE name = $1`,
          [this.name],
        );
        this.ownStamp = undefined;
        await client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [
          LOCK_NAMESPACE,
          this.lockName(),
        ]);
      } catch (error) {
        broken = toError(error);
      }
    }
    if (broken) {
      // Destroyed, not pooled: the server ends the session, and its lock with it.
      client.release(broken);
    } else {
      client.off('error', session.onError);
      client.release();
    }
  }

  /** Writes the lease before a publish when the last write is older than half of it. */
  private async renewLease(session: Session): Promise<void> {
    const sentAt = performance.now();
    const { rows } = await queryPrepared<{ stamp: string }>(
      session.client,
      `UPDATE ${this.names.outboxCheckpoints} SET updated_at = now() WHERE name = $1
        RETURNING updated_at::text AS stamp`,
      [this.name],
    );
    session.stampedAt = sentAt;
    this.ownStamp = rows[0]?.stamp;
  }

  /** The checkpoint, and how much of the last writer's lease is left (database clock). */
  private async readLease(
    sql: Sql,
  ): Promise<{ checkpoint: Checkpoint; stamp: string; remainingMs: number }> {
    const { rows } = await sql.query<{
      transaction_id: string;
      position: string;
      stamp: string;
      remaining_ms: string | null;
    }>(
      `SELECT transaction_id::text AS transaction_id, position, updated_at::text AS stamp,
              CASE WHEN isfinite(updated_at) THEN ceil(1000 * extract(epoch FROM
                updated_at + make_interval(secs => $2::float8 / 1000) - clock_timestamp()))
              END AS remaining_ms
         FROM ${this.names.outboxCheckpoints} WHERE name = $1`,
      [this.name, this.leaseMs],
    );
    const row = rows[0];
    if (!row) throw new Error(`outbox relay ${this.describe()}: checkpoint row missing`);
    return {
      checkpoint: { transactionId: row.transaction_id, position: Number(row.position) },
      stamp: row.stamp,
      remainingMs: Math.max(0, Math.min(this.leaseMs, Number(row.remaining_ms ?? 0))),
    };
  }

  private async readCheckpoint(sql: Sql): Promise<Checkpoint> {
    const { rows } = await sql.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text AS transaction_id, position FROM ${this.names.outboxCheckpoints}
        WHERE name = $1`,
      [this.name],
    );
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, position: Number(row.position) } : ORIGIN;
  }

  private progress(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.progressWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.progressWaiters.add(done);
    });
  }

  private notifyProgress(): void {
    for (const done of [...this.progressWaiters]) done();
  }

  private lockName(): string {
    return `${this.names.schema}.${this.name}`;
  }

  private describe(): string {
    return `${this.names.schema}/${this.name}`;
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function format(c: Checkpoint): string {
  return `(${c.transactionId}, ${c.position})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
