import { randomUUID } from 'node:crypto';
import { queryPrepared, type EventStore, type Sql } from '@redress/event-store';
import { timersTable } from './schema';
import { onScheduled } from './schedule-signal';
import { checkKind, type FiringTimer } from './timer';
import {
  afterFailure,
  backoffMs,
  earliest,
  firingLagMs,
  pollDelayMs,
  type RetryPolicy,
} from './timing';

/**
 * Runs a timer's effect inside the transaction that consumes the timer: whatever it writes
 * through `tx` (events appended, rows updated, other timers scheduled) commits together with the
 * timer's removal, or not at all. Throwing rolls everything back; the timer is retried later.
 */
export type TimerHandler = (tx: Sql, timer: FiringTimer) => Promise<void>;

/** Satisfied by NestJS's `Logger`. */
export interface TimerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

/** One timer's outcome, as metrics see it. */
export interface TimerFiring {
  kind: string;
  /** `fired`: its effect committed; `failed`: the handler threw and it will be retried; `parked`. */
  outcome: 'fired' | 'failed' | 'parked';
  /** How late it fired, from its due time (`fired` only; 0 otherwise). */
  lagMs: number;
}

export interface TimerWorkerStatus {
  state: 'stopped' | 'running';
  /** Looks at the table (claims) by this worker. */
  polls: number;
  fired: number;
  failed: number;
  parked: number;
  /** Consecutive looks that failed with a database error; 0 when the last one succeeded. */
  pollFailures: number;
}

export interface TimerWorkerOptions {
  /**
   * The service's event store: the timers live in its schema, and each firing runs in one of its
   * transactions (so events the handler appends wake the outbox relay after the commit).
   */
  store: EventStore;
  /** A handler per kind; the worker claims only timers of these kinds. */
  handlers: Readonly<Record<string, TimerHandler>>;
  /** The clock due times are compared with (tests inject one). */
  now?: () => Date;
  /** Timers claimed per look (default 50). */
  batchSize?: number;
  /** Timers of a batch fired at the same time, each in its own transaction (default 4). */
  concurrency?: number;
  /** Shortest pause between two looks that found no full batch (default 25 ms). */
  minIntervalMs?: number;
  /** Longest pause between two looks (default 1 s). */
  maxIntervalMs?: number;
  /**
   * How long a claim keeps other workers off a timer (default 60 s): only matters when a worker
   * dies holding claims; those timers are taken over when it expires.
   */
  leaseMs?: number;
  /** Handler failures before a timer is parked (default 10). */
  maxAttempts?: number;
  /** Back-off of a failed timer: first retry after this (default 1 s), doubling… */
  retryInitialMs?: number;
  /** …up to this (default 10 min). */
  retryMaxMs?: number;
  /** Back-off after a look that failed (database down): first pause (default 100 ms)… */
  backoffInitialMs?: number;
  /** …doubling up to this (default 30 s). */
  backoffMaxMs?: number;
  logger?: TimerLogger;
}

interface ClaimRow {
  key: string | null;
  kind: string | null;
  due_at: Date | null;
  payload: unknown;
  attempts: number | null;
  next_due_at: Date | null;
}

interface Pass {
  fired: number;
  /** A full batch was claimed: more may be due right now. */
  full: boolean;
  nextDueAt: number | undefined;
}

const consoleLogger: TimerLogger = {
  log: () => undefined,
  warn: (message) => console.warn(message),
  error: (message, stack) => console.error(stack ? `${message}\n${stack}` : message),
};

/** Longest error text kept on a timer. */
const MAX_ERROR_LENGTH = 2_000;

/**
 * Fires the due timers of one schema, once each, across restarts and replicas.
 *
 * Each look claims a small batch of due timers in due order, `FOR UPDATE SKIP LOCKED`, by
 * stamping them with a claim id and a lease (`claimed_until`): other workers skip them while the
 * claim holds. Each claimed timer then fires in a transaction of its own that first deletes the
 * timer *with that claim id*, then runs its handler: the effect and the timer's removal commit
 * together. If the delete finds nothing (the timer was cancelled, rescheduled or replaced, or a
 * worker took over an expired claim and fired it), the handler does not run. A crash before the
 * commit leaves the timer; its claim expires after `leaseMs` and another look takes it.
 *
 * Between looks the worker sleeps until the next due time, at least `minIntervalMs` and at most
 * `maxIntervalMs`; after a full batch it looks again at once. Timers committed by this process's
 * `Timers` wake it early. A handler that throws moves its timer by a capped exponential back-off
 * and counts the attempt; at `maxAttempts` the timer is parked with its error and logged. A
 * failed look (database down) is logged and retried with back-off. Nothing is a hot loop.
 */
