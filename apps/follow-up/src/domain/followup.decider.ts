import { InvalidInput, type ComplaintClosedData } from '@redress/contracts';
import type { FollowUpCommand } from './followup-commands';
import {
  assertNever,
  evolve,
  type FollowUp,
  type FollowUpEvent,
  type FollowUpState,
} from './followup';
import { caseStudyDue } from './followup-clocks.policy';
import type { CompiledFollowUpPolicy } from './followup-policy';
import { CorrectiveActionNotFound, FollowUpNotFound, InvalidTransition } from './errors';

/**
 * The follow-up decider (Emmett's pattern, as the other services'): `decide(command, state,
 * policy) → events`, the state being `evolve` folded over the complaint's follow-up stream.
 *
 * A person's command in the wrong state throws `InvalidTransition` (409 naming the state).
 * Commands from resolution's events and from timers return no events when they are stale or
 * already applied, so redeliveries never fail.
 */
export function decide(
  command: FollowUpCommand,
  state: FollowUpState,
  compiled: CompiledFollowUpPolicy,
): FollowUpEvent[] {
  const events: FollowUpEvent[] = [];
  const push = (event: FollowUpEvent) => {
    events.push(event);
    state = evolve(state, event);
  };
  switch (command.type) {
    case 'ScheduleFollowUp':
      scheduleFollowUp(command, state, compiled, push);
      break;
    case 'RecordAttempt': {
      const current = requireStatus(
        state,
        command.complaintId,
        'awaiting_callback',
        'record a callback attempt',
      );
      const unanswered = current.attempts.filter((a) => a.outcome === 'no_answer').length;
      const lastTry = unanswered + 1 >= current.maxAttempts;
      const retry = command.outcome === 'no_answer' && !lastTry;
      push({
        type: 'FollowUpAttempted',
        data: {
          complaintId: current.complaintId,
          round: current.round,
          attempt: current.attempts.length + 1,
          attemptedAt: command.at,
          attemptedBy: command.by,
          outcome: command.outcome,
          ...(command.note !== undefined ? { note: command.note } : {}),
          ...(retry
            ? {
                nextAttemptAt: compiled.callbackClock
                  .add(new Date(command.at), compiled.policy.callbacks.retryAfter)
                  .toISOString(),
              }
            : {}),
        },
      });
      // Issue 12: an unanswered callback is retried up to the limit, then the complaint closes
      // as unreachable, flagged for review; a wrong number cannot be retried at all. A customer
      // who refuses the survey closes it without one.
      if (command.outcome === 'wrong_number' || (command.outcome === 'no_answer' && lastTry)) {
        push(closed(current, command.at, 'unreachable', compiled));
      } else if (command.outcome === 'refused') {
        push(closed(current, command.at, 'no_survey', compiled));
      }
      break;
    }
    case 'RecordSurvey': {
      const current = requireStatus(
        state,
        command.complaintId,
        'awaiting_callback',
        'record the survey',
      );
      // DOMAIN §4 (000): unsatisfied → second handling; issue 12: not really solved, or
      // satisfaction at or under the policy's bar.
      const unsatisfied =
        !command.resolved || command.satisfaction <= compiled.policy.survey.reopenAtOrBelow;
      push({
        type: 'SatisfactionRecorded',
        data: {
          complaintId: current.complaintId,
          round: current.round,
          recordedAt: command.at,
          recordedBy: command.by,
          satisfaction: command.satisfaction,
          resolved: command.resolved,
          ratings: command.ratings,
          ...(command.comment !== undefined ? { comment: command.comment } : {}),
          verdict: unsatisfied ? 'unsatisfied' : 'satisfied',
          department: current.department,
          severity: current.severity,
          escalationClass: current.escalationClass,
          category: current.category,
        },
      });
      if (unsatisfied) {
        push({
          type: 'ComplaintReopened',
          data: {
            complaintId: current.complaintId,
            reopenedAt: command.at,
            reason: command.resolved
              ? `the customer is not satisfied (satisfaction ${command.satisfaction} of 5)`
              : 'the customer says the problem is not solved',
            round: current.round,
            satisfaction: command.satisfaction,
          },
        });
      } else {
        push(closed(current, command.at, 'satisfied', compiled));
      }
      break;
    }
    case 'RequestCorrectiveAction': {
      const current = requireFollowUp(state, command.complaintId);
      if (current.correctiveActions[command.actionId]) {
        throw new InvalidTransition(`request action ${command.actionId} again`, current.status);
      }
      requireText(command.description, 'description');
      const dueAt =
        'at' in command.due
          ? command.due.at
          : compiled.businessClock.add(new Date(command.at), command.due.within).toISOString();
      if (Date.parse(dueAt) <= Date.parse(command.at)) {
        throw new InvalidInput('dueAt', 'must be later than now');
      }
      push({
        type: 'CorrectiveActionRequested',
        data: {
          complaintId: current.complaintId,
          actionId: command.actionId,
          kind: command.kind,
          requestedAt: command.at,
          requestedBy: command.by,
          department: command.department ?? current.department,
          owner: command.owner,
          description: command.description,
          dueAt,
        },
      });
      break;
    }
    case 'CompleteCorrectiveAction': {
      const current = requireFollowUp(state, command.complaintId);
      const action = current.correctiveActions[command.actionId];
      if (!action) throw new CorrectiveActionNotFound(command.actionId);
      if (action.completedAt !== undefined) {
        throw new InvalidTransition(`complete action ${action.actionId} again`, 'completed', {
          completedAt: action.completedAt,
        });
      }
      push({
        type: 'CorrectiveActionCompleted',
        data: {
          complaintId: current.complaintId,
          actionId: action.actionId,
          completedAt: command.at,
          completedBy: command.by,
          ...(command.note !== undefined ? { note: command.note } : {}),
          late: Date.parse(command.at) > Date.parse(action.dueAt),
        },
      });
      break;
    }
    case 'RecordCorrectiveActionOverdue': {
      if (state.status === 'none') break;
      const action = state.correctiveActions[command.actionId];
      if (
        !action ||
        action.completedAt !== undefined ||
        action.overdueAt !== undefined ||
        action.dueAt !== command.dueAt ||
        Date.parse(command.at) < Date.parse(action.dueAt)
      ) {
        break; // stale: completed, already reported, or not due yet
      }
      push({
        type: 'CorrectiveActionOverdue',
        data: {
          complaintId: state.complaintId,
          actionId: action.actionId,
          dueAt: action.dueAt,
          overdueAt: command.at,
          department: action.department,
          owner: action.owner,
        },
      });
      break;
    }
    case 'RecordGoodwill': {
      const current = requireStatus(
        state,
        command.complaintId,
        'closed',
        'record a goodwill gesture',
      );
      push({
        type: 'GoodwillGestureRecorded',
        data: {
          complaintId: current.complaintId,
          gestureId: command.gestureId,
          recordedAt: command.at,
          recordedBy: command.by,
          kind: command.kind,
          ...(command.value !== undefined ? { value: command.value } : {}),
          ...(command.note !== undefined ? { note: command.note } : {}),
        },
      });
      break;
    }
    case 'PublishCaseStudy': {
      const current = requireFollowUp(state, command.complaintId);
      if (current.caseStudy) {
        throw new InvalidTransition('publish a second case study', current.status, {
          caseStudyId: current.caseStudy.caseStudyId,
        });
      }
      requireText(command.title, 'title');
      requireText(command.summary, 'summary');
      push({
        type: 'CaseStudyPublished',
        data: {
          complaintId: current.complaintId,
          caseStudyId: command.caseStudyId,
          publishedAt: command.at,
          publishedBy: command.by,
          title: command.title,
          summary: command.summary,
          ...(command.lessons !== undefined ? { lessons: command.lessons } : {}),
          keywords: command.keywords,
          language: command.language,
          department: current.department,
          severity: current.severity,
          escalationClass: current.escalationClass,
          category: current.category,
        },
      });
      break;
    }
    case 'RemindCaseStudy': {
      if (state.status === 'none') break;
      const due = caseStudyDue(state, compiled);
      const stageAt = due?.[command.stage];
      if (
        !due ||
        due.dueAt !== command.dueAt ||
        stageAt === undefined ||
        state.caseStudyReminded.includes(command.stage) ||
        Date.parse(command.at) < Date.parse(stageAt)
      ) {
        break; // stale: published, reminded already, or not due yet
      }
      push({
        type: 'CaseStudyReminded',
        data: {
          complaintId: state.complaintId,
          stage: command.stage,
          dueAt: due.dueAt,
          remindedAt: command.at,
          department: state.department,
        },
      });
      break;
    }
    default:
      return assertNever(command);
  }
  return events;
}

