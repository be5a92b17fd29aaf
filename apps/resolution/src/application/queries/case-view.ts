import type { StoredEvent } from '@redress/event-store';
import {
  eventTime,
  missingApprovals,
  nearestDue,
  slaState,
  type Clock,
  type CompiledResolutionPolicy,
  type OpenedCase,
  type Round,
  type SlaState,
} from '../../domain';
import { toCaseEvent } from '../case-handling';

/** One entry of a case's timeline: an event of its stream, as `GET /cases/:id` shows it. */
export interface TimelineEntry {
  type: string;
  /** When it happened, by the event's own time field. */
  at: string;
  recordedAt: string;
  streamVersion: number;
  actor: { type: string; id: string };
  data: unknown;
}

function clockView(clock: Clock) {
  return {
    clock: clock.clock,
    ...(clock.actionId !== undefined ? { actionId: clock.actionId } : {}),
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    calendar: clock.calendar,
    state:
      clock.breachedFor === clock.dueAt
        ? 'breached'
        : clock.stoppedAt !== undefined
          ? 'stopped'
          : clock.warnedFor === clock.dueAt
            ? 'warned'
            : 'running',
    ...(clock.stoppedAt !== undefined ? { stoppedAt: clock.stoppedAt } : {}),
  };
}

function roundView(round: Round) {
  return {
    round: round.round,
    startedAt: round.startedAt,
    ...(round.reopenedAt !== undefined ? { reopenedAt: round.reopenedAt } : {}),
    ...(round.reopenReason !== undefined ? { reopenReason: round.reopenReason } : {}),
    awaitingDeadlines: round.awaitingDeadlines,
    clocks: Object.values(round.clocks)
      .filter((clock): clock is Clock => clock !== undefined)
      .map(clockView),
    ...(round.firstContactAt !== undefined ? { firstContactAt: round.firstContactAt } : {}),
    ...(round.firstProposalAt !== undefined ? { firstProposalAt: round.firstProposalAt } : {}),
    ...(round.planApprovedAt !== undefined ? { planApprovedAt: round.planApprovedAt } : {}),
    ...(round.resolvedAt !== undefined ? { resolvedAt: round.resolvedAt } : {}),
    breached: round.breached,
    ...(round.order !== undefined ? { supervisionOrder: round.order } : {}),
  };
}

/** A case as the API shows it: its grading, where it stands, its clocks and its work. */
export function caseView(state: OpenedCase, now: Date, compiled: CompiledResolutionPolicy) {
  const nearest = nearestDue(state);
  return {
    complaintId: state.complaintId,
    status: state.status,
    department: state.department,
    ...(state.assignee !== undefined ? { assignee: state.assignee.id } : {}),
    type: state.type,
    category: state.category,
    ...(state.subcategory !== undefined ? { subcategory: state.subcategory } : {}),
    severity: state.severity,
    escalationClass: state.escalationClass,
    approver: state.approver,
    deadlines: state.deadlines,
    slaState: slaState(state, now, compiled) satisfies SlaState,
    ...(nearest !== undefined ? { nearestDueAt: nearest } : {}),
    registeredAt: state.registeredAt,
    openedAt: state.openedAt,
    updatedAt: state.updatedAt,
    ...(state.withdrawnAt !== undefined ? { withdrawnAt: state.withdrawnAt } : {}),
    round: roundView(state.round),
    earlierRounds: state.earlierRounds.map(roundView),
    ...(state.investigation !== undefined ? { investigation: state.investigation } : {}),
    remedies: Object.values(state.remedies).map((remedy) => ({
      ...remedy,
      missingApprovals: remedy.status === 'awaiting_approval' ? missingApprovals(remedy) : [],
    })),
    ...(state.currentRemedyId !== undefined ? { currentRemedyId: state.currentRemedyId } : {}),
    actions: Object.values(state.actions),
    ...(state.crisis !== undefined ? { crisisTeam: state.crisis } : {}),
  };
}

export type CaseView = ReturnType<typeof caseView>;

/** The case's stream as its timeline: every event in order, with who caused it. */
export function timelineOf(stream: readonly StoredEvent[]): TimelineEntry[] {
  return stream.map((stored) => {
    const event = toCaseEvent(stored);
    return {
      type: event.type,
      at: eventTime(event),
      recordedAt: stored.recordedAt.toISOString(),
      streamVersion: stored.streamVersion,
      actor: { type: stored.metadata.authtype, id: stored.metadata.authid },
      data: event.data,
    };
  });
}
