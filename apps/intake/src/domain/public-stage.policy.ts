import type {
  ActionCompletedData,
  ActionScheduledData,
  CaseAssignedData,
  ComplaintClosedData,
  ComplaintDeadlinesReissuedData,
  ComplaintEscalatedData,
  ComplaintReclassifiedData,
  ComplaintReopenedData,
  ComplaintResolvedData,
  ComplaintTriagedData,
  ComplaintWithdrawnData,
  CustomerContactedData,
  InvestigationRecordedData,
  RemedyAcceptedData,
  RemedyApprovedData,
  RemedyDeclinedData,
  RemedyProposedData,
  RemedyRejectedData,
  TriageDeadlines,
} from '@redress/contracts';

/**
 * Where the customer's complaint stands, as the public status page shows it (issue 11 item 7):
 * the stage, since when, and the next date the customer was promised. Intake learns it from the
 * lifecycle events of triage, resolution and follow-up (and its own withdrawal); this file is the
 * one place that decides what each of them means to the customer.
 *
 * | event (topic)                                                           | stage          |
 * | ----------------------------------------------------------------------- | -------------- |
 * | (none yet)                                                              | `registered`   |
 * | `ComplaintTriaged` (triage)                                             | `triaged`      |
 * | `CaseAssigned`, `InvestigationRecorded`, `RemedyProposed`,              | `in_progress`  |
 * | `RemedyApproved`, `RemedyRejected`, `CustomerContacted` without a plan  |                |
 * | `CustomerContacted` with `remedyId` (the approved plan put to them)     | `plan_offered` |
 * | `RemedyAccepted`, `RemedyDeclined`, `ActionScheduled`, `ActionCompleted`| `in_progress`  |
 * | `ComplaintResolved` (resolution)                                        | `resolved`     |
 * | `ComplaintReopened` (follow-up)                                         | `reopened`     |
 * | `ComplaintClosed` (follow-up)                                           | `closed`       |
 * | `ComplaintWithdrawn` (intake's own)                                     | `withdrawn`    |
 *
 * `ComplaintReclassified`, `ComplaintEscalated` and `ComplaintDeadlinesReissued` change no stage:
 * they carry triage's deadlines, from which the promised date comes.
 *
 * Events come from three topics in no particular order between them, and a replayed dead letter
 * can come late on its own topic. So the progress is kept as a few registers, each holding the
 * newest fact of one kind (by the event's own time, never by arrival), and the stage is derived
 * from them. Each register only ever moves forward, so the same events give the same stage in
 * whatever order, and as often as, they arrive.
 */

export const PUBLIC_STAGES = [
  'registered',
  'triaged',
  'in_progress',
  'plan_offered',
  'resolved',
  'reopened',
  'closed',
  'withdrawn',
] as const;
export type PublicStage = (typeof PUBLIC_STAGES)[number];

/** Where an event stands among the others: its own time, then its place in its stream. */
export interface EventOrder {
  /** The time the event states (`contactedAt`, `resolvedAt`, …), ISO 8601. */
  at: string;
  /** The CloudEvents `source` of the stream it belongs to. */
  source: string;
  /** Its `streamversion` in that stream. */
  seq: number;
  eventId: string;
}

export interface StageMark extends EventOrder {
  stage: PublicStage;
}

export interface PromisedDeadlines {
  respondBy?: string;
  resolveBy: string;
  /** When the round these deadlines are for was under way: they count from then. */
  issuedFor: string;
  /** `streamversion` of triage's event: of two sets of deadlines, the later one stands. */
  triageVersion: number;
}

