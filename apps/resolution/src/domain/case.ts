import type {
  ActionCompletedData,
  ActionScheduledData,
  CaseAssignedData,
  CaseOpenedData,
  CaseReopenedData,
  CaseTriageUpdatedData,
  CaseWithdrawnData,
  ClockCalendar,
  ComplaintResolvedData,
  CrisisTeamFormedData,
  CustomerContactedData,
  EscalationClass,
  Evidence,
  InvestigationRecordedData,
  RemedyAcceptedData,
  RemedyApprovedData,
  RemedyDeclinedData,
  RemedyOption,
  RemedyProposedData,
  RemedyRejectedData,
  RequiredApproval,
  Responsibility,
  Severity,
  SlaBreachedData,
  SlaClock,
  SlaWarningData,
  SubjectType,
  SupervisionMilestone,
  SupervisionMilestoneMissedData,
  SupervisionOrderIssuedData,
  SupervisionReason,
  TriageDeadlines,
} from '@redress/contracts';

/** The events of one complaint's case stream, as the decider sees them. */
export type CaseEvent =
  | { type: 'CaseOpened'; data: CaseOpenedData }
  | { type: 'CaseTriageUpdated'; data: CaseTriageUpdatedData }
  | { type: 'CaseWithdrawn'; data: CaseWithdrawnData }
  | { type: 'CaseReopened'; data: CaseReopenedData }
  | { type: 'CaseAssigned'; data: CaseAssignedData }
  | { type: 'CustomerContacted'; data: CustomerContactedData }
  | { type: 'InvestigationRecorded'; data: InvestigationRecordedData }
  | { type: 'RemedyProposed'; data: RemedyProposedData }
  | { type: 'RemedyApproved'; data: RemedyApprovedData }
  | { type: 'RemedyRejected'; data: RemedyRejectedData }
  | { type: 'RemedyAccepted'; data: RemedyAcceptedData }
  | { type: 'RemedyDeclined'; data: RemedyDeclinedData }
  | { type: 'ActionScheduled'; data: ActionScheduledData }
  | { type: 'ActionCompleted'; data: ActionCompletedData }
  | { type: 'ComplaintResolved'; data: ComplaintResolvedData }
  | { type: 'SlaWarning'; data: SlaWarningData }
  | { type: 'SlaBreached'; data: SlaBreachedData }
  | { type: 'SupervisionOrderIssued'; data: SupervisionOrderIssuedData }
  | { type: 'SupervisionMilestoneMissed'; data: SupervisionMilestoneMissedData }
  | { type: 'CrisisTeamFormed'; data: CrisisTeamFormedData };

/**
 * Where a case stands. `open`: being worked, no plan on the table (also after a plan was
 * rejected or declined); `awaiting_approval`: a plan waits for its approvals; `plan_approved`:
 * approved, waiting for the customer's choice; `executing`: the customer accepted, actions run;
 * then `resolved` (until a reopening) or `withdrawn`.
 */
