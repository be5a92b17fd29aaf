import type { Sql } from './sql';

/**
 * Work to do once a transaction has committed, keyed by its connection. `EventStore.transaction`
 * opens a list when it begins, runs it after COMMIT and drops it on ROLLBACK, so what other libs
 * record inside the caller's transaction (a timer scheduled, say) can wake this process's workers
 * only when it is visible to them, and never when it rolled back.
 */
type Callback = () => void;

const pending = new WeakMap<object, Callback[]>();

/**
 * Runs `callback` after the transaction of `tx` commits, when `tx` is a transaction of an
 * `EventStore` (its `transaction` or `processOnce`); a rollback drops it. Any other `tx`
 * (autocommit, or a transaction this process commits on its own terms) gets it on the next
 * microtask: a hint must never be lost, only come early. Callbacks must not throw; an error is
 * swallowed, since the transaction has already committed.
 */
export function afterCommit(tx: Sql, callback: Callback): void {
  const list = pending.get(tx);
  if (list) list.push(callback);
  else queueMicrotask(() => runSafely(callback));
}

/** A transaction of `client` begins: callbacks registered from now on wait for its COMMIT. */
export function openCommitHooks(client: object): void {
  pending.set(client, []);
}

/** The transaction of `client` committed (`true`) or rolled back (`false`). */
export function closeCommitHooks(client: object, committed: boolean): void {
  const list = pending.get(client);
  pending.delete(client);
  if (committed && list) for (const callback of list) runSafely(callback);
}

function runSafely(callback: Callback): void {
  try {
    callback();
  } catch {
    // A hint must never fail the writer, whose transaction has already committed.
  }
}
