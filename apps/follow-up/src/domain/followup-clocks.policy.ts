import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FollowUp, FollowUpState } from './followup';
import type { CompiledFollowUpPolicy } from './followup-policy';

/**
 * The follow-up's durable timers: a corrective action still open at its due date is reported
 * overdue to its department; the case report of a major complaint is reminded before it is due
 * and when it is late (DOMAIN §4, 003: within one week of closure). After every decision the
 * application arms `arm` and cancels `disarm` in the same transaction, so the timers always match
 * the follow-up.
 */
export const TIMER_KINDS = {
  correctiveAction: 'followup.corrective-action-overdue',
  caseStudy: 'followup.case-study-reminder',
} as const;

const Id = Type.String({ format: 'uuid' });
const IsoTime = Type.String({ format: 'date-time' });

export const CorrectiveActionTimerSchema = Type.Object(
  { complaintId: Id, actionId: Id, dueAt: IsoTime },
  { additionalProperties: false },
);
export const CaseStudyTimerSchema = Type.Object(
  {
    complaintId: Id,
    stage: Type.Union([Type.Literal('due_soon'), Type.Literal('overdue')]),
    dueAt: IsoTime,
  },
  { additionalProperties: false },
);
export type CorrectiveActionTimerPayload = Static<typeof CorrectiveActionTimerSchema>;
export type CaseStudyTimerPayload = Static<typeof CaseStudyTimerSchema>;
export const correctiveActionTimer = TypeCompiler.Compile(CorrectiveActionTimerSchema);
export const caseStudyTimer = TypeCompiler.Compile(CaseStudyTimerSchema);

/** The shape of `@redress/timers`' `TimerSpec`, kept here so the domain needs no I/O library. */
export interface FollowUpTimer {
  key: string;
  kind: (typeof TIMER_KINDS)[keyof typeof TIMER_KINDS];
  dueAt: Date;
  payload: CorrectiveActionTimerPayload | CaseStudyTimerPayload;
}

/** Whether the complaint's grading calls for a case report (DOMAIN §4, 003: major cases). */
export function needsCaseStudy(followUp: FollowUp, compiled: CompiledFollowUpPolicy): boolean {
  const { severities, escalationClasses } = compiled.policy.caseStudy;
  return (
    severities.includes(followUp.severity) || escalationClasses.includes(followUp.escalationClass)
  );
}

/**
 * When a closed complaint's case report is due, and when it is reminded; undefined when none is
 * required or it is published.
 */
export function caseStudyDue(
  state: FollowUpState,
  compiled: CompiledFollowUpPolicy,
): { dueAt: string; due_soon?: string; overdue: string } | undefined {
  if (state.status !== 'closed' || state.closedAt === undefined) return undefined;
  if (state.caseStudy || !needsCaseStudy(state, compiled)) return undefined;
  const { within, remindBefore } = compiled.policy.caseStudy;
  const due = compiled.wallClock.add(new Date(state.closedAt), within);
  const soon = new Date(due.getTime() - durationMs(remindBefore));
  return {
    dueAt: due.toISOString(),
    ...(soon.getTime() > Date.parse(state.closedAt) && soon < due
      ? { due_soon: soon.toISOString() }
      : {}),
    overdue: due.toISOString(),
  };
}

function durationMs(d: { days?: number; hours?: number; minutes?: number }): number {
  return ((d.days ?? 0) * 24 * 60 + (d.hours ?? 0) * 60 + (d.minutes ?? 0)) * 60_000;
}

export function correctiveActionKey(complaintId: string, actionId: string): string {
  return `corrective-action:${actionId}:${complaintId}`;
}

export function caseStudyKey(complaintId: string, stage: 'due_soon' | 'overdue'): string {
  return `case-study:${stage}:${complaintId}`;
}

export function followUpTimers(
  state: FollowUpState,
  compiled: CompiledFollowUpPolicy,
): { arm: FollowUpTimer[]; disarm: string[] } {
  if (state.status === 'none') return { arm: [], disarm: [] };
  const arm: FollowUpTimer[] = [];
  const all: string[] = [];
  for (const action of Object.values(state.correctiveActions)) {
    const key = correctiveActionKey(state.complaintId, action.actionId);
    all.push(key);
    if (action.completedAt !== undefined || action.overdueAt !== undefined) continue;
    arm.push({
      key,
      kind: TIMER_KINDS.correctiveAction,
      dueAt: new Date(action.dueAt),
      payload: { complaintId: state.complaintId, actionId: action.actionId, dueAt: action.dueAt },
    });
  }
  const due = caseStudyDue(state, compiled);
  for (const stage of ['due_soon', 'overdue'] as const) {
    const key = caseStudyKey(state.complaintId, stage);
    all.push(key);
    const at = due?.[stage];
    if (!due || at === undefined || state.caseStudyReminded.includes(stage)) continue;
    arm.push({
      key,
      kind: TIMER_KINDS.caseStudy,
      dueAt: new Date(at),
      payload: { complaintId: state.complaintId, stage, dueAt: due.dueAt },
    });
  }
  const armed = new Set(arm.map((t) => t.key));
  return { arm, disarm: all.filter((key) => !armed.has(key)) };
}
