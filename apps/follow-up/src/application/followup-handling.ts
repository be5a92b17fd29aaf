import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import {
  decideOnStream,
  loadStream,
  type EventStore,
  type LoadedStream,
  type Sql,
  type StreamDecider,
} from '@redress/event-store';
import { Timers } from '@redress/timers';
import {
  decide,
  evolve,
  followUpTimers,
  initialState,
  type CompiledFollowUpPolicy,
  type FollowUpCommand,
  type FollowUpEvent,
  type FollowUpState,
} from '../domain';
import { FOLLOWUP_SOURCE, followUpEvents, type EventContext } from './followup-events';
import { FollowUpRecords } from './followup-records';
import { FOLLOWUP_CLOCK, FOLLOWUP_EVENT_STORE, FOLLOWUP_POLICY } from './tokens';

export interface HandledCommand {
  state: FollowUpState;
  events: FollowUpEvent[];
}

/**
 * The one way every command reaches a complaint's follow-up, whoever sends it (a person, the
 * resolution topic, a timer): decide on its stream (`decideOnStream`), and in the same transaction
 * bring the due list's row, the case library and the durable timers up to date.
 */
@Injectable()
export class FollowUpHandling {
  private readonly decider: StreamDecider<FollowUpState, FollowUpEvent, FollowUpCommand>;

  constructor(
    @Inject(FOLLOWUP_EVENT_STORE) private readonly store: EventStore,
    @Inject(FOLLOWUP_CLOCK) private readonly clock: Clock,
    @Inject(FOLLOWUP_POLICY) readonly policy: CompiledFollowUpPolicy,
    private readonly records: FollowUpRecords,
    private readonly timers: Timers,
  ) {
    this.decider = {
      codec: followUpEvents,
      initialState,
      evolve,
      decide: (command, state) => decide(command, state, policy),
    };
  }

  now(): Date {
    return this.clock.now();
  }

  load(sql: Sql, complaintId: string): Promise<LoadedStream<FollowUpState>> {
    return loadStream(this.store, sql, complaintId, this.decider);
  }

  async handle(
    tx: Sql,
    complaintId: string,
    command: FollowUpCommand | ((state: FollowUpState) => FollowUpCommand),
    cause: EventContext,
  ): Promise<HandledCommand> {
    const before = { state: undefined as FollowUpState | undefined };
    const { state, events, version } = await decideOnStream(
      this.store,
      tx,
      complaintId,
      this.decider,
      (current: FollowUpState) => {
        before.state = current;
        return typeof command === 'function' ? command(current) : command;
      },
      { source: FOLLOWUP_SOURCE, ...cause },
    );
    if (events.length === 0 || state.status === 'none') return { state, events };
    await this.records.save(tx, state, version);
    await this.records.addCaseStudies(tx, events);
    // Cancels only what the follow-up had armed before and no longer needs (the benchmark found
    // a cancellation on every decision, most of them of timers never armed).
    await this.timers.apply(tx, {
      arm: followUpTimers(state, this.policy).arm,
      armedBefore: before.state === undefined ? [] : followUpTimers(before.state, this.policy).arm,
    });
    return { state, events };
  }
}