export class TimerWorker {
  private readonly store: EventStore;
  private readonly table: string;
  private readonly handlers: ReadonlyMap<string, TimerHandler>;
  private readonly kinds: string[];
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly minIntervalMs: number;
  private readonly maxIntervalMs: number;
  private readonly leaseMs: number;
  private readonly retry: RetryPolicy;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly logger: TimerLogger;

  private running: Promise<void> | undefined;
  private stopping = false;
  private unsubscribe: () => void = () => undefined;
  private readonly wake = new Wakeup();
  /** The clock time the loop sleeps until, while it sleeps. */
  private sleepingUntil: number | undefined;
  /** The earliest due time hinted since the current look began. */
  private hintedDueAt: number | undefined;
  /** One look at a time in this process (the loop and `fireDue`). */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(firing: TimerFiring) => void>();
  private readonly counts = { polls: 0, fired: 0, failed: 0, parked: 0, pollFailures: 0 };

  constructor(options: TimerWorkerOptions) {
    this.store = options.store;
    this.table = timersTable(options.store.schema);
    this.handlers = new Map(Object.entries(options.handlers));
    this.kinds = [...this.handlers.keys()].map(checkKind);
    if (this.kinds.length === 0) throw new TypeError('a timer worker needs at least one handler');
    this.now = options.now ?? (() => new Date());
    this.batchSize = positive(options.batchSize ?? 50, 'batchSize');
    this.concurrency = positive(options.concurrency ?? 4, 'concurrency');
    this.maxIntervalMs = positive(options.maxIntervalMs ?? 1_000, 'maxIntervalMs');
    this.minIntervalMs = Math.min(
      positive(options.minIntervalMs ?? 25, 'minIntervalMs'),
      this.maxIntervalMs,
    );
    this.leaseMs = positive(options.leaseMs ?? 60_000, 'leaseMs');
    this.retry = {
      maxAttempts: positive(options.maxAttempts ?? 10, 'maxAttempts'),
      retryInitialMs: positive(options.retryInitialMs ?? 1_000, 'retryInitialMs'),
      retryMaxMs: positive(options.retryMaxMs ?? 600_000, 'retryMaxMs'),
    };
    this.backoffInitialMs = positive(options.backoffInitialMs ?? 100, 'backoffInitialMs');
    this.backoffMaxMs = positive(options.backoffMaxMs ?? 30_000, 'backoffMaxMs');
    this.logger = options.logger ?? consoleLogger;
  }