export const CASE_STATUSES = [
  'open',
  'awaiting_approval',
  'plan_approved',
  'executing',
  'resolved',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ACTIVE_STATUSES: readonly CaseStatus[] = [
  'open',
  'awaiting_approval',
  'plan_approved',
  'executing',
];

/** Triage's grading of the complaint as the case works with it. */
export interface Grading {
  type: SubjectType;
  category: string;
  subcategory?: string;
  severity: Severity;
  escalationClass: EscalationClass;
  department: string;
  approver: string;
  calendar: ClockCalendar;
}

export type GradingWithDeadlines = Grading & { deadlines: TriageDeadlines };

/** The grading and deadlines of anything that carries them (an event, the case itself). */
export function gradingOf(source: GradingWithDeadlines): GradingWithDeadlines {
  return {
    type: source.type,
    category: source.category,
    ...(source.subcategory !== undefined ? { subcategory: source.subcategory } : {}),
    severity: source.severity,
    escalationClass: source.escalationClass,
    department: source.department,
    approver: source.approver,
    calendar: source.calendar,
    deadlines: source.deadlines,
  };
}

/** One running or finished clock of the current round. */
export interface Clock {
  clock: SlaClock;
  actionId?: string;
  startedAt: string;
  dueAt: string;
  calendar: ClockCalendar;
  /** What it waited for happened (or the case ended). */
  stoppedAt?: string;
  /** The due time a warning / a breach was recorded for: each fires once per due time. */
  warnedFor?: string;
  breachedFor?: string;
}

/** `respond`, `plan`, …, or `action:<actionId>`: one clock of a round. */
export type ClockId = Exclude<SlaClock, 'action'> | `action:${string}`;

export function clockId(clock: SlaClock, actionId?: string): ClockId {
  if (clock !== 'action') return clock;
  if (actionId === undefined) throw new RangeError('an action clock needs its action id');
  return `action:${actionId}`;
}

export type RemedyStatus = 'awaiting_approval' | 'approved' | 'rejected' | 'accepted' | 'declined';

export interface Remedy {
  remedyId: string;
  round: number;
  proposedAt: string;
  proposedBy: string;
  options: RemedyOption[];
  required: RequiredApproval[];
  approvals: Array<{ body: string; by: string; at: string }>;
  status: RemedyStatus;
  offeredAt?: string;
  chosen?: RemedyOption;
}

export interface Action {
  actionId: string;
  remedyId: string;
  round: number;
  description: string;
  owner: string;
  dueAt: string;
  completedAt?: string;
}

export interface SupervisionOrder {
  issuedAt: string;
  reason: SupervisionReason;
  milestones: Array<{ milestone: SupervisionMilestone; dueAt: string; missedAt?: string }>;
}

/** One round of handling: the first, then one per reopening (DOMAIN §4 second handling). */
export interface Round {
  round: number;
  startedAt: string;
  reopenedAt?: string;
  reopenReason?: string;
  /** Reopened, and triage has not issued this round's deadlines yet. */
  awaitingDeadlines: boolean;
  clocks: Partial<Record<ClockId, Clock>>;
  firstContactAt?: string;
  firstProposalAt?: string;
  planApprovedAt?: string;
  resolvedAt?: string;
  breached: boolean;
  order?: SupervisionOrder;
}

export interface OpenedCase extends Grading {
  status: CaseStatus;
  complaintId: string;
  openedAt: string;
  registeredAt: string;
  updatedAt: string;
  deadlines: TriageDeadlines;
  assignee?: { id: string; department: string };
  investigation?: {
    rootCause: string;
    responsibility: Responsibility;
    evidence: Evidence[];
    sharedWith: string[];
    recordedAt: string;
    recordedBy: string;
  };
  remedies: Record<string, Remedy>;
  /** The plan on the table (awaiting approval, approved or accepted) in this round. */
  currentRemedyId?: string;
  actions: Record<string, Action>;
  round: Round;
  earlierRounds: Round[];
  crisis?: { formedAt: string; lead: string; members: string[]; spokesperson: string };
  withdrawnAt?: string;
}

export type CaseState = { status: 'none' } | OpenedCase;

export const initialState = (): CaseState => ({ status: 'none' });

export function isActive(state: CaseState): state is OpenedCase {
  return state.status !== 'none' && ACTIVE_STATUSES.includes(state.status);
}

export function currentRemedy(state: OpenedCase): Remedy | undefined {
  return state.currentRemedyId === undefined ? undefined : state.remedies[state.currentRemedyId];
}

/** When the round reached a milestone of its supervision order, if it has. */
export function milestoneMetAt(round: Round, milestone: SupervisionMilestone): string | undefined {
  switch (milestone) {
    case 'customer_contacted':
      return round.firstContactAt;
    case 'plan_proposed':
      return round.firstProposalAt;
    case 'plan_approved':
      return round.planApprovedAt;
    case 'resolved':
      return round.resolvedAt;
    default:
      return assertNever(milestone);
  }
}

/** The round's clock that carries a milestone's own deadline, if the case has one. */
export function milestoneDeadline(
  round: Round,
  milestone: SupervisionMilestone,
): Clock | undefined {
  switch (milestone) {
    case 'customer_contacted':
      return round.clocks.respond;
    case 'plan_proposed':
      return round.clocks.plan ?? round.clocks.crisis_plan;
    case 'plan_approved':
      return undefined;
    case 'resolved':
      return round.clocks.resolve;
    default:
      return assertNever(milestone);
  }
}

const DEADLINE_CLOCKS = [
  ['respond', 'respondBy'],
  ['plan', 'planBy'],
  ['resolve', 'resolveBy'],
] as const;

/** The respond / plan / resolve clocks of triage's deadlines, counted from `startedAt`. */
function deadlineClocks(
  deadlines: TriageDeadlines,
  startedAt: string,
  calendar: ClockCalendar,
): Round['clocks'] {
  const clocks: Round['clocks'] = {};
  for (const [clock, field] of DEADLINE_CLOCKS) {
    const dueAt = deadlines[field];
    if (dueAt !== undefined) clocks[clock] = { clock, startedAt, dueAt, calendar };
  }
  return clocks;
}

/**
 * New deadlines for a round already running: a clock whose due time changed restarts from
 * `startedAt`; one already stopped stays stopped (the customer was contacted, the plan is
 * proposed); one triage no longer sets goes away unless it stopped.
 */
function retime(
  clocks: Round['clocks'],
  deadlines: TriageDeadlines,
  startedAt: string,
  calendar: ClockCalendar,
): Round['clocks'] {
  const next = { ...clocks };
  for (const [clock, field] of DEADLINE_CLOCKS) {
    const dueAt = deadlines[field];
    const current = next[clock];
    if (current?.stoppedAt !== undefined) continue;
    if (dueAt === undefined) delete next[clock];
    else if (current?.dueAt !== dueAt || current.calendar !== calendar) {
      next[clock] = { clock, startedAt, dueAt, calendar };
    }
  }
  return next;
}

function stop(clocks: Round['clocks'], ids: readonly ClockId[], at: string): Round['clocks'] {
  const next = { ...clocks };
  for (const id of ids) {
    const clock = next[id];
    if (clock && clock.stoppedAt === undefined) next[id] = { ...clock, stoppedAt: at };
  }
  return next;
}

function stopAll(clocks: Round['clocks'], at: string): Round['clocks'] {
  return stop(clocks, Object.keys(clocks) as ClockId[], at);
}

function withRound(state: OpenedCase, change: (round: Round) => Partial<Round>): OpenedCase {
  return { ...state, round: { ...state.round, ...change(state.round) } };
}

function withRemedy(state: OpenedCase, remedyId: string, change: Partial<Remedy>): OpenedCase {
  const remedy = state.remedies[remedyId];
  if (!remedy) return state;
  return { ...state, remedies: { ...state.remedies, [remedyId]: { ...remedy, ...change } } };
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') {
    const d = event.data;
    return {
      status: 'open',
      complaintId: d.complaintId,
      openedAt: d.openedAt,
      registeredAt: d.registeredAt,
      updatedAt: d.openedAt,
      ...gradingOf(d),
      remedies: {},
      actions: {},
      // Triage counts the first round's deadlines from registration (its README, decision 10).
      round: {
        round: 1,
        startedAt: d.openedAt,
        awaitingDeadlines: false,
        clocks: deadlineClocks(d.deadlines, d.registeredAt, d.calendar),
        breached: false,
      },
      earlierRounds: [],
    };
  }
  if (state.status === 'none') return state;
  const next = apply(state, event);
  return next === state ? state : { ...next, updatedAt: eventTime(event) };
}

