/**
 * In-process wake-up of outbox relays: an EventStore signals here after a transaction that
 * appended events has committed, and every relay of the same schema in this process polls at
 * once. A signal is only a hint, never a message: relays still poll (adaptively) for events
 * committed by other processes and replicas, and a spurious signal costs one cheap read.
 *
 * It replaces a per-commit `pg_notify` trigger, which takes a cluster-wide lock at commit and so
 * serialised every appending transaction of the database.
 */
type Listener = () => void;

const listeners = new Map<string, Set<Listener>>();

/** Subscribes to appends committed in `schema` by this process; returns the unsubscribe. */
export function onAppended(schema: string, listener: Listener): () => void {
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

/**
 * Tells this process's relays of `schema` that events were committed. EventStore calls it after
 * its own `transaction` commits; code that commits appends on a connection of its own calls it
 * after COMMIT (otherwise the relay finds those events at its next poll).
 */
export function signalAppended(schema: string): void {
  const set = listeners.get(schema);
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener();
    } catch {
      // A wake-up must never fail the writer, whose transaction has already committed.
    }
  }
}
