import {
  SLA_CLOCKS,
  SUPERVISION_MILESTONES,
  type SlaClock,
  type SupervisionMilestone,
} from '@redress/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  clockId,
  isActive,
  milestoneMetAt,
  type CaseState,
  type Clock,
  type ClockId,
  type OpenedCase,
} from './case';
import type { CompiledResolutionPolicy } from './resolution-policy';

/**
 * The case's clocks as timers (DOMAIN §2–§3, issue 11 "Clocks"): given the case and "now", which
 * durable timers should exist. The application arms `arm` (replacing a timer of the same key) and
 * cancels `disarm` in the transaction that appended the events, after every decision — timer
 * firings included — so a timer always matches the case:
 *
 * - every running clock of the current round has a breach timer at its due time and, while that
 *   is ahead, a warning timer once the warning share (default 80 %) of its counted time has passed;
 * - each supervision milestone not yet met or missed has a timer at its due time;
 * - keys name the clock, not its due time, so new deadlines (an escalation, a reopening) replace
 *   the old timers; a clock that stopped, and a case resolved or withdrawn, keep none;
 * - a warning or breach already recorded for a due time is not armed again, so each fires once
 *   for that due time; a new due time is a new promise and may warn and breach again.
 */
export const TIMER_KINDS = {
  warning: 'resolution.sla-warning',
  breach: 'resolution.sla-breach',
  milestone: 'resolution.supervision-milestone',
} as const;

const Id = Type.String({ format: 'uuid' });
const IsoTime = Type.String({ format: 'date-time' });

/** What a warning or breach timer carries: enough to find the clock and see it is not stale. */
export const SlaTimerPayloadSchema = Type.Object(
  {
    complaintId: Id,
    clock: Type.Union(SLA_CLOCKS.map((c) => Type.Literal(c))),
    actionId: Type.Optional(Id),
    round: Type.Integer({ minimum: 1 }),
    dueAt: IsoTime,
  },
  { additionalProperties: false },
);
export type SlaTimerPayload = Static<typeof SlaTimerPayloadSchema>;

export const MilestoneTimerPayloadSchema = Type.Object(
  {
    complaintId: Id,
    milestone: Type.Union(SUPERVISION_MILESTONES.map((m) => Type.Literal(m))),
    round: Type.Integer({ minimum: 1 }),
    dueAt: IsoTime,
  },
  { additionalProperties: false },
);
export type MilestoneTimerPayload = Static<typeof MilestoneTimerPayloadSchema>;

export const slaTimerPayload = TypeCompiler.Compile(SlaTimerPayloadSchema);
export const milestoneTimerPayload = TypeCompiler.Compile(MilestoneTimerPayloadSchema);

/** The shape of `@redress/timers`' `TimerSpec`, kept here so the domain needs no I/O library. */
export interface CaseTimer {
  key: string;
  kind: (typeof TIMER_KINDS)[keyof typeof TIMER_KINDS];
  dueAt: Date;
  payload: SlaTimerPayload | MilestoneTimerPayload;
}

export interface CaseTimers {
  arm: CaseTimer[];
  disarm: string[];
}

const FIXED_CLOCKS: readonly Exclude<SlaClock, 'action'>[] = SLA_CLOCKS.filter(
  (c): c is Exclude<SlaClock, 'action'> => c !== 'action',
);

export function warningKey(complaintId: string, id: ClockId): string {
  return `sla-warning:${id}:${complaintId}`;
}

export function breachKey(complaintId: string, id: ClockId): string {
  return `sla-breach:${id}:${complaintId}`;
}

export function milestoneKey(complaintId: string, milestone: SupervisionMilestone): string {
  return `supervision-milestone:${milestone}:${complaintId}`;
}

/** Every key a case may have armed, whatever its state: what `disarm` chooses from. */
function possibleKeys(state: OpenedCase): string[] {
  const ids: ClockId[] = [
    ...FIXED_CLOCKS,
    ...Object.keys(state.actions).map((actionId) => clockId('action', actionId)),
  ];
  return [
    ...ids.flatMap((id) => [warningKey(state.complaintId, id), breachKey(state.complaintId, id)]),
    ...SUPERVISION_MILESTONES.map((m) => milestoneKey(state.complaintId, m)),
  ];
}

