import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import {
  assertKeyedBy,
  EventRegistry,
  INTAKE_EVENTS,
  LIFECYCLE_EVENTS,
  type Flags,
} from '@redress/contracts';
import { processOnce, type EventStore, type Sql } from '@redress/event-store';
import { amendFacts, type ComplaintStatus } from '../../domain';
import { ComplaintTriage, type ReassessOptions } from '../complaint-triage';
import { HotTopicSweeps } from '../hot-topics/hot-topic-sweeps';
import { HotTopics } from '../hot-topics/hot-topics';
import { TRIAGE_CLOCK, TRIAGE_EVENT_STORE } from '../tokens';
import { TRIAGE_ACTOR, type EventContext } from '../triage-events';
import { TriageRecords } from '../triage-records';

/** The events triage reacts to; every other type on its topics is ignored. */
export const inboundEvents = new EventRegistry([...INTAKE_EVENTS, ...LIFECYCLE_EVENTS]);

type Inbound = NonNullable<ReturnType<typeof inboundEvents.parse>>;

/** The ledger name under which triage records the inbound events it processed. */
export const TRIAGE_CONSUMER = 'triage';

/**
 * Where every inbound event enters triage. Each is validated (an invalid one throws
 * `InvalidEvent`, which the messaging layer dead-letters), then handled exactly once in
 * effect: the event id is recorded in the same transaction as everything it changes, so a
 * redelivery finds it and changes nothing.
 */
@Injectable()
export class TriageInbox {
  private readonly logger = new Logger('TriageInbox');

  constructor(
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    @Inject(TRIAGE_CLOCK) private readonly clock: Clock,
    private readonly triage: ComplaintTriage,
    private readonly records: TriageRecords,
    private readonly hotTopics: HotTopics,
    private readonly sweeps: HotTopicSweeps,
  ) {}

  /**
   * Handles one inbound record: its value and its Kafka key, which on every Redress topic is the
   * complaint the event is about. Returns what happened, for logs and tests.
   */
  async receive(
    value: unknown,
    key: string | null,
  ): Promise<'processed' | 'duplicate' | 'ignored'> {
    const event = inboundEvents.parse(value);
    if (event) assertKeyedByComplaint(event, key);
    // An acknowledgement changes nothing triage knows: no transaction, no ledger row (a
    // redelivery is as harmless). Every registration is followed by one, so this halves the
    // transactions triage runs.
    if (!event || event.type === 'ComplaintAcknowledged') return 'ignored';
    const cause: EventContext = {
      actor: TRIAGE_ACTOR,
      correlationId: event.correlationid,
      causationId: event.id,
    };
    if (event.type === 'ComplaintRegistered') return this.register(event, cause);
    const outcome = await processOnce(this.store, TRIAGE_CONSUMER, event.id, (tx) =>
      this.apply(tx, event, cause),
    );
    // Also after a redelivery: a sweep cut short by a failure goes on.
    if (event.type === 'HotTopicDetected') await this.sweeps.drain();
    return outcome;
  }

