import {
  CASE_GRADING_FIELDS,
  InvalidInput,
  type CaseTriageUpdatedData,
  type ComplaintResolvedData,
  type RequiredApproval,
  type TriageDeadlines,
} from '@redress/contracts';
import {
  bodiesActorMayApprove,
  mayApprove,
  requiredApprovals,
  authorityFor,
} from './approval.policy';
import {
  ACTIVE_STATUSES,
  assertNever,
  clockId,
  currentRemedy,
  evolve,
  gradingOf,
  isActive,
  milestoneMetAt,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
  type GradingWithDeadlines,
  type OpenedCase,
  type Remedy,
} from './case';
import type { CaseCommand } from './case-commands';
import {
  crisisContactBy,
  crisisPlanBy,
  crisisReplanBy,
  crisisTeam,
  isCrisis,
} from './crisis.policy';
import {
  ActionNotFound,
  ApprovalNotRequired,
  ApprovalRequired,
  CaseNotFound,
  InvalidTransition,
  NotAnApprover,
  NothingToChange,
  RemedyNotFound,
} from './errors';
import type { CompiledResolutionPolicy } from './resolution-policy';
import { supervisedClass, supervisionOrder } from './supervision.policy';

/**
 * The case decider (Emmett's pattern, as intake's and triage's): `decide(command, state, policy)
 * → events`, the state being `evolve` folded over the case's stream. Pure: times, ids and the
 * acting person arrive in the command; calendars arrive in the compiled policy.
 *
 * A command a person sends in the wrong state throws `InvalidTransition` (409 naming the state).
 * Commands from other services' events and from timers return no events when they are stale or
 * already applied (a timer of a clock that stopped, a reopening seen twice), so a redelivery or a
 * race between topics never fails; they throw only when the case's state truly refuses them.
 */
