import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import {
  decideOnStream,
  loadStream,
  type EventStore,
  type LoadedStream,
  type Sql,
  type StoredEvent,
  type StreamDecider,
} from '@redress/event-store';
import { Timers } from '@redress/timers';
import {
  caseTimers,
  decide,
  evolve,
  initialState,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CompiledResolutionPolicy,
} from '../domain';
import { CaseRecords } from './case-records';
import { RESOLUTION_CLOCK, RESOLUTION_EVENT_STORE, RESOLUTION_POLICY } from './tokens';
import { RESOLUTION_SOURCE, resolutionEvents, type EventContext } from './resolution-events';

/** A case as its stream tells it: the folded state and the stream's version. */
export type LoadedCase = LoadedStream<CaseState>;

/** What a command changed: the case after it and the events it appended (none when stale). */
export interface HandledCommand {
  state: CaseState;
  events: CaseEvent[];
}

/**
 * The one way every command reaches a case, whoever sends it (a person through the API, another
 * service's event, a timer): load the case's stream, ask the decider, append what it decided, and
 * in the same transaction bring the queue's row and the case's durable timers up to date. A
 * concurrent writer of the same case makes the append fail with `ConcurrencyConflict`; callers
 * retry the whole transaction (`retryOnConflict`).
 */
@Injectable()
export class CaseHandling {
  constructor(
    @Inject(RESOLUTION_EVENT_STORE) private readonly store: EventStore,
    @Inject(RESOLUTION_CLOCK) private readonly clock: Clock,
    @Inject(RESOLUTION_POLICY) readonly policy: CompiledResolutionPolicy,
    private readonly records: CaseRecords,
    private readonly timers: Timers,
  ) {
    this.decider = {
      codec: resolutionEvents,
      initialState,
      evolve,
      decide: (command, state) => decide(command, state, policy),
    };
  }

  private readonly decider: StreamDecider<CaseState, CaseEvent, CaseCommand>;

  now(): Date {
    return this.clock.now();
  }

  async load(sql: Sql, complaintId: string): Promise<LoadedCase> {
    return loadStream(this.store, sql, complaintId, this.decider);
  }

  /**
   * Decides `command` (or the command built from the current state) on the case and records the
   * outcome. Domain errors (wrong state, missing approvals) propagate to the caller.
   */
  async handle(
    tx: Sql,
    complaintId: string,
    command: CaseCommand | ((state: CaseState) => CaseCommand),
    cause: EventContext,
  ): Promise<HandledCommand> {
    const before = { state: undefined as CaseState | undefined };
    const { state, events, version } = await decideOnStream(
      this.store,
      tx,
      complaintId,
      this.decider,
      (current: CaseState) => {
        before.state = current;
        return typeof command === 'function' ? command(current) : command;
      },
      {
        source: RESOLUTION_SOURCE,
        correlationId: cause.correlationId,
        ...(cause.causationId ? { causationId: cause.causationId } : {}),
        actor: cause.actor,
      },
    );
    if (events.length === 0 || state.status === 'none') return { state, events };
    await this.records.save(tx, state, version, this.policy);
    const now = this.clock.now();
    await this.timers.apply(tx, {
      arm: caseTimers(state, now, this.policy).arm,
      armedBefore: before.state === undefined ? [] : caseTimers(before.state, now, this.policy).arm,
    });
    return { state, events };
  }
}

/** A stored event of the case's stream, upcast and validated as the decider's event. */
export function toCaseEvent(stored: StoredEvent): CaseEvent {
  return {
    type: stored.type,
    data: resolutionEvents.decode(stored.type, stored.schemaVersion, stored.data),
  } as CaseEvent;
}
