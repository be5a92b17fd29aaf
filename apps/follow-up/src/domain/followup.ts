import type {
  AttemptOutcome,
  CaseStudyPublishedData,
  CaseStudyRemindedData,
  ClosureOutcome,
  ComplaintClosedData,
  ComplaintReopenedData,
  CorrectiveActionCompletedData,
  CorrectiveActionKind,
  CorrectiveActionOverdueData,
  CorrectiveActionRequestedData,
  EscalationClass,
  FollowUpAttemptedData,
  FollowUpScheduledData,
  GoodwillGestureRecordedData,
  GoodwillKind,
  SatisfactionRecordedData,
  Severity,
} from '@redress/contracts';

/** The events of one complaint's follow-up stream, as the decider sees them. */
export type FollowUpEvent =
  | { type: 'FollowUpScheduled'; data: FollowUpScheduledData }
  | { type: 'FollowUpAttempted'; data: FollowUpAttemptedData }
  | { type: 'SatisfactionRecorded'; data: SatisfactionRecordedData }
  | { type: 'ComplaintReopened'; data: ComplaintReopenedData }
  | { type: 'ComplaintClosed'; data: ComplaintClosedData }
  | { type: 'CorrectiveActionRequested'; data: CorrectiveActionRequestedData }
  | { type: 'CorrectiveActionCompleted'; data: CorrectiveActionCompletedData }
  | { type: 'CorrectiveActionOverdue'; data: CorrectiveActionOverdueData }
  | { type: 'GoodwillGestureRecorded'; data: GoodwillGestureRecordedData }
  | { type: 'CaseStudyPublished'; data: CaseStudyPublishedData }
  | { type: 'CaseStudyReminded'; data: CaseStudyRemindedData };

/**
 * Where a complaint's follow-up stands: `awaiting_callback` (resolved; the customer is to be
 * called and surveyed), `reopened` (unhappy: resolution works a second round, whose resolution
 * schedules the next callback), `closed` (archived).
 */
export const FOLLOWUP_STATUSES = ['awaiting_callback', 'reopened', 'closed'] as const;
export type FollowUpStatus = (typeof FOLLOWUP_STATUSES)[number];

export interface Attempt {
  attempt: number;
  at: string;
  by: string;
  outcome: AttemptOutcome;
  nextAttemptAt?: string;
}

export interface CorrectiveAction {
  actionId: string;
  kind: CorrectiveActionKind;
  department: string;
  owner: string;
  description: string;
  requestedAt: string;
  dueAt: string;
  completedAt?: string;
  overdueAt?: string;
}

export interface Survey {
  round: number;
  recordedAt: string;
  satisfaction: number;
  resolved: boolean;
  ratings: { efficiency: number; attitude: number; outcome: number };
  verdict: 'satisfied' | 'unsatisfied';
}

export interface FollowUp {
  status: FollowUpStatus;
  complaintId: string;
  /** The resolved round the callback is for. */
  round: number;
  department: string;
  severity: Severity;
  escalationClass: EscalationClass;
  category: string;
  resolvedAt: string;
  scheduledAt: string;
  dueAt: string;
  calendar: 'business' | '24/7';
  maxAttempts: number;
  /** This round's attempts. */
  attempts: Attempt[];
  /** When the next try is due, after one that did not reach the customer. */
  nextAttemptAt?: string;
  surveys: Survey[];
  closedAt?: string;
  outcome?: ClosureOutcome;
  needsReview?: boolean;
  retainUntil?: string;
  classification?: string;
  correctiveActions: Record<string, CorrectiveAction>;
  goodwill: Array<{ gestureId: string; kind: GoodwillKind; recordedAt: string }>;
  caseStudy?: { caseStudyId: string; publishedAt: string };
  caseStudyReminded: Array<'due_soon' | 'overdue'>;
  updatedAt: string;
}

export type FollowUpState = { status: 'none' } | FollowUp;

export const initialState = (): FollowUpState => ({ status: 'none' });