export function decide(
  command: CaseCommand,
  state: CaseState,
  compiled: CompiledResolutionPolicy,
): CaseEvent[] {
  const decision = new Decision(state);
  switch (command.type) {
    case 'OpenCase':
      openCase(decision, command, compiled);
      break;
    case 'ApplyReclassification': {
      requireCase(state, command.complaintId);
      const { classification, approver, deadlines } = command;
      updateGrading(
        decision,
        'reclassified',
        command.at,
        compiled,
        gradingOf({
          ...classification,
          approver,
          deadlines,
          calendar: compiled.calendarFor(classification.severity),
        }),
      );
      break;
    }
    case 'ApplyEscalation': {
      const current = requireCase(state, command.complaintId);
      const severity = command.severity ?? current.severity;
      updateGrading(decision, 'escalated', command.at, compiled, {
        ...gradingOf(current),
        severity,
        escalationClass: command.escalationClass,
        approver: command.approver,
        calendar: compiled.calendarFor(severity),
        deadlines: command.deadlines ?? current.deadlines,
      });
      break;
    }
    case 'ApplyReissuedDeadlines':
      applyReissuedDeadlines(decision, command, compiled);
      break;
    case 'WithdrawCase': {
      const current = requireActive(state, command.complaintId, 'withdraw the case');
      decision.push({
        type: 'CaseWithdrawn',
        data: {
          complaintId: current.complaintId,
          withdrawnAt: command.at,
          round: current.round.round,
          ...(command.reason !== undefined ? { reason: command.reason } : {}),
        },
      });
      break;
    }
    case 'ReopenCase': {
      const current = requireCase(state, command.complaintId);
      if (sameInstant(current.round.reopenedAt, command.at)) break; // triage's deadlines came first
      if (current.status !== 'resolved') {
        throw new InvalidTransition('reopen a case that is not resolved', current.status);
      }
      reopen(decision, current, command.at, compiled, { reason: command.reason });
      break;
    }
    case 'AssignCase': {
      const current = requireActive(state, command.complaintId, 'assign the case');
      const { assignee } = command;
      if (assignee.department !== current.department) {
        throw new InvalidInput(
          'assignee.department',
          `the case belongs to ${current.department}; assign it to a person of that department`,
        );
      }
      if (current.assignee?.id === assignee.id) {
        throw new NothingToChange(`the case is already assigned to ${assignee.id}`);
      }
      decision.push({
        type: 'CaseAssigned',
        data: {
          complaintId: current.complaintId,
          assignedAt: command.at,
          assignedBy: command.by.id,
          assignee: assignee.id,
          department: assignee.department,
          ...(current.assignee ? { previousAssignee: current.assignee.id } : {}),
        },
      });
      break;
    }
    case 'RecordContact': {
      const current = requireActive(state, command.complaintId, 'record a customer contact');
      if (command.remedyId !== undefined) {
        const remedy = findRemedy(current, command.remedyId);
        requireApproved(current, remedy, 'offer remedy');
      }
      decision.push({
        type: 'CustomerContacted',
        data: {
          complaintId: current.complaintId,
          contactedAt: command.at,
          contactedBy: command.by.id,
          channel: command.channel,
          round: current.round.round,
          firstInRound: current.round.firstContactAt === undefined,
          ...(command.summary !== undefined ? { summary: command.summary } : {}),
          ...(command.remedyId !== undefined ? { remedyId: command.remedyId } : {}),
        },
      });
      break;
    }
    case 'RecordInvestigation': {
      const current = requireActive(state, command.complaintId, 'record the investigation');
      requireText(command.rootCause, 'rootCause');
      decision.push({
        type: 'InvestigationRecorded',
        data: {
          complaintId: current.complaintId,
          recordedAt: command.at,
          recordedBy: command.by.id,
          rootCause: command.rootCause,
          responsibility: command.responsibility,
          evidence: command.evidence,
          sharedWith: (command.sharedWith ?? []).filter((d) => d !== current.department),
        },
      });
      break;
    }
    case 'ProposeRemedy': {
      const current = requireStatus(state, command.complaintId, ['open'], 'propose a remedy');
      if (current.remedies[command.remedyId]) {
        throw new InvalidTransition(`propose remedy ${command.remedyId} again`, current.status);
      }
      const ids = command.options.map((o) => o.optionId);
      const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
      if (repeated !== undefined) {
        throw new InvalidInput('options', `optionId "${repeated}" appears more than once`);
      }
      if (command.options.length === 0) {
        throw new InvalidInput('options', 'a plan offers at least one option');
      }
      decision.push({
        type: 'RemedyProposed',
        data: {
          complaintId: current.complaintId,
          remedyId: command.remedyId,
          proposedAt: command.at,
          proposedBy: command.by.id,
          round: current.round.round,
          options: command.options,
          requiredApprovals: requiredApprovals(current, command.options, compiled.policy),
          ...(command.rationale !== undefined ? { rationale: command.rationale } : {}),
        },
      });
      break;
    }
    case 'ApproveRemedy':
    case 'RejectRemedy':
      decideApproval(decision, command, compiled);
      break;
    case 'RecordCustomerDecision': {
      const current = requireCase(state, command.complaintId);
      const remedy = findRemedy(current, command.remedyId);
      requireApproved(current, remedy, 'record the customer decision on remedy');
      if ('accepted' in command.decision) {
        const optionId = command.decision.accepted;
        const option = remedy.options.find((o) => o.optionId === optionId);
        if (!option) {
          throw new InvalidInput(
            'decision.accepted',
            `remedy ${remedy.remedyId} has no option "${optionId}"; it offers ${remedy.options.map((o) => o.optionId).join(', ')}`,
          );
        }
        decision.push({
          type: 'RemedyAccepted',
          data: {
            complaintId: current.complaintId,
            remedyId: remedy.remedyId,
            option,
            acceptedAt: command.at,
            recordedBy: command.by.id,
          },
        });
      } else {
        const reason = command.decision.reason;
        const crisis = current.crisis !== undefined;
        decision.push({
          type: 'RemedyDeclined',
          data: {
            complaintId: current.complaintId,
            remedyId: remedy.remedyId,
            declinedAt: command.at,
            recordedBy: command.by.id,
            ...(reason !== undefined ? { reason } : {}),
            newPlanBy: crisis
              ? crisisReplanBy(command.at, compiled)
              : compiled
                  .clock(current.calendar)
                  .add(new Date(command.at), compiled.policy.clocks.replanWithin[current.severity])
                  .toISOString(),
            newPlanClock: crisis ? 'crisis_replan' : 'replan',
            calendar: crisis ? '24/7' : current.calendar,
          },
        });
      }
      break;
    }
    case 'ScheduleAction': {
      const current = requireStatus(
        state,
        command.complaintId,
        ['executing'],
        'schedule an action',
      );
      if (current.actions[command.actionId]) {
        throw new InvalidTransition(`schedule action ${command.actionId} again`, current.status);
      }
      requireText(command.description, 'description');
      const accepted = currentRemedy(current);
      if (!accepted) throw new Error(`case ${current.complaintId} is executing without a remedy`);
      const { dueAt, calendar } = actionDue(command.due, command.at, current, compiled);
      decision.push({
        type: 'ActionScheduled',
        data: {
          complaintId: current.complaintId,
          actionId: command.actionId,
          remedyId: accepted.remedyId,
          description: command.description,
          owner: command.owner.id,
          ...(command.owner.department !== undefined
            ? { ownerDepartment: command.owner.department }
            : {}),
          dueAt,
          calendar,
          scheduledAt: command.at,
          scheduledBy: command.by.id,
        },
      });
      break;
    }
    case 'CompleteAction': {
      const current = requireStatus(
        state,
        command.complaintId,
        ['executing'],
        'complete an action',
      );
      const action = current.actions[command.actionId];
      if (!action) throw new ActionNotFound(command.actionId);
      if (action.completedAt !== undefined) {
        throw new InvalidTransition(`complete action ${action.actionId} again`, current.status, {
          completedAt: action.completedAt,
        });
      }
      decision.push({
        type: 'ActionCompleted',
        data: {
          complaintId: current.complaintId,
          actionId: action.actionId,
          completedAt: command.at,
          completedBy: command.by.id,
          ...(command.note !== undefined ? { note: command.note } : {}),
          late: Date.parse(command.at) > Date.parse(action.dueAt),
        },
      });
      break;
    }
    case 'ResolveCase':
      resolveCase(decision, command, state);
      break;
    case 'RecordSlaWarning':
    case 'RecordSlaBreach':
      recordClock(decision, command, compiled);
      break;
    case 'RecordMilestoneMissed': {
      if (!isActive(state) || state.round.round !== command.round) break;
      const milestone = state.round.order?.milestones.find(
        (m) => m.milestone === command.milestone,
      );
      if (
        !milestone ||
        milestone.dueAt !== command.dueAt ||
        milestone.missedAt !== undefined ||
        milestoneMetAt(state.round, milestone.milestone) !== undefined ||
        Date.parse(command.at) < Date.parse(milestone.dueAt)
      ) {
        break;
      }
      decision.push({
        type: 'SupervisionMilestoneMissed',
        data: {
          complaintId: state.complaintId,
          round: state.round.round,
          milestone: milestone.milestone,
          dueAt: milestone.dueAt,
          missedAt: command.at,
          department: state.department,
          warn: { role: 'department_head', department: state.department },
        },
      });
      break;
    }
    default:
      return assertNever(command);
  }
  return decision.events;
}