  /**
   * Runs a registration through the whole of `receive` — validation, plan, the transaction with
   * its lock and ledger row, the decision, the append, the complaint's row, its timers — and
   * rolls it all back: nothing is stored, published or armed. Used before the service reports
   * ready (`TriageWarmUp`), so the first real complaints do not pay for the first use of each
   * path (compiling the classifier, the schemas, the JIT, pool connections and their prepared
   * statements).
   */
  async rehearse(value: unknown, key: string | null): Promise<void> {
    const event = inboundEvents.parse(value);
    if (event?.type !== 'ComplaintRegistered') {
      throw new TypeError('only a ComplaintRegistered can be rehearsed');
    }
    assertKeyedByComplaint(event, key);
    const cause: EventContext = {
      actor: TRIAGE_ACTOR,
      correlationId: event.correlationid,
      causationId: event.id,
    };
    try {
      await this.register(event, cause, { rollBack: true });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
  }

  private async register(
    event: Extract<Inbound, { type: 'ComplaintRegistered' }>,
    cause: EventContext,
    { rollBack = false }: { rollBack?: boolean } = {},
  ): Promise<'processed' | 'duplicate'> {
    // The cluster lock comes with BEGIN: one round-trip for BEGIN, lock and ledger row.
    const plan = await this.triage.planRegistration(event.data);
    return processOnce(
      this.store,
      TRIAGE_CONSUMER,
      event.id,
      async (tx, opened) => {
        const parked = await this.triage.triageRegistration(tx, plan, cause, opened);
        await this.applyParked(tx, parked);
        if (rollBack) throw new RolledBack();
      },
      {
        ...(plan.clusterKey === undefined ? {} : { lockKey: plan.clusterKey }),
        // The complaint's row and its neighbours are read in BEGIN's round-trip too.
        opening: this.triage.openingOf(plan),
      },
    );
  }

  private async apply(tx: Sql, event: Inbound, cause: EventContext): Promise<void> {
    const now = this.clock.now();
    switch (event.type) {
      case 'ComplaintRegistered':
        return; // decided in `receive`, under its cluster's lock
      case 'ComplaintAmended':
        return this.applyOrPark(tx, event, cause, {
          changeFacts: (stored) => amendFacts(stored, event.data.changes),
          amendedFields: event.data.changedFields,
        });
      case 'DuplicateComplaintLinked':
        // The customer came back about the same subject: what they say now counts too.
        return this.applyOrPark(tx, event, cause, {
          changeFacts: (stored) => ({
            ...stored,
            flags: mergeFlags(stored.flags, event.data.flags),
            complainantCount: Math.max(stored.complainantCount, event.data.complainantCount),
          }),
        });
      case 'ComplaintWithdrawn':
        await this.mergeLifecycle(tx, event, 'withdrawn', now);
        return;
      case 'ComplaintResolved':
        await this.mergeLifecycle(tx, event, 'resolved', now);
        return;
      case 'ComplaintClosed':
        await this.mergeLifecycle(tx, event, 'closed', now);
        return;
      case 'ComplaintReopened':
        // Open again: the age rules and everything else apply from now on, and the new round
        // gets its deadlines (`ComplaintDeadlinesReissued`) — unless a later fact (closed again,
        // withdrawn) is already known.
        if (await this.mergeLifecycle(tx, event, 'open', now)) {
          await this.triage.reassessComplaint(tx, event.data.complaintId, cause, {
            reopenedAt: event.data.reopenedAt,
          });
        }
        return;
      case 'HotTopicDetected':
        // Its open complaints are re-assessed in pages after this commits (HotTopicSweeps).
        return this.hotTopics.detected(tx, event.id, event.data, event.correlationid, now);
      case 'HotTopicCooled':
        return this.hotTopics.cooled(tx, event.data);
      case 'ComplaintAcknowledged':
        return; // ignored in `receive`
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  /**
   * Re-assesses a triaged complaint with what the event changed. For a complaint triage has not
   * seen yet (its registration is late, or waits in the dead-letter topic), the event is parked
   * and applied when the registration arrives: nothing is recorded as processed and forgotten.
   */
  private async applyOrPark(
    tx: Sql,
    event: Extract<Inbound, { type: 'ComplaintAmended' | 'DuplicateComplaintLinked' }>,
    cause: EventContext,
    options: ReassessOptions,
  ): Promise<void> {
    const complaintId = event.data.complaintId;
    if (await this.triage.reassessComplaint(tx, complaintId, cause, options)) return;
    // Not triaged yet: claim the row, which waits for a registration being decided right now,
    // and look again before parking.
    await this.records.claimRow(tx, complaintId, this.clock.now());
    if (await this.triage.reassessComplaint(tx, complaintId, cause, options)) return;
    await this.records.park(tx, complaintId, event, this.clock.now());
    this.logger.log(
      `${event.type} ${event.id} arrived before complaint ${complaintId} was registered: parked`,
    );
  }

  /** The events parked for a complaint just triaged (taken by its decision), in their order. */
  private async applyParked(tx: Sql, parked: readonly unknown[]): Promise<void> {
    for (const value of parked) {
      const event = inboundEvents.parse(value);
      if (!event) continue;
      await this.apply(tx, event, {
        actor: TRIAGE_ACTOR,
        correlationId: event.correlationid,
        causationId: event.id,
      });
    }
  }

  /** A lifecycle fact, merged by the event's own order; true when it was the newest known. */
  private mergeLifecycle(
    tx: Sql,
    event: Inbound,
    lifecycle: ComplaintStatus,
    now: Date,
  ): Promise<boolean> {
    const complaintId = complaintOf(event);
    if (complaintId === undefined) return Promise.resolve(false);
    return this.records.mergeLifecycle(
      tx,
      complaintId,
      lifecycle,
      { at: event.time, streamVersion: event.streamversion, eventId: event.id },
      now,
    );
  }
}

/** Thrown at the end of a rehearsal (`TriageInbox.rehearse`) to roll its transaction back. */
class RolledBack extends Error {}

/** Records keyed otherwise than by their complaint are not trusted (see `assertKeyedBy`). */
function assertKeyedByComplaint(event: Inbound, key: string | null): void {
  const about = complaintOf(event);
  if (about !== undefined) assertKeyedBy(event, about, key);
}

/** The complaint an inbound event is about; a hot topic is about several, and keyed by itself. */
function complaintOf(event: Inbound): string | undefined {
  switch (event.type) {
    case 'HotTopicDetected':
    case 'HotTopicCooled':
      return undefined;
    default:
      return event.data.complaintId;
  }
}

function mergeFlags(a: Flags, b: Flags): Flags {
  const merged = { ...a };
  for (const [name, value] of Object.entries(b) as Array<[keyof Flags, boolean]>) {
    merged[name] = merged[name] || value;
  }
  return merged;
}