function apply(state: OpenedCase, event: Exclude<CaseEvent, { type: 'CaseOpened' }>): OpenedCase {
  switch (event.type) {
    case 'CaseTriageUpdated': {
      const d = event.data;
      const { subcategory: _dropped, ...rest } = state;
      // Reissued deadlines count from the reopening; a reclassification or an escalation restarts
      // the clocks it changes at that moment (triage's README, decision 11).
      const startedAt = d.source === 'reissued' ? state.round.startedAt : d.updatedAt;
      let next: OpenedCase = {
        ...rest,
        ...gradingOf(d),
        ...(d.unassigned ? { assignee: undefined } : {}),
      };
      next = withRound(next, (round) => ({
        clocks: retime(round.clocks, d.deadlines, startedAt, d.calendar),
        awaitingDeadlines: false,
      }));
      if (d.remedyApprovals) {
        const remedy = next.remedies[d.remedyApprovals.remedyId];
        if (remedy) {
          next = withRemedy(next, remedy.remedyId, {
            required: [...remedy.required, ...d.remedyApprovals.added],
            status: remedy.status === 'approved' ? 'awaiting_approval' : remedy.status,
          });
          if (next.status === 'plan_approved') {
            // Approved no longer: the crisis contact clock waits for the new approvals.
            const { crisis_contact: _waiting, ...clocks } = next.round.clocks;
            next = {
              ...withRound(next, () => ({ clocks, planApprovedAt: undefined })),
              status: 'awaiting_approval',
            };
          }
        }
      }
      return next;
    }
    case 'CaseWithdrawn':
      return withRound(
        { ...state, status: 'withdrawn', withdrawnAt: event.data.withdrawnAt },
        (round) => ({ clocks: stopAll(round.clocks, event.data.withdrawnAt) }),
      );
    case 'CaseReopened': {
      const d = event.data;
      const clocks = d.deadlines ? deadlineClocks(d.deadlines, d.reopenedAt, d.calendar) : {};
      if (d.crisisPlanBy !== undefined) {
        clocks.crisis_plan = {
          clock: 'crisis_plan',
          startedAt: d.reopenedAt,
          dueAt: d.crisisPlanBy,
          calendar: '24/7',
        };
      }
      return {
        ...state,
        status: 'open',
        calendar: d.calendar,
        ...(d.deadlines ? { deadlines: d.deadlines } : {}),
        currentRemedyId: undefined,
        earlierRounds: [...state.earlierRounds, state.round],
        round: {
          round: d.round,
          startedAt: d.reopenedAt,
          reopenedAt: d.reopenedAt,
          ...(d.reason !== undefined ? { reopenReason: d.reason } : {}),
          awaitingDeadlines: d.deadlines === undefined,
          clocks,
          breached: false,
        },
      };
    }
    case 'CaseAssigned':
      return {
        ...state,
        assignee: { id: event.data.assignee, department: event.data.department },
      };
    case 'CustomerContacted': {
      const d = event.data;
      let next = withRound(state, (round) => ({
        firstContactAt: round.firstContactAt ?? d.contactedAt,
        clocks: stop(round.clocks, ['respond', 'crisis_contact'], d.contactedAt),
      }));
      if (d.remedyId !== undefined && next.remedies[d.remedyId]?.offeredAt === undefined) {
        next = withRemedy(next, d.remedyId, { offeredAt: d.contactedAt });
      }
      return next;
    }
    case 'InvestigationRecorded': {
      const d = event.data;
      return {
        ...state,
        investigation: {
          rootCause: d.rootCause,
          responsibility: d.responsibility,
          evidence: d.evidence,
          sharedWith: d.sharedWith,
          recordedAt: d.recordedAt,
          recordedBy: d.recordedBy,
        },
      };
    }
    case 'RemedyProposed': {
      const d = event.data;
      const remedy: Remedy = {
        remedyId: d.remedyId,
        round: d.round,
        proposedAt: d.proposedAt,
        proposedBy: d.proposedBy,
        options: d.options,
        required: d.requiredApprovals,
        approvals: [],
        status: 'awaiting_approval',
      };
      return withRound(
        {
          ...state,
          status: 'awaiting_approval',
          remedies: { ...state.remedies, [d.remedyId]: remedy },
          currentRemedyId: d.remedyId,
        },
        (round) => ({
          firstProposalAt: round.firstProposalAt ?? d.proposedAt,
          clocks: stop(
            round.clocks,
            ['plan', 'replan', 'crisis_plan', 'crisis_replan'],
            d.proposedAt,
          ),
        }),
      );
    }
    case 'RemedyApproved': {
      const d = event.data;
      const remedy = state.remedies[d.remedyId];
      if (!remedy) return state;
      const approved = d.remainingApprovals.length === 0;
      let next = withRemedy(state, d.remedyId, {
        approvals: [...remedy.approvals, { body: d.body, by: d.approvedBy, at: d.approvedAt }],
        ...(approved ? { status: 'approved' as const } : {}),
      });
      if (!approved) return next;
      next = withRound({ ...next, status: 'plan_approved' }, (round) => ({
        planApprovedAt: round.planApprovedAt ?? d.approvedAt,
      }));
      if (d.crisisContactBy === undefined) return next;
      const contactBy = d.crisisContactBy;
      return withRound(next, (round) => ({
        clocks: {
          ...round.clocks,
          crisis_contact: {
            clock: 'crisis_contact',
            startedAt: d.approvedAt,
            dueAt: contactBy,
            calendar: '24/7',
          },
        },
      }));
    }
    case 'RemedyRejected':
      return {
        ...withRemedy(state, event.data.remedyId, { status: 'rejected' }),
        status: 'open',
        currentRemedyId: undefined,
      };
    case 'RemedyAccepted': {
      const d = event.data;
      return withRound(
        {
          ...withRemedy(state, d.remedyId, { status: 'accepted', chosen: d.option }),
          status: 'executing',
        },
        (round) => ({ clocks: stop(round.clocks, ['crisis_contact'], d.acceptedAt) }),
      );
    }
    case 'RemedyDeclined': {
      const d = event.data;
      return withRound(
        {
          ...withRemedy(state, d.remedyId, { status: 'declined' }),
          status: 'open',
          currentRemedyId: undefined,
        },
        (round) => ({
          clocks: {
            ...stop(round.clocks, ['crisis_contact'], d.declinedAt),
            [d.newPlanClock]: {
              clock: d.newPlanClock,
              startedAt: d.declinedAt,
              dueAt: d.newPlanBy,
              calendar: d.calendar,
            },
          },
        }),
      );
    }
    case 'ActionScheduled': {
      const d = event.data;
      const id = clockId('action', d.actionId);
      return withRound(
        {
          ...state,
          actions: {
            ...state.actions,
            [d.actionId]: {
              actionId: d.actionId,
              remedyId: d.remedyId,
              round: state.round.round,
              description: d.description,
              owner: d.owner,
              dueAt: d.dueAt,
            },
          },
        },
        (round) => ({
          clocks: {
            ...round.clocks,
            [id]: {
              clock: 'action',
              actionId: d.actionId,
              startedAt: d.scheduledAt,
              dueAt: d.dueAt,
              calendar: d.calendar,
            },
          },
        }),
      );
    }
    case 'ActionCompleted': {
      const d = event.data;
      const action = state.actions[d.actionId];
      if (!action) return state;
      return withRound(
        {
          ...state,
          actions: { ...state.actions, [d.actionId]: { ...action, completedAt: d.completedAt } },
        },
        (round) => ({
          clocks: stop(round.clocks, [clockId('action', d.actionId)], d.completedAt),
        }),
      );
    }
    case 'ComplaintResolved':
      return withRound({ ...state, status: 'resolved' }, (round) => ({
        resolvedAt: event.data.resolvedAt,
        clocks: stopAll(round.clocks, event.data.resolvedAt),
      }));
    case 'SlaWarning':
    case 'SlaBreached': {
      const d = event.data;
      if (d.round !== state.round.round) return state;
      const id = clockId(d.clock, d.actionId);
      const clock = state.round.clocks[id];
      if (!clock) return state;
      const mark = event.type === 'SlaWarning' ? { warnedFor: d.dueAt } : { breachedFor: d.dueAt };
      return withRound(state, (round) => ({
        clocks: { ...round.clocks, [id]: { ...clock, ...mark } },
        breached: round.breached || event.type === 'SlaBreached',
      }));
    }
    case 'SupervisionOrderIssued': {
      const d = event.data;
      return withRound(state, () => ({
        order: {
          issuedAt: d.issuedAt,
          reason: d.reason,
          milestones: d.milestones.map((m) => ({ milestone: m.milestone, dueAt: m.dueAt })),
        },
      }));
    }
    case 'SupervisionMilestoneMissed': {
      const d = event.data;
      const order = state.round.order;
      if (!order || d.round !== state.round.round) return state;
      return withRound(state, () => ({
        order: {
          ...order,
          milestones: order.milestones.map((m) =>
            m.milestone === d.milestone ? { ...m, missedAt: d.missedAt } : m,
          ),
        },
      }));
    }
    case 'CrisisTeamFormed': {
      const d = event.data;
      const next: OpenedCase = {
        ...state,
        crisis: {
          formedAt: d.formedAt,
          lead: d.lead.role,
          members: d.members.map((m) => m.role),
          spokesperson: d.spokesperson.role,
        },
      };
      if (d.planBy === undefined) return next;
      const planBy = d.planBy;
      return withRound(next, (round) => ({
        clocks: {
          ...round.clocks,
          crisis_plan: {
            clock: 'crisis_plan',
            startedAt: d.formedAt,
            dueAt: planBy,
            calendar: '24/7',
          },
        },
      }));
    }
    default:
      return assertNever(event);
  }
}