/** Events decided so far, and the state they lead to (later rules see the earlier events). */
class Decision {
  readonly events: CaseEvent[] = [];
  constructor(public state: CaseState) {}

  push(event: CaseEvent): void {
    this.events.push(event);
    this.state = evolve(this.state, event);
  }

  get case(): OpenedCase {
    if (this.state.status === 'none') throw new Error('no case yet');
    return this.state;
  }
}

function openCase(
  decision: Decision,
  command: Extract<CaseCommand, { type: 'OpenCase' }>,
  compiled: CompiledResolutionPolicy,
): void {
  if (decision.state.status !== 'none') {
    throw new InvalidTransition('open the case again', decision.state.status);
  }
  const t = command.triaged;
  decision.push({
    type: 'CaseOpened',
    data: {
      complaintId: t.complaintId,
      openedAt: command.at,
      ...gradingOf({ ...t, calendar: compiled.calendarFor(t.severity) }),
      customerTier: t.customerTier,
      reportToHeadquarters: t.reportToHeadquarters,
      registeredAt: t.registeredAt,
      triagedAt: t.triagedAt,
      triagePolicyVersion: t.policyVersion,
    },
  });
  formCrisisTeamAndOrder(decision, command.at, compiled);
}

/**
 * After the grading changed (or the case opened or reopened): a crisis case forms its task force
 * once; a case of a supervised class gets the round's supervision order if it has none.
 */
