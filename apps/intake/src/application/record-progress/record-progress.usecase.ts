import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import {
  ActionCompleted,
  ActionScheduled,
  assertKeyedBy,
  CaseAssigned,
  ComplaintClosed,
  ComplaintDeadlinesReissued,
  ComplaintEscalated,
  ComplaintReclassified,
  ComplaintReopened,
  ComplaintResolved,
  ComplaintTriaged,
  CustomerContacted,
  EventRegistry,
  InvestigationRecorded,
  RemedyAccepted,
  RemedyApproved,
  RemedyDeclined,
  RemedyProposed,
  RemedyRejected,
} from '@redress/contracts';
import { processOnce, type EventStore } from '@redress/event-store';
import { ComplaintProgressRecords } from '../complaint-progress';
import { INTAKE_CLOCK, INTAKE_EVENT_STORE } from '../tokens';

/**
 * The lifecycle events of `complaints.triage.v1`, `complaints.resolution.v1` and
 * `complaints.followup.v1` that move a complaint's public stage or its promised date
 * (`domain/public-stage.policy.ts` says what each means).
 */
export const progressEvents = new EventRegistry([
  ComplaintTriaged,
  ComplaintReclassified,
  ComplaintEscalated,
  ComplaintDeadlinesReissued,
  CaseAssigned,
  CustomerContacted,
  InvestigationRecorded,
  RemedyProposed,
  RemedyApproved,
  RemedyRejected,
  RemedyAccepted,
  RemedyDeclined,
  ActionScheduled,
  ActionCompleted,
  ComplaintResolved,
  ComplaintReopened,
  ComplaintClosed,
]);

/**
 * The name under which intake records the lifecycle events it folded into a stage: apart from
 * the routing's (`intake`), since `ComplaintTriaged` and `ComplaintReclassified` feed both.
 */
export const PROGRESS_CONSUMER = 'intake-progress';

/**
 * Learns how far each complaint has come, for the customer's status page (issue 11 item 7).
 * Each event is validated, then folded into the complaint's progress exactly once in effect: its
 * id enters the processed-events ledger in the transaction that saves the progress. Events of
 * one complaint arrive from three topics in any order, late or before intake knows the
 * complaint; the merge is by each event's own time, so the arrival order does not matter.
 */
@Injectable()
export class RecordProgress {
  constructor(
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
    private readonly progress: ComplaintProgressRecords,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  async receive(
    value: unknown,
    key: string | null,
  ): Promise<'processed' | 'duplicate' | 'ignored'> {
    const event = progressEvents.parse(value);
    if (!event) return 'ignored';
    const complaintId = event.data.complaintId;
    assertKeyedBy(event, complaintId, key);
    return processOnce(
      this.store,
      PROGRESS_CONSUMER,
      event.id,
      (tx) => this.progress.record(tx, complaintId, [event], this.clock.now()),
      { lockKey: `intake-progress:${complaintId}` },
    );
  }
}