export function evolve(state: FollowUpState, event: FollowUpEvent): FollowUpState {
  if (event.type === 'FollowUpScheduled') {
    const d = event.data;
    const kept = state.status === 'none' ? undefined : state;
    return {
      status: 'awaiting_callback',
      complaintId: d.complaintId,
      round: d.round,
      department: d.department,
      severity: d.severity,
      escalationClass: d.escalationClass,
      category: d.category,
      resolvedAt: d.resolvedAt,
      scheduledAt: d.scheduledAt,
      dueAt: d.dueAt,
      calendar: d.calendar,
      maxAttempts: d.maxAttempts,
      attempts: [],
      surveys: kept?.surveys ?? [],
      correctiveActions: kept?.correctiveActions ?? {},
      goodwill: kept?.goodwill ?? [],
      ...(kept?.caseStudy ? { caseStudy: kept.caseStudy } : {}),
      caseStudyReminded: [],
      updatedAt: d.scheduledAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'FollowUpAttempted': {
      const d = event.data;
      const { nextAttemptAt: _previous, ...rest } = state;
      return {
        ...rest,
        attempts: [
          ...state.attempts,
          {
            attempt: d.attempt,
            at: d.attemptedAt,
            by: d.attemptedBy,
            outcome: d.outcome,
            ...(d.nextAttemptAt !== undefined ? { nextAttemptAt: d.nextAttemptAt } : {}),
          },
        ],
        ...(d.nextAttemptAt !== undefined ? { nextAttemptAt: d.nextAttemptAt } : {}),
        updatedAt: d.attemptedAt,
      };
    }
    case 'SatisfactionRecorded': {
      const d = event.data;
      return {
        ...state,
        surveys: [
          ...state.surveys,
          {
            round: d.round,
            recordedAt: d.recordedAt,
            satisfaction: d.satisfaction,
            resolved: d.resolved,
            ratings: d.ratings,
            verdict: d.verdict,
          },
        ],
        updatedAt: d.recordedAt,
      };
    }
    case 'ComplaintReopened':
      return { ...state, status: 'reopened', updatedAt: event.data.reopenedAt };
    case 'ComplaintClosed': {
      const d = event.data;
      return {
        ...state,
        status: 'closed',
        closedAt: d.closedAt,
        ...(d.outcome !== undefined ? { outcome: d.outcome } : {}),
        ...(d.needsReview !== undefined ? { needsReview: d.needsReview } : {}),
        ...(d.retainUntil !== undefined ? { retainUntil: d.retainUntil } : {}),
        ...(d.classification !== undefined ? { classification: d.classification } : {}),
        updatedAt: d.closedAt,
      };
    }
    case 'CorrectiveActionRequested': {
      const d = event.data;
      return {
        ...state,
        correctiveActions: {
          ...state.correctiveActions,
          [d.actionId]: {
            actionId: d.actionId,
            kind: d.kind,
            department: d.department,
            owner: d.owner,
            description: d.description,
            requestedAt: d.requestedAt,
            dueAt: d.dueAt,
          },
        },
        updatedAt: d.requestedAt,
      };
    }
    case 'CorrectiveActionCompleted':
    case 'CorrectiveActionOverdue': {
      const d = event.data;
      const action = state.correctiveActions[d.actionId];
      if (!action) return state;
      const at =
        event.type === 'CorrectiveActionCompleted' ? event.data.completedAt : event.data.overdueAt;
      const change =
        event.type === 'CorrectiveActionCompleted' ? { completedAt: at } : { overdueAt: at };
      return {
        ...state,
        correctiveActions: { ...state.correctiveActions, [d.actionId]: { ...action, ...change } },
        updatedAt: at,
      };
    }
    case 'GoodwillGestureRecorded': {
      const d = event.data;
      return {
        ...state,
        goodwill: [
          ...state.goodwill,
          { gestureId: d.gestureId, kind: d.kind, recordedAt: d.recordedAt },
        ],
        updatedAt: d.recordedAt,
      };
    }
    case 'CaseStudyPublished':
      return {
        ...state,
        caseStudy: { caseStudyId: event.data.caseStudyId, publishedAt: event.data.publishedAt },
        updatedAt: event.data.publishedAt,
      };
    case 'CaseStudyReminded':
      return {
        ...state,
        caseStudyReminded: [...state.caseStudyReminded, event.data.stage],
        updatedAt: event.data.remindedAt,
      };
    default:
      return assertNever(event);
  }
}

export function fold(
  events: readonly FollowUpEvent[],
  from: FollowUpState = initialState(),
): FollowUpState {
  return events.reduce(evolve, from);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