function scheduleFollowUp(
  command: Extract<FollowUpCommand, { type: 'ScheduleFollowUp' }>,
  state: FollowUpState,
  compiled: CompiledFollowUpPolicy,
  push: (event: FollowUpEvent) => void,
): void {
  const r = command.resolved;
  const round = r.round ?? (state.status === 'none' ? 1 : state.round + 1);
  // A redelivery, or a resolution of a round already followed up or closed: nothing new.
  if (state.status !== 'none' && (state.round >= round || state.status === 'closed')) return;
  const { department, severity, escalationClass, category } = r;
  if (
    department === undefined ||
    severity === undefined ||
    escalationClass === undefined ||
    category === undefined
  ) {
    throw new InvalidInput(
      'resolved',
      'ComplaintResolved must carry department, severity, escalationClass and category',
    );
  }
  const { callbacks } = compiled.policy;
  const resolvedAt = new Date(r.resolvedAt);
  const byCalendar = compiled.callbackClock.add(resolvedAt, compiled.dueWithin(severity));
  const latest = compiled.wallClock.add(resolvedAt, callbacks.latest);
  // Issue 12: minor complaints answered at the first contact (resolved without a plan) close
  // without a survey.
  const noSurvey = compiled.policy.noSurvey.severities.includes(severity) && r.remedy === undefined;
  push({
    type: 'FollowUpScheduled',
    data: {
      complaintId: r.complaintId,
      round,
      scheduledAt: command.at,
      resolvedAt: r.resolvedAt,
      dueAt: (byCalendar < latest ? byCalendar : latest).toISOString(),
      calendar: callbacks.calendar,
      maxAttempts: callbacks.maxAttempts,
      department,
      severity,
      escalationClass,
      category,
      ...(noSurvey ? { noSurvey: true } : {}),
    },
  });
  if (noSurvey) {
    const complaintId = r.complaintId;
    push(
      closed(
        { complaintId, round, department, severity, category },
        command.at,
        'no_survey',
        compiled,
      ),
    );
  }
}

