import { afterCommit, queryPrepared, type Sql } from '@redress/event-store';
import { timersTable } from './schema';
import { signalScheduled } from './schedule-signal';
import {
  checkKey,
  normaliseTimer,
  toInstant,
  type TimerRecord,
  type TimerSpec,
  type TimerStatus,
} from './timer';

/**
 * What `schedule` does with a timer whose key is already scheduled (pending or parked):
 * - `replace` (default): the new kind, due time and payload win, and the timer starts afresh
 *   (pending, no failed attempts).
 * - `keep`: the existing timer is left exactly as it is; only new keys are added.
 * A timer that already fired is gone, so its key schedules a new timer either way. A timer
 * firing at this very moment is waited for: if its effect commits, the key schedules a new
 * timer; if it rolls back, the existing timer is replaced (or kept) as above.
 */
export type ExistingTimer = 'replace' | 'keep';

export interface ScheduleOptions {
  existing?: ExistingTimer;
}

interface TimerRow {
  key: string;
  kind: string;
  due_at: Date;
  payload: unknown;
  status: TimerStatus;
  attempts: number;
  last_error: string | null;
}

/**
 * Schedules, cancels and moves the durable timers of one service's schema. Every write joins the
 * caller's transaction (`tx`: the client of `EventStore.transaction`, or any `pg` client in a
 * transaction), so a timer is armed or disarmed together with the events that call for it, and
 * a rollback leaves no trace. After the transaction commits, this process's `TimerWorker`s of
 * the schema are told the new due time and wake early if it is sooner than their next look.
 */
export class Timers {
  private readonly table: string;

  constructor(readonly schema: string) {
    this.table = timersTable(schema);
  }

  /**
   * Schedules one timer or several (in one statement); see `ExistingTimer` for a key that is
   * already scheduled. Resolves with how many timers were written (inserted or replaced).
   */
  async schedule(
    tx: Sql,
    timers: TimerSpec | readonly TimerSpec[],
    options: ScheduleOptions = {},
  ): Promise<number> {
    const list = (Array.isArray(timers) ? timers : [timers]) as readonly TimerSpec[];
    if (list.length === 0) return 0;
    const rows = list.map(normaliseTimer);
    const keys = new Set(rows.map((r) => r.key));
    if (keys.size !== rows.length)
      throw new TypeError('a key may appear only once per schedule call');
    const existing = options.existing ?? 'replace';
    if (existing !== 'replace' && existing !== 'keep') {
      throw new TypeError(`existing must be 'replace' or 'keep', got ${String(existing)}`);
    }
    const onConflict =
      existing === 'keep'
        ? 'ON CONFLICT (key) DO NOTHING'
        : `ON CONFLICT (key) DO UPDATE SET
             kind = EXCLUDED.kind, due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
             status = 'pending', attempts = 0, last_error = NULL, updated_at = now()`;
    const { rowCount } = await queryPrepared(
      tx,
      `INSERT INTO ${this.table} (key, kind, due_at, payload)
       SELECT t->>'key', t->>'kind', (t->>'due_at')::timestamptz, t->'payload'
         FROM jsonb_array_elements($1::jsonb) AS t
       ${onConflict}`,
      [JSON.stringify(rows)],
    );
    const written = rowCount ?? 0;
    if (written > 0) {
      this.signalAfterCommit(tx, Math.min(...rows.map((r) => Date.parse(r.due_at))));
    }
    return written;
  }

  /**
   * Brings a subject's timers from what its state armed before a decision to what it arms after,
   * in the decision's transaction: `arm` is scheduled (`replace`); of `armedBefore`, the timers no
   * longer armed are cancelled. A subject whose stream opens has armed nothing before, so nothing
   * is cancelled (one round-trip fewer, as the services' benchmarks found).
   */
  async apply(
    tx: Sql,
    plan: { arm: readonly TimerSpec[]; armedBefore: readonly TimerSpec[] },
  ): Promise<void> {
    const kept = new Set(plan.arm.map((t) => t.key));
    const disarm = plan.armedBefore.map((t) => t.key).filter((key) => !kept.has(key));
    if (plan.arm.length > 0) await this.schedule(tx, [...plan.arm]);
    if (disarm.length > 0) await this.cancel(tx, disarm);
  }

  /**
   * Cancels timers by key, pending or parked. Resolves with how many were cancelled: 0 for a key
   * that fired already (or never existed). A timer firing at this very moment is waited for, so
   * 0 then means its effect committed.
   */
  async cancel(tx: Sql, keys: string | readonly string[]): Promise<number> {
    const list = (typeof keys === 'string' ? [keys] : [...keys]).map(checkKey);
    if (list.length === 0) return 0;
    const { rowCount } = await queryPrepared(
      tx,
      `DELETE FROM ${this.table} WHERE key = ANY($1::text[])`,
      [list],
    );
    return rowCount ?? 0;
  }

  /**
   * Moves a scheduled timer (pending or parked) to `dueAt`, keeping its kind and payload; it
   * starts afresh (pending, no failed attempts): this is also how a parked timer is retried.
   * Resolves false when no timer has the key (it fired, was cancelled, or never existed); it
   * does not create one.
   */
  async reschedule(tx: Sql, key: string, dueAt: Date | string): Promise<boolean> {
    const due = toInstant(dueAt, 'dueAt');
    const { rowCount } = await queryPrepared(
      tx,
      `UPDATE ${this.table}
          SET due_at = $2, status = 'pending', attempts = 0, last_error = NULL, updated_at = now()
        WHERE key = $1`,
      [checkKey(key), due],
    );
    if (rowCount !== 1) return false;
    this.signalAfterCommit(tx, due.getTime());
    return true;
  }

  /** The timer with `key`, as stored (pending or parked), or undefined. */
  async find(sql: Sql, key: string): Promise<TimerRecord | undefined> {
    const { rows } = await sql.query<TimerRow>(
      `SELECT key, kind, due_at, payload, status, attempts, last_error
         FROM ${this.table} WHERE key = $1`,
      [checkKey(key)],
    );
    const row = rows[0];
    return (
      row && {
        key: row.key,
        kind: row.kind,
        dueAt: row.due_at,
        payload: row.payload,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
      }
    );
  }

  private signalAfterCommit(tx: Sql, dueAtMs: number): void {
    afterCommit(tx, () => signalScheduled(this.schema, dueAtMs));
  }
}
