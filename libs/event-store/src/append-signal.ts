import { schemaSignals } from './schema-signals';

/**
 * In-process wake-up of outbox relays: an EventStore signals here after a transaction that
 * appended events has committed, and every relay of the same schema in this process polls at
 * once. A signal is only a hint, never a message: relays still poll (adaptively) for events
 * committed by other processes and replicas, and a spurious signal costs one cheap read.
 *
 * It replaces a per-commit `pg_notify` trigger, which takes a cluster-wide lock at commit and so
 * serialised every appending transaction of the database.
 */
const appended = schemaSignals();

/** Subscribes to appends committed in `schema` by this process; returns the unsubscribe. */
export function onAppended(schema: string, listener: () => void): () => void {
  return appended.on(schema, listener);
}

/**
 * Tells this process's relays of `schema` that events were committed. EventStore calls it after
 * its own `transaction` commits; code that commits appends on a connection of its own calls it
 * after COMMIT (otherwise the relay finds those events at its next poll).
 */
export function signalAppended(schema: string): void {
  appended.signal(schema);
}