export function fold(events: readonly CaseEvent[], from: CaseState = initialState()): CaseState {
  return events.reduce(evolve, from);
}

/** When an event happened, by its own time field. */
export function eventTime(event: CaseEvent): string {
  switch (event.type) {
    case 'CaseOpened':
      return event.data.openedAt;
    case 'CaseTriageUpdated':
      return event.data.updatedAt;
    case 'CaseWithdrawn':
      return event.data.withdrawnAt;
    case 'CaseReopened':
      return event.data.reopenedAt;
    case 'CaseAssigned':
      return event.data.assignedAt;
    case 'CustomerContacted':
      return event.data.contactedAt;
    case 'InvestigationRecorded':
      return event.data.recordedAt;
    case 'RemedyProposed':
      return event.data.proposedAt;
    case 'RemedyApproved':
      return event.data.approvedAt;
    case 'RemedyRejected':
      return event.data.rejectedAt;
    case 'RemedyAccepted':
      return event.data.acceptedAt;
    case 'RemedyDeclined':
      return event.data.declinedAt;
    case 'ActionScheduled':
      return event.data.scheduledAt;
    case 'ActionCompleted':
      return event.data.completedAt;
    case 'ComplaintResolved':
      return event.data.resolvedAt;
    case 'SlaWarning':
      return event.data.warnedAt;
    case 'SlaBreached':
      return event.data.breachedAt;
    case 'SupervisionOrderIssued':
      return event.data.issuedAt;
    case 'SupervisionMilestoneMissed':
      return event.data.missedAt;
    case 'CrisisTeamFormed':
      return event.data.formedAt;
    default:
      return assertNever(event);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