/** The registers the stage and the promise are derived from (stored as JSON). */
export interface ComplaintProgress {
  /** The newest event of the case's work: triaged, in progress, a plan put to the customer. */
  work?: StageMark;
  /** The newest contact that put an approved plan to the customer. */
  offer?: EventOrder;
  /** The newest event after which a plan no longer waits for the customer's answer. */
  planMoved?: EventOrder;
  /** The newest of resolved, reopened, closed. */
  lifecycle?: StageMark;
  withdrawnAt?: string;
  deadlines?: PromisedDeadlines;
  /** The latest reopening: a round of second handling began then (DOMAIN §4). */
  roundStartedAt?: string;
  /** The latest time someone from the company spoke with the customer. */
  lastContactAt?: string;
}

type Inbound<T extends string, D> = { type: T; data: D };

/** What the merge reads of each event: the fields named here, beside the envelope's identity. */
export type ProgressEvent = { id: string; source: string; streamversion: number } & (
  | Inbound<'ComplaintTriaged', Pick<ComplaintTriagedData, 'triagedAt' | 'deadlines'>>
  | Inbound<
      'ComplaintReclassified',
      Pick<ComplaintReclassifiedData, 'reclassifiedAt' | 'deadlines'>
    >
  | Inbound<'ComplaintEscalated', Pick<ComplaintEscalatedData, 'escalatedAt' | 'deadlines'>>
  | Inbound<
      'ComplaintDeadlinesReissued',
      Pick<ComplaintDeadlinesReissuedData, 'reissuedAt' | 'reopenedAt' | 'deadlines'>
    >
  | Inbound<'CaseAssigned', Pick<CaseAssignedData, 'assignedAt'>>
  | Inbound<'CustomerContacted', Pick<CustomerContactedData, 'contactedAt' | 'remedyId'>>
  | Inbound<'InvestigationRecorded', Pick<InvestigationRecordedData, 'recordedAt'>>
  | Inbound<'RemedyProposed', Pick<RemedyProposedData, 'proposedAt'>>
  | Inbound<'RemedyApproved', Pick<RemedyApprovedData, 'approvedAt'>>
  | Inbound<'RemedyRejected', Pick<RemedyRejectedData, 'rejectedAt'>>
  | Inbound<'RemedyAccepted', Pick<RemedyAcceptedData, 'acceptedAt'>>
  | Inbound<'RemedyDeclined', Pick<RemedyDeclinedData, 'declinedAt'>>
  | Inbound<'ActionScheduled', Pick<ActionScheduledData, 'scheduledAt'>>
  | Inbound<'ActionCompleted', Pick<ActionCompletedData, 'completedAt'>>
  | Inbound<'ComplaintResolved', Pick<ComplaintResolvedData, 'resolvedAt'>>
  | Inbound<'ComplaintReopened', Pick<ComplaintReopenedData, 'reopenedAt'>>
  | Inbound<'ComplaintClosed', Pick<ComplaintClosedData, 'closedAt'>>
  | Inbound<'ComplaintWithdrawn', Pick<ComplaintWithdrawnData, 'withdrawnAt'>>
);

export type ProgressEventType = ProgressEvent['type'];

