/**
 * In-process hints per schema: writers signal after their transaction committed, and the
 * background loops of the same schema in this process (outbox relays, timer workers) wake early.
 * A signal is only a hint, never a message: the loops still poll for what other processes and
 * replicas commit. A listener that throws never fails the writer, whose transaction has already
 * committed.
 */
export interface SchemaSignals<A extends unknown[]> {
  /** Subscribes to the signals of `schema` in this process; returns the unsubscribe. */
  on(schema: string, listener: (...args: A) => void): () => void;
  signal(schema: string, ...args: A): void;
}

export function schemaSignals<A extends unknown[] = []>(): SchemaSignals<A> {
  const listeners = new Map<string, Set<(...args: A) => void>>();
  return {
    on(schema, listener) {
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
    },
    signal(schema, ...args) {
      for (const listener of [...(listeners.get(schema) ?? [])]) {
        try {
          listener(...args);
        } catch {
          // A wake-up must never fail the writer, whose transaction has already committed.
        }
      }
    },
  };
}
