import type { Sql } from '@redress/event-store';
import type { Timers } from '@redress/timers';
import type { EscalationTimer } from '../../domain';
/** The kind of triage's age-based escalation timers in `triage.timers`. */
export declare const ESCALATION_TIMER = "triage.escalation";
/** One timer per complaint and age rule: `escalation:unresolved-7d:<complaintId>`. */
export declare function escalationTimerKey(complaintId: string, rule: string): string;
export interface EscalationTimerPayload {
    complaintId: string;
    /** `escalation:<rule id>`, as in rulesFired. */
    rule: string;
}
/** The payload as stored; a timer that does not carry one is an error worth parking. */
export declare function escalationPayload(payload: unknown): EscalationTimerPayload;
/**
 * Arms the age-based escalation timers a decision still needs (`escalationTimers`), in the
 * decision's transaction. A timer already armed is kept as it is (`existing: 'keep'`), so its due
 * time stays that of the policy that armed it. A rule whose time has passed is not armed: the
 * decision just made looked at the complaint's age already, and a timer that fired is deleted,
 * so arming it again would fire it a second time.
 */
export declare function armEscalationTimers(timers: Pick<Timers, 'schedule'>, tx: Sql, complaintId: string, due: readonly EscalationTimer[], now: Date): Promise<void>;