function formCrisisTeamAndOrder(
  decision: Decision,
  at: string,
  compiled: CompiledResolutionPolicy,
): void {
  const current = decision.case;
  if (!isActive(current)) return;
  if (current.crisis === undefined && isCrisis(current, compiled)) {
    decision.push({
      type: 'CrisisTeamFormed',
      data: crisisTeam(
        current.complaintId,
        current.round.round,
        at,
        current.status === 'open',
        compiled,
      ),
    });
  }
  const withTeam = decision.case;
  if (withTeam.round.order === undefined && supervisedClass(withTeam.escalationClass, compiled)) {
    decision.push({
      type: 'SupervisionOrderIssued',
      data: supervisionOrder(withTeam, at, 'escalation_class', compiled, {
        escalationClass: withTeam.escalationClass,
      }),
    });
  }
}

function updateGrading(
  decision: Decision,
  source: CaseTriageUpdatedData['source'],
  at: string,
  compiled: CompiledResolutionPolicy,
  next: GradingWithDeadlines,
  force = false,
): void {
  const current = decision.case;
  const before = gradingOf(current);
  const changedFields = CASE_GRADING_FIELDS.filter((field) =>
    field === 'deadlines'
      ? !sameDeadlines(before.deadlines, next.deadlines)
      : before[field] !== next[field],
  );
  if (changedFields.length === 0 && before.calendar === next.calendar && !force) return;
  const active = isActive(current);
  const unassigned =
    current.assignee !== undefined && current.assignee.department !== next.department;
  const data: CaseTriageUpdatedData = {
    complaintId: current.complaintId,
    updatedAt: at,
    source,
    round: current.round.round,
    ...next,
    changedFields: force && changedFields.length === 0 ? ['deadlines'] : changedFields,
    ...(unassigned ? { unassigned: true } : {}),
  };
  // A plan not yet accepted needs the approvals of the new grading too; those given stay.
  const remedy = currentRemedy(current);
  if (active && remedy && (remedy.status === 'awaiting_approval' || remedy.status === 'approved')) {
    const added = requiredApprovals(next, remedy.options, compiled.policy).filter(
      (r) => !remedy.required.some((have) => have.body === r.body),
    );
    if (added.length > 0) data.remedyApprovals = { remedyId: remedy.remedyId, added };
  }
  decision.push({ type: 'CaseTriageUpdated', data });
  formCrisisTeamAndOrder(decision, at, compiled);
}

function applyReissuedDeadlines(
  decision: Decision,
  command: Extract<CaseCommand, { type: 'ApplyReissuedDeadlines' }>,
  compiled: CompiledResolutionPolicy,
): void {
  const current = requireCase(decision.state, command.complaintId);
  const grading: GradingWithDeadlines = {
    ...gradingOf(current),
    severity: command.severity,
    escalationClass: command.escalationClass,
    approver: command.approver,
    calendar: compiled.calendarFor(command.severity),
    deadlines: command.deadlines,
  };
  if (sameInstant(current.round.reopenedAt, command.reopenedAt)) {
    updateGrading(
      decision,
      'reissued',
      command.at,
      compiled,
      grading,
      current.round.awaitingDeadlines,
    );
    return;
  }
  const resolvedAt = current.round.resolvedAt;
  if (
    current.status === 'resolved' &&
    resolvedAt !== undefined &&
    Date.parse(command.reopenedAt) >= Date.parse(resolvedAt)
  ) {
    // Triage's deadlines arrived before follow-up's reopening: they open the round.
    reopen(decision, current, command.reopenedAt, compiled, { reissued: grading, at: command.at });
  }
  // Otherwise they belong to a round that is over (or never was): nothing to do.
}

