import type { EventMetadata, StoredEvent } from './stored-event';
import type { EventStore } from './event-store';
import type { Sql } from './sql';

/** How a service reads and writes its events: `EventRegistry` of `@redress/contracts` fits. */
export interface EventCodec {
  /** The stored payload upcast to the current version and validated. */
  decode(type: string, schemaVersion: number, data: unknown): unknown;
  assertValid(type: string, data: unknown): void;
  currentVersion(type: string): number;
}

/** A decider (Emmett's pattern): its state folded from the stream's events, and a decision. */
export interface StreamDecider<S, E extends { type: string; data: unknown }, C> {
  codec: EventCodec;
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export interface LoadedStream<S> {
  state: S;
  version: number;
  stream: StoredEvent[];
}

export interface DecidedCommand<S, E> {
  /** The state after the command (the same as before when it decided nothing). */
  state: S;
  events: E[];
  /** The stream's version after the append. */
  version: number;
}

/** Reads one stream and folds it; each event is decoded (upcast, validated) by the codec. */
export async function loadStream<S, E extends { type: string; data: unknown }, C>(
  store: EventStore,
  sql: Sql,
  streamId: string,
  decider: StreamDecider<S, E, C>,
): Promise<LoadedStream<S>> {
  const stream = await store.readStream(streamId, sql);
  const state = stream.reduce(
    (current, stored) =>
      decider.evolve(current, {
        type: stored.type,
        data: decider.codec.decode(stored.type, stored.schemaVersion, stored.data),
      } as E),
    decider.initialState(),
  );
  return { state, version: stream.length, stream };
}

/**
 * The one way a command reaches a stream, in the caller's transaction: load and fold the stream,
 * decide (the command, or the command built from the current state), validate what was decided
 * and append it at the version read. A concurrent writer of the same stream makes the append fail
 * with `ConcurrencyConflict`; callers retry the whole transaction (`retryOnConflict`).
 */
export async function decideOnStream<S, E extends { type: string; data: unknown }, C>(
  store: EventStore,
  tx: Sql,
  streamId: string,
  decider: StreamDecider<S, E, C>,
  command: C | ((state: S) => C),
  metadata: EventMetadata,
): Promise<DecidedCommand<S, E>> {
  const { state, version } = await loadStream(store, tx, streamId, decider);
  const decided = decider.decide(
    typeof command === 'function' ? (command as (state: S) => C)(state) : command,
    state,
  );
  if (decided.length === 0) return { state, events: [], version };
  for (const event of decided) decider.codec.assertValid(event.type, event.data);
  await store.append(
    tx,
    streamId,
    version,
    decided.map((event) => ({
      type: event.type,
      schemaVersion: decider.codec.currentVersion(event.type),
      data: event.data,
    })),
    metadata,
    // What was decided is what is returned; the stored rows are not read back.
    { returnData: false },
  );
  return {
    state: decided.reduce((current, event) => decider.evolve(current, event), state),
    events: decided,
    version: version + decided.length,
  };
}
