import { AsyncResource } from 'node:async_hooks';
import type { PoolClient, QueryResult } from 'pg';
import { assertStatement, pipelined, type Statement } from './begin-pipeline';
import { isDatabaseUnavailable } from './database-unavailable';
import type { EventStore } from './event-store';
import type { Sql } from './sql';

/** How a `GroupCommit` forms its groups. */
export interface GroupCommitOptions {
  /** Most commands in one transaction (1: every command commits alone). */
  maxBatch: number;
  /**
   * How long, in milliseconds, the first command of a group may wait for others while a
   * connection is free (0: a group starts at once, with whatever is waiting). Commands that
   * arrive while every group transaction is busy wait for one to end anyway and go together.
   */
  maxWaitMs: number;
  /** Group transactions open at once (each on its own pooled connection). */
  concurrency: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = {
  maxBatch: 32,
  maxWaitMs: 0,
  concurrency: 2,
};

/** What one command of a group asks for, as `EventStore.transaction` takes it for one. */
export interface GroupCommandOptions {
  /**
   * An advisory lock on this key, held until the group commits. Two commands with one key
   * never share a group: the second goes into a later one and sees what the first committed.
   */
  lockKey?: string;
  /** A read sent in the round-trip that opens the command's savepoint; `work` gets its result. */
  opening?: Statement;
}

/** Postgres aborted a command to break a deadlock or a serialisation failure: worth another try. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_TRIES = 5;

interface Pending {
  work: (tx: Sql, opened: QueryResult | undefined) => Promise<unknown>;
  options: GroupCommandOptions;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** The caller's async context (trace context, logging), restored around `work`. */
  scope: AsyncResource;
  queuedAt: number;
  tries: number;
}

/**
 * Group commit: commands that arrive together run in one transaction of `store`, so they share
 * one BEGIN, one COMMIT and one WAL flush, and every one of them is answered only after that
 * COMMIT. Each command runs inside a savepoint of its own: one that fails (a constraint, an
 * Idempotency-Key taken by another transaction, a thrown error) is rolled back to its savepoint
 * and rejected alone while the others go on. When the group's transaction itself fails (COMMIT
 * refused, the connection lost), every command still waiting for it is rejected with that error:
 * none of them was acknowledged, and none of them is in the database.
 *
 * The advisory locks of a group are taken in BEGIN's round-trip, all at once and in one order
 * (sorted keys), so two groups cannot deadlock on them.
 *
 * `afterCommit` callbacks of a command rolled back to its savepoint still run when the group
 * commits: they are hints (a wake-up), and an early hint is harmless.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private readonly options: GroupCommitOptions;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly store: EventStore,
    options: Partial<GroupCommitOptions> = {},
  ) {
    this.options = { ...DEFAULT_GROUP_COMMIT, ...options };
    const { maxBatch, maxWaitMs, concurrency } = this.options;
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) {
      throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    }
    if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
      throw new RangeError(`maxWaitMs must be a non-negative number, got ${maxWaitMs}`);
    }
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    }
  }

  /**
   * Runs `work` in the next group's transaction and resolves with its result once that
   * transaction committed; rejects with `work`'s error (its writes rolled back) or the group's.
   */
  run<T>(
    work: (tx: Sql, opened: QueryResult | undefined) => Promise<T>,
    options: GroupCommandOptions = {},
  ): Promise<T> {
    if (options.opening !== undefined) assertStatement(options.opening, 'opening');
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        options,
        resolve: resolve as (value: unknown) => void,
        reject,
        scope: new AsyncResource('GroupCommit'),
        queuedAt: performance.now(),
        tries: 1,
      });
      this.schedule();
    });
  }

  /** Resolves once no command is waiting or running (for an orderly shutdown). */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  private schedule(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const waited = performance.now() - (this.queue[0] as Pending).queuedAt;
      if (this.queue.length < this.options.maxBatch && waited < this.options.maxWaitMs) {
        this.timer ??= setTimeout(
          () => {
            this.timer = undefined;
            this.schedule();
          },
          Math.ceil(this.options.maxWaitMs - waited),
        );
        return;
      }
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      const group = this.take();
      this.running++;
      void this.commit(group).finally(() => {
        this.running--;
        this.schedule();
        if (this.queue.length === 0 && this.running === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
    }
  }

  /** The next group: waiting commands in order, up to `maxBatch`, one per lock key. */
  private take(): Pending[] {
    const group: Pending[] = [];
    const keys = new Set<string>();
    const rest: Pending[] = [];
    for (const item of this.queue) {
      const key = item.options.lockKey;
      if (group.length >= this.options.maxBatch || (key !== undefined && keys.has(key))) {
        rest.push(item);
        continue;
      }
      if (key !== undefined) keys.add(key);
      group.push(item);
    }
    this.queue.splice(0, this.queue.length, ...rest);
    return group;
  }

  private async commit(group: Pending[]): Promise<void> {
    const done: { item: Pending; value: unknown }[] = [];
    const settled = new Set<Pending>();
    const lockKeys = group.flatMap((item) =>
      item.options.lockKey === undefined ? [] : [item.options.lockKey],
    );
    try {
      await this.store.transaction(
        async (tx) => {
          const client = tx as unknown as PoolClient;
          let previous: string | undefined;
          for (const [i, item] of group.entries()) {
            const name = `group_command_${i}`;
            // The previous command's savepoint released, this one's opened and its first read
            // sent: one round-trip.
            const statements: Statement[] = [];
            if (previous) statements.push({ text: `RELEASE SAVEPOINT ${previous}`, values: [] });
            statements.push({ text: `SAVEPOINT ${name}`, values: [] });
            const { opening } = item.options;
            if (opening) statements.push(opening);
            previous = undefined;
            try {
              const results = await pipelined(client, statements);
              const value = await item.scope.runInAsyncScope(() =>
                item.work(tx, opening ? results[results.length - 1] : undefined),
              );
              done.push({ item, value });
              previous = name;
            } catch (error) {
              if (isDatabaseUnavailable(error)) throw error;
              // The command's writes are undone and the group goes on without it. When even
              // that fails (no such savepoint: the RELEASE or SAVEPOINT itself failed), the
              // transaction is lost and the group fails with the command's error.
              try {
                await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
              } catch {
                throw error;
              }
              settled.add(item);
              this.fail(item, error);
            }
          }
        },
        { lockKeys },
      );
    } catch (error) {
      // Nothing of the group committed: every command not yet answered learns why.
      for (const item of group) if (!settled.has(item)) item.reject(error);
      return;
    }
    for (const { item, value } of done) item.resolve(value);
  }

  /** A failed command: tried again in a later group when Postgres broke a deadlock, else rejected. */
  private fail(item: Pending, error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && RETRYABLE.has(code) && item.tries < MAX_TRIES) {
      this.queue.push({ ...item, tries: item.tries + 1 });
      return;
    }
    item.reject(error);
  }
}
