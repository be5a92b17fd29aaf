import {
  Wakeup,
  queryPrepared,
  type EventStore,
  type Sql,
  type Statement,
} from '@redress/event-store';
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
  /** Statements that took due timers (each also reads the next due time). */
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
  /** A handler per kind; the worker takes only timers of these kinds. */
  handlers: Readonly<Record<string, TimerHandler>>;
  /** The clock due times are compared with (tests inject one). */
  now?: () => Date;
  /**
   * Timers fired in one transaction (default 20): one commit for many firings. Use 1 when
   * handlers take locks that firings of other timers may take in another order (each firing then
   * holds its locks alone, as any other command of the service would).
   */
  batchSize?: number;
  /** Transactions firing at the same time while a backlog of due timers lasts (default 2). */
  concurrency?: number;
  /** Shortest pause between two looks (default 25 ms): timers due close together share one. */
  minIntervalMs?: number;
  /** Longest pause between two looks (default 1 s). */
  maxIntervalMs?: number;
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

interface TakenRow {
  key: string | null;
  kind: string | null;
  due_at: Date | null;
  payload: unknown;
  attempts: number | null;
  next_due_at: Date | null;
}

interface Batch {
  /** Timers taken (due and not held by another worker). */
  taken: number;
  fired: number;
  /** The earliest pending timer not due yet, as the statement that took the batch saw it. */
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
 * A batch of due timers is taken by the transaction that fires it: its first statement deletes
 * up to `batchSize` due timers in due order, `FOR UPDATE SKIP LOCKED` (other workers skip them
 * while the transaction lasts), then each timer's handler runs in the same transaction, and the
 * commit makes the effects and the timers' removal visible together. A crash rolls it all back:
 * the timers are due again at once, for any worker. A handler that throws rolls its batch back;
 * the batch's timers are then fired one per transaction, so only the failing one is retried: it
 * stays, its due time moved by a capped exponential back-off, its attempt counted, and at
 * `maxAttempts` it is parked with its error and logged.
 *
 * Between looks the worker sleeps until the next due time, at least `minIntervalMs` and at most
 * `maxIntervalMs`; while a look keeps finding full batches, `concurrency` transactions fire at
 * once until one comes back short. Timers committed by this process's `Timers` wake it early. A
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
    this.batchSize = positive(options.batchSize ?? 20, 'batchSize');
    this.concurrency = positive(options.concurrency ?? 2, 'concurrency');
    this.maxIntervalMs = positive(options.maxIntervalMs ?? 1_000, 'maxIntervalMs');
    this.minIntervalMs = Math.min(
      positive(options.minIntervalMs ?? 25, 'minIntervalMs'),
      this.maxIntervalMs,
    );
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
   * Stops looking. Batches being fired finish (their transactions commit or roll back); no new
   * one starts. Nothing else is held: every timer not fired is there for the next worker.
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
   * Fires every timer due now and resolves with how many this call fired (for tests and
   * operations; the running worker does the same on its own). Database errors reject.
   */
  async fireDue(): Promise<number> {
    return this.exclusive(async () => (await this.look()).fired);
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
      let nextDueAt: number | undefined;
      try {
        ({ nextDueAt } = await this.exclusive(() => this.look()));
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
      if (this.stopping) break;
      const now = this.now().getTime();
      const delay = pollDelayMs({
        now,
        nextDueAt: earliest(nextDueAt, this.hintedDueAt),
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

  /**
   * One look: fires a batch; while batches come back full (a backlog), `concurrency` of them at
   * a time until one comes back short.
   */
  private async look(): Promise<{ fired: number; nextDueAt: number | undefined }> {
    // Hints from here on may concern timers this look's snapshots do not see.
    this.hintedDueAt = undefined;
    const first = await this.fireBatch();
    let fired = first.fired;
    let nextDueAt = first.nextDueAt;
    if (first.taken < this.batchSize) return { fired, nextDueAt };
    let backlog = true;
    const lane = async (): Promise<void> => {
      while (backlog && !this.stopping) {
        const batch = await this.fireBatch();
        fired += batch.fired;
        if (batch.taken < this.batchSize) {
          backlog = false;
          nextDueAt = batch.nextDueAt;
        }
      }
    };
    // Every lane ends before the look does, even when one fails (the database is gone), so no
    // firing outlives the look.
    const lanes = await Promise.allSettled(Array.from({ length: this.concurrency }, lane));
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    return { fired, nextDueAt };
  }

  /**
   * Takes up to `batchSize` due timers (or the one with `key`) and fires them in one
   * transaction. A handler that throws rolls the batch back; its timers are then fired one per
   * transaction, so that only the failing one counts a failed attempt.
   */
  private async fireBatch(key?: string): Promise<Batch> {
    const now = this.now();
    let taken: FiringTimer[] = [];
    let nextDueAt: number | undefined;
    this.counts.polls += 1;
    try {
      await this.store.transaction(
        async (tx, opened) => {
          ({ taken, nextDueAt } = this.takenFrom(opened?.rows as TakenRow[] | undefined));
          for (const timer of taken) await this.handlerOf(timer)(tx, timer);
        },
        { opening: this.takeStatement(now, key) },
      );
    } catch (error) {
      // Nothing taken: the statement itself failed, a database error for the look to handle.
      if (taken.length === 0) throw error;
      if (taken.length === 1 && taken[0]) {
        await this.recordFailure(taken[0], error);
        return { taken: 1, fired: 0, nextDueAt };
      }
      let fired = 0;
      for (const timer of taken) fired += (await this.fireBatch(timer.key)).fired;
      return { taken: taken.length, fired, nextDueAt };
    }
    this.counts.fired += taken.length;
    const committedAt = this.now();
    for (const timer of taken) {
      this.emit({
        kind: timer.kind,
        outcome: 'fired',
        lagMs: firingLagMs(timer.dueAt, committedAt),
      });
    }
    return { taken: taken.length, fired: taken.length, nextDueAt };
  }

  /**
   * The first statement of a firing transaction, sent with BEGIN in one round-trip: deletes the
   * batch, and reads the next due time beside it. ($1 now, $2 the kinds as a JSON array, $3 one
   * key or null.)
   */
  private takeStatement(now: Date, key?: string): Statement {
    const kinds = 'ARRAY(SELECT jsonb_array_elements_text($2::jsonb))';
    return {
      text: `WITH due AS (
         SELECT key FROM ${this.table}
          WHERE status = 'pending' AND due_at <= $1::timestamptz AND kind = ANY(${kinds})
                AND ($3::text IS NULL OR key = $3)
          ORDER BY due_at
          LIMIT ${key === undefined ? this.batchSize : 1}
          FOR UPDATE SKIP LOCKED),
       taken AS (
         DELETE FROM ${this.table} AS t USING due WHERE t.key = due.key
         RETURNING t.key, t.kind, t.due_at, t.payload, t.attempts)
       SELECT taken.*, upcoming.due_at AS next_due_at
         FROM (SELECT min(due_at) AS due_at FROM ${this.table}
                WHERE status = 'pending' AND due_at > $1::timestamptz AND kind = ANY(${kinds})) AS upcoming
         LEFT JOIN taken ON true`,
      values: [now, JSON.stringify(this.kinds), key ?? null],
    };
  }

  private takenFrom(rows: TakenRow[] | undefined): {
    taken: FiringTimer[];
    nextDueAt: number | undefined;
  } {
    const taken: FiringTimer[] = [];
    for (const row of rows ?? []) {
      if (row.key === null || row.kind === null || row.due_at === null) continue;
      taken.push({
        key: row.key,
        kind: row.kind,
        dueAt: row.due_at,
        payload: row.payload,
        attempts: row.attempts ?? 0,
      });
    }
    // In due order: a batch fires its timers one after another.
    taken.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    return { taken, nextDueAt: rows?.[0]?.next_due_at?.getTime() };
  }

  private handlerOf(timer: FiringTimer): TimerHandler {
    const handler = this.handlers.get(timer.kind);
    // Only timers of the handlers' kinds are taken.
    if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
    return handler;
  }

  /**
   * The handler threw and its transaction rolled back, so the timer is back as it was: it is
   * retried after a back-off, or parked. Only if it is still as this worker took it: one
   * rescheduled, replaced or cancelled meanwhile is left as that made it.
   */
  private async recordFailure(timer: FiringTimer, error: unknown): Promise<void> {
    const outcome = afterFailure(timer.attempts, this.retry, this.now());
    const text = describeError(error);
    const { rowCount } = await queryPrepared(
      this.store.pool,
      `UPDATE ${this.table}
          SET attempts = $4, status = $5, due_at = coalesce($6, due_at), last_error = $7,
              updated_at = now()
        WHERE key = $1 AND attempts = $2 AND due_at = $3 AND status = 'pending'`,
      [
        timer.key,
        timer.attempts,
        timer.dueAt,
        outcome.attempts,
        outcome.status,
        outcome.status === 'pending' ? outcome.dueAt : null,
        text,
      ],
    );
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