  /** Starts looking for due timers in the background; never rejects for database trouble. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.unsubscribe = onScheduled(this.store.schema, (dueAtMs) => this.hint(dueAtMs));
    this.running = this.loop().catch((error: unknown) => {
      this.logger.error(
        `timer worker ${this.store.schema} stopped unexpectedly: ${messageOf(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
    });
  }

  /**
   * Stops looking. Timers already firing finish (their transactions commit or roll back);
   * claimed timers not yet started are released for other workers at once.
   */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.stopping = true;
    this.unsubscribe();
    this.wake.fire(true);
    await running;
    await this.turn.catch(() => undefined);
    this.running = undefined;
  }

  /** Nest calls these on a provider that has them; other hosts call `start` and `stop`. */
  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /**
   * Fires every timer due now, batch after batch, and resolves with how many this call fired
   * (for tests and operations; the running worker does the same on its own). Database errors
   * reject.
   */
  async fireDue(): Promise<number> {
    return this.exclusive(async () => {
      let fired = 0;
      for (;;) {
        const pass = await this.pass();
        fired += pass.fired;
        if (!pass.full || this.stopping) return fired;
      }
    });
  }

  status(): TimerWorkerStatus {
    return { state: this.running && !this.stopping ? 'running' : 'stopped', ...this.counts };
  }

  /** Tells `listener` each timer's outcome (metrics); returns the unsubscribe. */
  onFiring(listener: (firing: TimerFiring) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Timers of this worker's kinds that are due and not fired yet (`overdue`; a few are normal
   * under load, a growing number means the workers cannot keep up or are not running) and
   * timers parked after failing (`parked`: each needs someone to look at it).
   */
  async backlog(): Promise<{ overdue: number; parked: number }> {
    const { rows } = await queryPrepared<{ overdue: string; parked: string }>(
      this.store.pool,
      `SELECT (SELECT count(*) FROM ${this.table}
                WHERE status = 'pending' AND due_at <= $1 AND kind = ANY($2::text[])) AS overdue,
              (SELECT count(*) FROM ${this.table}
                WHERE status = 'parked' AND kind = ANY($2::text[])) AS parked`,
      [this.now(), this.kinds],
    );
    return { overdue: Number(rows[0]?.overdue ?? 0), parked: Number(rows[0]?.parked ?? 0) };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let pass: Pass;
      try {
        pass = await this.exclusive(() => this.pass());
        this.counts.pollFailures = 0;
      } catch (error) {
        this.counts.pollFailures += 1;
        const delay = backoffMs(this.counts.pollFailures, this.backoffInitialMs, this.backoffMaxMs);
        this.logger.error(
          `timer worker ${this.store.schema}: looking for due timers failed ` +
            `(${this.counts.pollFailures} in a row), retrying in ${delay} ms: ${messageOf(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
        await this.wake.sleep(delay, { ignoreSignals: true });
        continue;
      }
      if (pass.full || this.stopping) continue;
      const now = this.now().getTime();
      const delay = pollDelayMs({
        now,
        nextDueAt: earliest(pass.nextDueAt, this.hintedDueAt),
        minIntervalMs: this.minIntervalMs,
        maxIntervalMs: this.maxIntervalMs,
      });
      this.sleepingUntil = now + delay;
      await this.wake.sleep(delay);
      this.sleepingUntil = undefined;
    }
  }

  /** A timer due at `dueAtMs` was committed in this process. */
  private hint(dueAtMs: number): void {
    this.hintedDueAt = earliest(this.hintedDueAt, dueAtMs);
    if (this.sleepingUntil !== undefined && dueAtMs < this.sleepingUntil) this.wake.fire();
  }

  /** One look: claims a batch and fires it. */
  private async pass(): Promise<Pass> {
    // Hints from here on may concern timers this look's snapshot does not see.
    this.hintedDueAt = undefined;
    const now = this.now();
    const claim = randomUUID();
    const { rows } = await queryPrepared<ClaimRow>(
      this.store.pool,
      `WITH due AS (
         SELECT key FROM ${this.table}
          WHERE status = 'pending' AND due_at <= $1 AND kind = ANY($2::text[])
            AND (claimed_until IS NULL OR claimed_until <= $1)
          ORDER BY due_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE ${this.table} AS t SET claim = $4, claimed_until = $5
           FROM due WHERE t.key = due.key
         RETURNING t.key, t.kind, t.due_at, t.payload, t.attempts)
       SELECT claimed.*, upcoming.due_at AS next_due_at
         FROM (SELECT min(due_at) AS due_at FROM ${this.table}
                WHERE status = 'pending' AND due_at > $1 AND kind = ANY($2::text[])) AS upcoming
         LEFT JOIN claimed ON true`,
      [now, this.kinds, this.batchSize, claim, new Date(now.getTime() + this.leaseMs)],
    );
    this.counts.polls += 1;
    const timers: FiringTimer[] = [];
    for (const row of rows) {
      if (row.key === null || row.kind === null || row.due_at === null) continue;
      timers.push({
        key: row.key,
        kind: row.kind,
        dueAt: row.due_at,
        payload: row.payload,
        attempts: row.attempts ?? 0,
      });
    }
    timers.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());

    let next = 0;
    let fired = 0;
    const lane = async (): Promise<void> => {
      while (!this.stopping) {
        const timer = timers[next++];
        if (!timer) return;
        if (await this.fire(timer, claim)) fired += 1;
      }
    };
    // Every lane ends before the look does, even when one fails (it could not record a
    // failure: the database is gone), so no firing outlives the look that claimed it.
    const lanes = await Promise.allSettled(
      Array.from({ length: Math.min(this.concurrency, timers.length) }, lane),
    );
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    if (this.stopping && next < timers.length) await this.release(claim);
    return {
      fired,
      full: timers.length >= this.batchSize,
      nextDueAt: rows[0]?.next_due_at?.getTime(),
    };
  }

  /**
   * Fires one claimed timer: deletes it (with our claim) and runs its handler in one transaction.
   * Resolves true when its effect committed, false when the timer was no longer ours or failed.
   */
  private async fire(timer: FiringTimer, claim: string): Promise<boolean> {
    const handler = this.handlers.get(timer.kind);
    if (!handler) return false;
    try {
      const done = await this.store.transaction(
        async (tx, opened) => {
          if (opened?.rowCount !== 1) return false;
          await handler(tx, timer);
          return true;
        },
        {
          opening: (literal) =>
            `DELETE FROM ${this.table} WHERE key = ${literal(timer.key)} AND claim = ${literal(claim)}`,
        },
      );
      if (done) {
        this.counts.fired += 1;
        this.emit({
          kind: timer.kind,
          outcome: 'fired',
          lagMs: firingLagMs(timer.dueAt, this.now()),
        });
      }
      return done;
    } catch (error) {
      await this.recordFailure(timer, claim, error);
      return false;
    }
  }

  /** The handler threw: the timer is retried after a back-off, or parked. */
  private async recordFailure(timer: FiringTimer, claim: string, error: unknown): Promise<void> {
    const outcome = afterFailure(timer.attempts, this.retry, this.now());
    const text = describeError(error);
    const { rowCount } = await queryPrepared(
      this.store.pool,
      `UPDATE ${this.table}
          SET attempts = $3, status = $4, due_at = coalesce($5, due_at), last_error = $6,
              claim = NULL, claimed_until = NULL, updated_at = now()
        WHERE key = $1 AND claim = $2`,
      [
        timer.key,
        claim,
        outcome.attempts,
        outcome.status,
        outcome.status === 'pending' ? outcome.dueAt : null,
        text,
      ],
    );
    // Not ours any more: it was cancelled, rescheduled or replaced while it ran.
    if (rowCount !== 1) return;
    const what = `timer ${timer.key} (${timer.kind})`;
    const stack = error instanceof Error ? error.stack : undefined;
    if (outcome.status === 'parked') {
      this.counts.parked += 1;
      this.logger.error(
        `${what} parked after ${outcome.attempts} failed attempts; reschedule or cancel it: ${text}`,
        stack,
      );
      this.emit({ kind: timer.kind, outcome: 'parked', lagMs: 0 });
    } else {
      this.counts.failed += 1;
      this.logger.warn(
        `${what} failed (attempt ${outcome.attempts} of ${this.retry.maxAttempts}), ` +
          `retrying at ${outcome.dueAt.toISOString()}: ${text}`,
      );
      this.emit({ kind: timer.kind, outcome: 'failed', lagMs: 0 });
    }
  }

  /** Gives claimed timers that were not started back to every worker (on stop). */
  private async release(claim: string): Promise<void> {
    await queryPrepared(
      this.store.pool,
      `UPDATE ${this.table} SET claim = NULL, claimed_until = NULL WHERE claim = $1`,
      [claim],
    );
  }

  private emit(firing: TimerFiring): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(firing);
      } catch {
        // Metrics must never fail a firing whose effect has committed.
      }
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.catch(() => undefined).then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }
}

/**
 * A sleep that a hint or stop() cuts short; a wake-up before the sleep is kept. A sleep that
 * ignores signals (a back-off) is still cut short by an urgent wake-up (stop).
 */
class Wakeup {
  private pending = false;
  private waiter: ((urgent: boolean) => void) | undefined;

  fire(urgent = false): void {
    const waiter = this.waiter;
    if (waiter) waiter(urgent);
    else this.pending = true;
  }

  sleep(ms: number, options: { ignoreSignals?: boolean } = {}): Promise<void> {
    if (this.pending && !options.ignoreSignals) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = (urgent) => {
        if (urgent || !options.ignoreSignals) done();
      };
    });
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