/**
 * When a clock warns: once `share` of its counted time from start to due has passed, counted on
 * its own calendar (working time on the business calendar, so a Friday-evening start does not warn
 * on Sunday). Undefined when the clock has no time to share (due at or before its start).
 */
export function warningAt(clock: Clock, compiled: CompiledResolutionPolicy): Date | undefined {
  const work = compiled.clock(clock.calendar);
  const start = new Date(clock.startedAt);
  const counted = work.elapsed(start, new Date(clock.dueAt));
  if (counted <= 0) return undefined;
  const share = compiled.policy.clocks.warningShare;
  return work.add(start, { minutes: (counted * share) / 60_000 });
}

function runningClocks(state: OpenedCase): Array<[ClockId, Clock]> {
  return (Object.entries(state.round.clocks) as Array<[ClockId, Clock | undefined]>).filter(
    (entry): entry is [ClockId, Clock] =>
      entry[1] !== undefined && entry[1].stoppedAt === undefined,
  );
}

export function caseTimers(
  state: CaseState,
  now: Date,
  compiled: CompiledResolutionPolicy,
): CaseTimers {
  if (state.status === 'none') return { arm: [], disarm: [] };
  const arm: CaseTimer[] = [];
  if (isActive(state)) {
    const { complaintId, round } = state;
    for (const [id, clock] of runningClocks(state)) {
      if (clock.breachedFor === clock.dueAt) continue;
      const payload: SlaTimerPayload = {
        complaintId,
        clock: clock.clock,
        ...(clock.actionId !== undefined ? { actionId: clock.actionId } : {}),
        round: round.round,
        dueAt: clock.dueAt,
      };
      const dueAt = new Date(clock.dueAt);
      arm.push({ key: breachKey(complaintId, id), kind: TIMER_KINDS.breach, dueAt, payload });
      const warnAt = warningAt(clock, compiled);
      if (
        clock.warnedFor !== clock.dueAt &&
        warnAt !== undefined &&
        now < dueAt &&
        warnAt < dueAt
      ) {
        arm.push({
          key: warningKey(complaintId, id),
          kind: TIMER_KINDS.warning,
          dueAt: warnAt,
          payload,
        });
      }
    }
    for (const m of round.order?.milestones ?? []) {
      if (m.missedAt !== undefined || milestoneMetAt(round, m.milestone) !== undefined) continue;
      arm.push({
        key: milestoneKey(complaintId, m.milestone),
        kind: TIMER_KINDS.milestone,
        dueAt: new Date(m.dueAt),
        payload: { complaintId, milestone: m.milestone, round: round.round, dueAt: m.dueAt },
      });
    }
  }
  const armed = new Set(arm.map((t) => t.key));
  return { arm, disarm: possibleKeys(state).filter((key) => !armed.has(key)) };
}

/** The queue's SLA state of a case (`GET /cases?slaState=`). */
export type SlaState = 'on_track' | 'warning' | 'breached' | 'met' | 'stopped';

/**
 * `breached`: a clock of the current round breached, or one still running is overdue;
 * `warning`: a running clock is past its warning point; `on_track` otherwise. Once the case is
 * over: `met` (resolved, its last round never breached) or `stopped` (withdrawn without a breach).
 */
export function slaState(
  state: OpenedCase,
  now: Date,
  compiled: CompiledResolutionPolicy,
): SlaState {
  if (state.round.breached) return 'breached';
  if (state.status === 'withdrawn') return 'stopped';
  if (!isActive(state)) return 'met';
  const running = runningClocks(state).map(([, clock]) => clock);
  if (running.some((clock) => new Date(clock.dueAt) <= now)) return 'breached';
  const warned = running.some((clock) => {
    const at = warningAt(clock, compiled);
    return clock.warnedFor === clock.dueAt || (at !== undefined && at <= now);
  });
  return warned ? 'warning' : 'on_track';
}

/** The nearest due time of a running clock: the queue's sort key. Undefined when none runs. */
export function nearestDue(state: OpenedCase): string | undefined {
  if (!isActive(state)) return undefined;
  return runningClocks(state)
    .map(([, clock]) => clock.dueAt)
    .reduce<string | undefined>(
      (nearest, due) =>
        nearest === undefined || Date.parse(due) < Date.parse(nearest) ? due : nearest,
      undefined,
    );
}