/** Folds one event into the progress; an event older than what a register holds changes nothing. */
export function evolveProgress(
  progress: ComplaintProgress,
  event: ProgressEvent,
): ComplaintProgress {
  const order = (at: string): EventOrder => ({
    at,
    source: event.source,
    seq: event.streamversion,
    eventId: event.id,
  });
  switch (event.type) {
    case 'ComplaintTriaged':
      return promising(
        working(progress, 'triaged', order(event.data.triagedAt)),
        event.data.deadlines,
        event.data.triagedAt,
        event.streamversion,
      );
    case 'ComplaintReclassified':
      return promising(
        progress,
        event.data.deadlines,
        event.data.reclassifiedAt,
        event.streamversion,
      );
    case 'ComplaintEscalated':
      // Only a rise in severity restarts the clocks; a class alone carries no deadlines.
      return event.data.deadlines === undefined
        ? progress
        : promising(progress, event.data.deadlines, event.data.escalatedAt, event.streamversion);
    case 'ComplaintDeadlinesReissued':
      // Counted from the reopening, which names the round (docs/events.md).
      return roundStarted(
        promising(progress, event.data.deadlines, event.data.reopenedAt, event.streamversion),
        event.data.reopenedAt,
      );
    case 'CaseAssigned':
      return working(progress, 'in_progress', order(event.data.assignedAt));
    case 'InvestigationRecorded':
      return working(progress, 'in_progress', order(event.data.recordedAt));
    case 'RemedyApproved':
      // An approval (again, after a change of grading) leaves a plan already offered on offer.
      return working(progress, 'in_progress', order(event.data.approvedAt));
    case 'CustomerContacted': {
      const at = order(event.data.contactedAt);
      const contacted = {
        ...progress,
        lastContactAt: latestTime(progress.lastContactAt, event.data.contactedAt),
      };
      return event.data.remedyId === undefined
        ? working(contacted, 'in_progress', at)
        : { ...working(contacted, 'plan_offered', at), offer: newer(progress.offer, at) };
    }
    case 'RemedyProposed':
      return planMoved(progress, order(event.data.proposedAt));
    case 'RemedyRejected':
      return planMoved(progress, order(event.data.rejectedAt));
    case 'RemedyAccepted':
      return planMoved(progress, order(event.data.acceptedAt));
    case 'RemedyDeclined':
      return planMoved(progress, order(event.data.declinedAt));
    case 'ActionScheduled':
      return planMoved(progress, order(event.data.scheduledAt));
    case 'ActionCompleted':
      return planMoved(progress, order(event.data.completedAt));
    case 'ComplaintResolved':
      return lifecycle(progress, 'resolved', order(event.data.resolvedAt));
    case 'ComplaintReopened':
      return roundStarted(
        lifecycle(progress, 'reopened', order(event.data.reopenedAt)),
        event.data.reopenedAt,
      );
    case 'ComplaintClosed':
      return lifecycle(progress, 'closed', order(event.data.closedAt));
    case 'ComplaintWithdrawn':
      // Intake's stream ends with the withdrawal: there is one, and the first known stands.
      return progress.withdrawnAt === undefined
        ? { ...progress, withdrawnAt: event.data.withdrawnAt }
        : progress;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export interface StageNow {
  stage: PublicStage;
  /** When the complaint reached the stage; absent for `registered` (the registration's time). */
  since?: string;
}

/**
 * The stage the registers say:
 * - `withdrawn` is final: the customer's own word, and every service stops its clocks on it.
 * - `closed` is final too, but for a later reopening (follow-up's second handling, DOMAIN §4):
 *   no case event, however it is timed, undoes a closure.
 * - otherwise the newer of the case's work and its resolution or reopening: a complaint resolved
 *   and then reopened is `reopened` until its new round's work shows.
 * - a plan put to the customer stays `plan_offered` until the plan moves (their answer, a new
 *   plan, a rejection, an action): a further call or a reassignment meanwhile does not hide it.
 */
export function stageOf(progress: ComplaintProgress): StageNow {
  if (progress.withdrawnAt !== undefined) {
    return { stage: 'withdrawn', since: progress.withdrawnAt };
  }
  const ended = progress.lifecycle;
  if (ended?.stage === 'closed') return { stage: 'closed', since: ended.at };
  const work = progress.work;
  if (work !== undefined && (ended === undefined || isAfter(work, ended))) {
    const offer = progress.offer;
    const offered =
      offer !== undefined &&
      (progress.planMoved === undefined || isAfter(offer, progress.planMoved));
    return offered
      ? { stage: 'plan_offered', since: offer.at }
      : { stage: work.stage, since: work.at };
  }
  if (ended !== undefined) return { stage: ended.stage, since: ended.at };
  return { stage: 'registered' };
}

/** What the customer is promised next: a contact, a resolution, or a promise already missed. */
export type NextPromise =
  | { kind: 'contact'; by: string }
  | { kind: 'resolve'; by: string }
  | { kind: 'overdue' }
  | { kind: 'none' };

const ACTIVE: ReadonlySet<PublicStage> = new Set([
  'registered',
  'triaged',
  'in_progress',
  'plan_offered',
  'reopened',
]);

/**
 * The nearest promise still ahead of `now` for an active stage: triage's `respondBy` until the
 * first contact with the customer in the current round, then `resolveBy` (DOMAIN §2's response
 * and resolution targets). Deadlines issued before the latest reopening belong to an earlier
 * round and promise nothing until triage issues the new round's. `overdue`: every promise of the
 * round has passed; `none`: no promise is known (not triaged yet, or the stage is final).
 */
export function nextPromise(
  progress: ComplaintProgress,
  stage: PublicStage,
  now: Date,
): NextPromise {
  if (!ACTIVE.has(stage)) return { kind: 'none' };
  const deadlines = progress.deadlines;
  const round = progress.roundStartedAt;
  if (deadlines === undefined || (round !== undefined && isBefore(deadlines.issuedFor, round))) {
    return { kind: 'none' };
  }
  const contacted =
    progress.lastContactAt !== undefined &&
    (round === undefined || !isBefore(progress.lastContactAt, round));
  const promises: NextPromise[] = [];
  if (!contacted && deadlines.respondBy !== undefined) {
    promises.push({ kind: 'contact', by: deadlines.respondBy });
  }
  promises.push({ kind: 'resolve', by: deadlines.resolveBy });
  const ahead = promises.find((p) => 'by' in p && Date.parse(p.by) > now.getTime());
  return ahead ?? { kind: 'overdue' };
}

export interface PublicProgress extends StageNow {
  promise: NextPromise;
}

/** The stage and the promise at `now`: what the public status page answers. */
export function publicProgress(progress: ComplaintProgress, now: Date): PublicProgress {
  const stage = stageOf(progress);
  return { ...stage, promise: nextPromise(progress, stage.stage, now) };
}

/** Whether `a` happened after `b`: by time, then by place in one stream, then by event id. */
export function isAfter(a: EventOrder, b: EventOrder): boolean {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  if (ta !== tb) return ta > tb;
  if (a.source === b.source && a.seq !== b.seq) return a.seq > b.seq;
  return a.eventId > b.eventId;
}

function newer<T extends EventOrder>(current: T | undefined, incoming: T): T {
  return current === undefined || isAfter(incoming, current) ? incoming : current;
}

function working(
  progress: ComplaintProgress,
  stage: PublicStage,
  at: EventOrder,
): ComplaintProgress {
  return { ...progress, work: newer(progress.work, { ...at, stage }) };
}

function planMoved(progress: ComplaintProgress, at: EventOrder): ComplaintProgress {
  return { ...working(progress, 'in_progress', at), planMoved: newer(progress.planMoved, at) };
}

function lifecycle(
  progress: ComplaintProgress,
  stage: PublicStage,
  at: EventOrder,
): ComplaintProgress {
  return { ...progress, lifecycle: newer(progress.lifecycle, { ...at, stage }) };
}

function roundStarted(progress: ComplaintProgress, reopenedAt: string): ComplaintProgress {
  return { ...progress, roundStartedAt: latestTime(progress.roundStartedAt, reopenedAt) };
}

/** Triage's deadlines: of two sets, the one from the later position of triage's stream. */
function promising(
  progress: ComplaintProgress,
  deadlines: TriageDeadlines,
  issuedFor: string,
  triageVersion: number,
): ComplaintProgress {
  const current = progress.deadlines;
  if (current !== undefined && current.triageVersion >= triageVersion) return progress;
  return {
    ...progress,
    deadlines: {
      ...(deadlines.respondBy !== undefined ? { respondBy: deadlines.respondBy } : {}),
      resolveBy: deadlines.resolveBy,
      issuedFor,
      triageVersion,
    },
  };
}

function latestTime(current: string | undefined, incoming: string): string {
  return current === undefined || Date.parse(incoming) > Date.parse(current) ? incoming : current;
}

function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}
