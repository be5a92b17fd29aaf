import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { EventStore, Sql, StoredEvent } from '@redress/event-store';
import { Timers } from '@redress/timers';
import {
  caseTimers,
  decide,
  fold,
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
export interface LoadedCase {
  state: CaseState;
  version: number;
  stream: StoredEvent[];
}

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
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async load(sql: Sql, complaintId: string): Promise<LoadedCase> {
    const stream = await this.store.readStream(complaintId, sql);
    const events = stream.map(toCaseEvent);
    return { state: fold(events, initialState()), version: stream.length, stream };
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
    const { state, version } = await this.load(tx, complaintId);
    const decided = decide(
      typeof command === 'function' ? command(state) : command,
      state,
      this.policy,
    );
    if (decided.length === 0) return { state, events: [] };
    for (const event of decided) resolutionEvents.assertValid(event.type, event.data);
    await this.store.append(
      tx,
      complaintId,
      version,
      decided.map((event) => ({
        type: event.type,
        schemaVersion: resolutionEvents.currentVersion(event.type),
        data: event.data,
      })),
      {
        source: RESOLUTION_SOURCE,
        correlationId: cause.correlationId,
        ...(cause.causationId ? { causationId: cause.causationId } : {}),
        actor: cause.actor,
      },
    );
    const next = fold(decided, state);
    if (next.status === 'none') return { state: next, events: decided };
    await this.records.save(tx, next, version + decided.length, this.policy);
    const { arm, disarm } = caseTimers(next, this.clock.now(), this.policy);
    if (arm.length > 0) await this.timers.schedule(tx, arm);
    if (disarm.length > 0) await this.timers.cancel(tx, disarm);
    return { state: next, events: decided };
  }
}

/** A stored event of the case's stream, upcast and validated as the decider's event. */
export function toCaseEvent(stored: StoredEvent): CaseEvent {
  return {
    type: stored.type,
    data: resolutionEvents.decode(stored.type, stored.schemaVersion, stored.data),
  } as CaseEvent;
}