/**
 * `ComplaintClosed` with its outcome, the archive classification (`<department>/<category>/
 * <severity>`) and the retention date (DOMAIN §4, 000: at least 3 years).
 */
function closed(
  current: Pick<FollowUp, 'complaintId' | 'round' | 'department' | 'severity' | 'category'>,
  at: string,
  outcome: NonNullable<ComplaintClosedData['outcome']>,
  compiled: CompiledFollowUpPolicy,
): FollowUpEvent {
  const g = current;
  const retainUntil = new Date(at);
  retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + compiled.policy.archive.retainYears);
  return {
    type: 'ComplaintClosed',
    data: {
      complaintId: g.complaintId,
      closedAt: at,
      outcome,
      classification: `${g.department}/${g.category}/${g.severity}`,
      retainUntil: retainUntil.toISOString(),
      round: g.round,
      needsReview: outcome === 'unreachable',
      department: g.department,
    },
  };
}

function requireFollowUp(state: FollowUpState, complaintId: string): FollowUp {
  if (state.status === 'none') throw new FollowUpNotFound(complaintId);
  return state;
}

function requireStatus(
  state: FollowUpState,
  complaintId: string,
  status: FollowUp['status'],
  action: string,
): FollowUp {
  const current = requireFollowUp(state, complaintId);
  if (current.status !== status) throw new InvalidTransition(action, current.status);
  return current;
}

function requireText(value: string, field: string): void {
  if (value.trim() === '') throw new InvalidInput(field, 'must not be blank');
}
