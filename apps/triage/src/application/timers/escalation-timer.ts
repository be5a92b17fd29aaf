import type { Sql } from '@redress/event-store';
import type { Timers } from '@redress/timers';
import type { EscalationTimer } from '../../domain';

/** The kind of triage's age-based escalation timers in `triage.timers`. */
export const ESCALATION_TIMER = 'triage.escalation';

/** One timer per complaint and age rule: `escalation:unresolved-7d:<complaintId>`. */
export function escalationTimerKey(complaintId: string, rule: string): string {
  return `${rule}:${complaintId}`;
}

export interface EscalationTimerPayload {
  complaintId: string;
  /** `escalation:<rule id>`, as in rulesFired. */
  rule: string;
}

/** The payload as stored; a timer that does not carry one is an error worth parking. */
export function escalationPayload(payload: unknown): EscalationTimerPayload {
  const { complaintId, rule } = (payload ?? {}) as Record<string, unknown>;
  if (typeof complaintId !== 'string' || typeof rule !== 'string') {
    throw new TypeError('escalation timer payload must have complaintId and rule');
  }
  return { complaintId, rule };
}

/**
 * Arms the age-based escalation timers a decision still needs (`escalationTimers`), in the
 * decision's transaction. A timer already armed is kept as it is (`existing: 'keep'`), so its due
 * time stays that of the policy that armed it. A rule whose time has passed is not armed: the
 * decision just made looked at the complaint's age already, and a timer that fired is deleted,
 * so arming it again would fire it a second time.
 */
export async function armEscalationTimers(
  timers: Pick<Timers, 'schedule'>,
  tx: Sql,
  complaintId: string,
  due: readonly EscalationTimer[],
  now: Date,
): Promise<void> {
  const future = due.filter((t) => Date.parse(t.dueAt) > now.getTime());
  if (future.length === 0) return;
  await timers.schedule(
    tx,
    future.map((t) => ({
      key: escalationTimerKey(complaintId, t.rule),
      kind: ESCALATION_TIMER,
      dueAt: t.dueAt,
      payload: { complaintId, rule: t.rule } satisfies EscalationTimerPayload,
    })),
    { existing: 'keep' },
  );
}
