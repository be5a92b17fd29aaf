import { schemaSignals } from '@redress/event-store';

/**
 * In-process wake-up of timer workers: `Timers` signals here after the transaction that
 * scheduled (or moved) a timer committed, with its due time, and every worker of the same schema
 * in this process wakes early when that is sooner than it planned to look. A signal is only a
 * hint: timers scheduled by other processes and replicas are found by polling, which never waits
 * longer than the worker's `maxIntervalMs`.
 */
const scheduled = schemaSignals<[dueAtMs: number]>();

/** Subscribes to timers committed in `schema` by this process; returns the unsubscribe. */
export function onScheduled(schema: string, listener: (dueAtMs: number) => void): () => void {
  return scheduled.on(schema, listener);
}

/** Tells this process's workers of `schema` that a timer due at `dueAtMs` was committed. */
export function signalScheduled(schema: string, dueAtMs: number): void {
  scheduled.signal(schema, dueAtMs);
}
