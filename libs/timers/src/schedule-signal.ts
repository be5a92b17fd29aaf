/**
 * In-process wake-up of timer workers: `Timers` signals here after the transaction that
 * scheduled (or moved) a timer committed, with its due time, and every worker of the same schema
 * in this process wakes early when that is sooner than it planned to look. A signal is only a
 * hint: timers scheduled by other processes and replicas are found by polling, which never waits
 * longer than the worker's `maxIntervalMs`.
 */
type Listener = (dueAtMs: number) => void;

const listeners = new Map<string, Set<Listener>>();

/** Subscribes to timers committed in `schema` by this process; returns the unsubscribe. */
export function onScheduled(schema: string, listener: Listener): () => void {
  let set = listeners.get(schema);
  if (!set) {
    set = new Set();
    listeners.set(schema, set);
  }
  set.add(listener);
  return () => {
    const current = listeners.get(schema);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) listeners.delete(schema);
  };
}

/** Tells this process's workers of `schema` that a timer due at `dueAtMs` was committed. */
export function signalScheduled(schema: string, dueAtMs: number): void {
  const set = listeners.get(schema);
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(dueAtMs);
    } catch {
      // A wake-up must never fail the writer, whose transaction has already committed.
    }
  }
}