function reopen(
  decision: Decision,
  current: OpenedCase,
  reopenedAt: string,
  compiled: CompiledResolutionPolicy,
  how: { reason?: string; reissued?: GradingWithDeadlines; at?: string },
): void {
  const calendar = how.reissued?.calendar ?? current.calendar;
  decision.push({
    type: 'CaseReopened',
    data: {
      complaintId: current.complaintId,
      reopenedAt,
      round: current.round.round + 1,
      ...(how.reason !== undefined ? { reason: how.reason } : {}),
      ...(how.reissued ? { deadlines: how.reissued.deadlines } : {}),
      calendar,
      // A task force already formed asks for a plan of the new round within its time.
      ...(current.crisis ? { crisisPlanBy: crisisPlanBy(reopenedAt, compiled) } : {}),
    },
  });
  if (how.reissued) {
    updateGrading(decision, 'reissued', how.at ?? reopenedAt, compiled, how.reissued);
  }
  formCrisisTeamAndOrder(decision, reopenedAt, compiled);
  const reopened = decision.case;
  if (
    reopened.round.order === undefined &&
    compiled.policy.supervision.onReopenAfterBreach &&
    reopened.earlierRounds.some((round) => round.breached)
  ) {
    decision.push({
      type: 'SupervisionOrderIssued',
      data: supervisionOrder(reopened, reopenedAt, 'repeat_after_breach', compiled),
    });
  }
}

function decideApproval(
  decision: Decision,
  command: Extract<CaseCommand, { type: 'ApproveRemedy' | 'RejectRemedy' }>,
  compiled: CompiledResolutionPolicy,
): void {
  const approving = command.type === 'ApproveRemedy';
  const verb = approving ? 'approve' : 'reject';
  const current = requireCase(decision.state, command.complaintId);
  const remedy = findRemedy(current, command.remedyId);
  if (current.status !== 'awaiting_approval' || current.currentRemedyId !== remedy.remedyId) {
    throw new InvalidTransition(`${verb} remedy ${remedy.remedyId}`, current.status, {
      remedyStatus: remedy.status,
    });
  }
  const pending = missingApprovals(remedy);
  const body = approvingBody(command, current, remedy, pending, compiled);
  if (approving && compiled.policy.approvals.fourEyes) {
    if (remedy.proposedBy === command.by.id) {
      throw new NotAnApprover('four eyes: whoever proposed a plan does not approve it');
    }
    if (remedy.approvals.some((a) => a.by === command.by.id)) {
      throw new NotAnApprover('four eyes: one person approves a plan for one body only');
    }
  }
  if (command.type === 'ApproveRemedy') {
    const remaining = pending.filter((b) => b !== body);
    decision.push({
      type: 'RemedyApproved',
      data: {
        complaintId: current.complaintId,
        remedyId: remedy.remedyId,
        body,
        approvedAt: command.at,
        approvedBy: command.by.id,
        ...(command.note !== undefined ? { note: command.note } : {}),
        remainingApprovals: remaining,
        ...(remaining.length === 0 && current.crisis
          ? { crisisContactBy: crisisContactBy(command.at, compiled) }
          : {}),
      },
    });
  } else {
    requireText(command.reason, 'reason');
    decision.push({
      type: 'RemedyRejected',
      data: {
        complaintId: current.complaintId,
        remedyId: remedy.remedyId,
        body,
        rejectedAt: command.at,
        rejectedBy: command.by.id,
        reason: command.reason,
      },
    });
  }
}

/** The body the caller decides for: the one named, or the only pending one they may decide for. */
function approvingBody(
  command: Extract<CaseCommand, { type: 'ApproveRemedy' | 'RejectRemedy' }>,
  current: OpenedCase,
  remedy: Remedy,
  pending: readonly string[],
  compiled: CompiledResolutionPolicy,
): string {
  const policy = compiled.policy;
  if (command.body !== undefined) {
    const body = command.body;
    if (!remedy.required.some((r) => r.body === body)) {
      throw new ApprovalNotRequired(
        remedy.remedyId,
        body,
        remedy.required.map((r) => r.body),
      );
    }
    if (!pending.includes(body)) {
      throw new InvalidTransition(
        `decide for ${body} again: it has already approved remedy ${remedy.remedyId}`,
        current.status,
        { remedyStatus: remedy.status, missingApprovals: pending },
      );
    }
    if (!mayApprove(command.by, body, current.department, policy)) {
      throw new NotAnApprover(describeAuthority(body, current.department, compiled));
    }
    return body;
  }
  const mine = bodiesActorMayApprove(command.by, pending, current.department, policy);
  if (mine.length === 1 && mine[0] !== undefined) return mine[0];
  if (mine.length === 0) {
    throw new NotAnApprover(
      `remedy ${remedy.remedyId} still needs ${pending.join(', ')}; ${pending
        .map((b) => describeAuthority(b, current.department, compiled))
        .join('; ')}`,
    );
  }
  throw new InvalidInput('body', `you may decide for ${mine.join(' and ')}: name one`);
}

function describeAuthority(
  body: string,
  caseDepartment: string,
  compiled: CompiledResolutionPolicy,
): string {
  const a = authorityFor(body, compiled.policy);
  const from = a.departments ? ` of ${a.departments.join(' or ')}` : '';
  const scope = a.scope === 'case_department' ? ` in ${caseDepartment}` : '';
  return `${body} approves through the role ${a.roles.join(' or ')}${from}${scope}`;
}

export function missingApprovals(remedy: Remedy): string[] {
  return remedy.required
    .map((r: RequiredApproval) => r.body)
    .filter((body) => !remedy.approvals.some((a) => a.body === body));
}

/** The plan must be the one on the table and fully approved (else 409 naming what is missing). */
function requireApproved(current: OpenedCase, remedy: Remedy, action: string): void {
  const onTable = current.currentRemedyId === remedy.remedyId;
  if (onTable && current.status === 'awaiting_approval') {
    throw new ApprovalRequired(remedy.remedyId, missingApprovals(remedy), current.status);
  }
  if (!onTable || current.status !== 'plan_approved') {
    throw new InvalidTransition(`${action} ${remedy.remedyId}`, current.status, {
      remedyStatus: remedy.status,
    });
  }
}

function actionDue(
  due: Extract<CaseCommand, { type: 'ScheduleAction' }>['due'],
  at: string,
  current: OpenedCase,
  compiled: CompiledResolutionPolicy,
): { dueAt: string; calendar: OpenedCase['calendar'] } {
  if ('at' in due) {
    if (!(Date.parse(due.at) > Date.parse(at))) {
      throw new InvalidInput('due.at', 'must be a time after now');
    }
    return { dueAt: new Date(due.at).toISOString(), calendar: current.calendar };
  }
  const { days = 0, hours = 0, minutes = 0 } = due.within;
  if (!(days > 0 || hours > 0 || minutes > 0)) {
    throw new InvalidInput('due.within', 'must be longer than zero');
  }
  const dueAt = compiled.clock(due.calendar).add(new Date(at), due.within);
  return { dueAt: dueAt.toISOString(), calendar: due.calendar };
}

function resolveCase(
  decision: Decision,
  command: Extract<CaseCommand, { type: 'ResolveCase' }>,
  state: CaseState,
): void {
  const current = requireCase(state, command.complaintId);
  if (current.status === 'open' && current.round.firstContactAt === undefined) {
    throw new InvalidTransition(
      'resolve a case whose customer has not been contacted in this round',
      current.status,
      { missing: ['customer_contact'] },
    );
  }
  if (current.status === 'executing') {
    const openActions = Object.values(current.actions)
      .filter((a) => a.round === current.round.round && a.completedAt === undefined)
      .map((a) => a.actionId);
    if (openActions.length > 0) {
      throw new InvalidTransition('resolve while actions are open', current.status, {
        openActions,
      });
    }
  }
  if (current.status !== 'open' && current.status !== 'executing') {
    throw new InvalidTransition('resolve the case', current.status);
  }
  requireText(command.summary, 'summary');
  const accepted = current.status === 'executing' ? currentRemedy(current) : undefined;
  const investigation = current.investigation;
  const data: ComplaintResolvedData = {
    complaintId: current.complaintId,
    resolvedAt: command.at,
    round: current.round.round,
    resolvedBy: command.by.id,
    summary: command.summary,
    ...(accepted?.chosen
      ? { remedy: { remedyId: accepted.remedyId, option: accepted.chosen } }
      : {}),
    ...(investigation
      ? { responsibility: investigation.responsibility, rootCause: investigation.rootCause }
      : {}),
    department: current.department,
    severity: current.severity,
    escalationClass: current.escalationClass,
    category: current.category,
  };
  decision.push({ type: 'ComplaintResolved', data });
}

function recordClock(
  decision: Decision,
  command: Extract<CaseCommand, { type: 'RecordSlaWarning' | 'RecordSlaBreach' }>,
  compiled: CompiledResolutionPolicy,
): void {
  const state = decision.state;
  if (!isActive(state) || state.round.round !== command.round) return;
  if (command.clock === 'action' && command.actionId === undefined) return;
  const clock = state.round.clocks[clockId(command.clock, command.actionId)];
  if (
    !clock ||
    clock.stoppedAt !== undefined ||
    clock.dueAt !== command.dueAt ||
    clock.breachedFor === clock.dueAt
  ) {
    return; // stale: the clock stopped or moved since the timer was armed
  }
  const common = {
    complaintId: state.complaintId,
    clock: clock.clock,
    ...(clock.actionId !== undefined ? { actionId: clock.actionId } : {}),
    round: state.round.round,
    dueAt: clock.dueAt,
    department: state.department,
  };
  const beforeDue = Date.parse(command.at) < Date.parse(clock.dueAt);
  if (command.type === 'RecordSlaWarning') {
    if (clock.warnedFor === clock.dueAt || !beforeDue) return;
    decision.push({
      type: 'SlaWarning',
      data: {
        ...common,
        startedAt: clock.startedAt,
        warnedAt: command.at,
        share: compiled.policy.clocks.warningShare,
      },
    });
    return;
  }
  if (beforeDue) return;
  decision.push({ type: 'SlaBreached', data: { ...common, breachedAt: command.at } });
  const breached = decision.case;
  if (compiled.policy.supervision.onBreach && breached.round.order === undefined) {
    decision.push({
      type: 'SupervisionOrderIssued',
      data: supervisionOrder(breached, command.at, 'sla_breach', compiled, { clock: clock.clock }),
    });
  }
}

function requireCase(state: CaseState, complaintId: string): OpenedCase {
  if (state.status === 'none') throw new CaseNotFound(complaintId);
  return state;
}

function requireActive(state: CaseState, complaintId: string, action: string): OpenedCase {
  return requireStatus(state, complaintId, ACTIVE_STATUSES, action);
}

function requireStatus(
  state: CaseState,
  complaintId: string,
  allowed: readonly CaseStatus[],
  action: string,
): OpenedCase {
  const current = requireCase(state, complaintId);
  if (!allowed.includes(current.status)) throw new InvalidTransition(action, current.status);
  return current;
}

function findRemedy(current: OpenedCase, remedyId: string): Remedy {
  const remedy = current.remedies[remedyId];
  if (!remedy) throw new RemedyNotFound(remedyId);
  return remedy;
}

function requireText(value: string, field: string): void {
  if (value.trim().length === 0) throw new InvalidInput(field, 'must not be blank');
}

function sameDeadlines(a: TriageDeadlines, b: TriageDeadlines): boolean {
  const same = (x: string | undefined, y: string | undefined) =>
    x === undefined || y === undefined ? x === y : Date.parse(x) === Date.parse(y);
  return (
    same(a.respondBy, b.respondBy) && same(a.planBy, b.planBy) && same(a.resolveBy, b.resolveBy)
  );
}

function sameInstant(a: string | undefined, b: string): boolean {
  return a !== undefined && Date.parse(a) === Date.parse(b);
}
