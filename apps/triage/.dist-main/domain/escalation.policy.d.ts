import { type EscalationClass, type RuleFired } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts, TriageContext } from './complaint-facts';
import { type KeywordHit } from './keyword-hits';
import type { TriageDecision } from './triage-decision';
export declare const DAY_MS = 86400000;
/** One escalation rule that fired, with the class it asks for. */
export interface EscalationFiring {
    escalationClass: EscalationClass;
    rule: RuleFired;
}
export interface EscalationAssessment {
    escalationClass: EscalationClass;
    firings: EscalationFiring[];
}
/**
 * DOMAIN §2 escalation class (003). Every rule that fires is listed; the highest class wins:
 * flags (lawsuit filed, media exposure → major; threats → hot), collective size (≥ 5 major,
 * ≥ 3 hot), the cluster of different complainants about the same subject (≥ 3 in 30 days →
 * hot), a repeat after closure (important), an active hot topic, age while open (> 1 week hot,
 * > 1 month major) and keyword rules.
 */
export declare function assessEscalation(facts: Pick<ComplaintFacts, 'flags' | 'complainantCount' | 'registeredAt' | 'title' | 'description'>, context: TriageContext, compiled: CompiledPolicy, now: Date, hits?: readonly KeywordHit[]): EscalationAssessment;
export interface Recipients {
    /** Everyone to tell at once: the approver, the class's list and, if it reports, headquarters. */
    notify: string[];
    approver: string;
    reportToHeadquarters: boolean;
}
/**
 * DOMAIN §2: plans are approved by the product decision committee (major), the division head
 * (important), the project general manager (hot, general); major, hot and important are
 * reported at once to headquarters' complaint management.
 */
export declare function recipientsFor(escalationClass: EscalationClass, compiled: CompiledPolicy): Recipients;
export interface EscalationTimer {
    /** `escalation:<rule id>`, as it will appear in rulesFired. */
    rule: string;
    escalationClass: EscalationClass;
    /** ISO-8601: registration + the rule's days (calendar days of 24 h). */
    dueAt: string;
}
/**
 * When the age rules would next raise this complaint, so the service can keep durable timers
 * (ARCHITECTURE "Time") and re-assess then. Only rules that have not fired yet and would raise
 * the current class; call it again after every change of the decision and replace the timers.
 */
export declare function escalationTimers(facts: Pick<ComplaintFacts, 'registeredAt'>, decision: Pick<TriageDecision, 'rulesFired' | 'escalationClass'>, compiled: CompiledPolicy): EscalationTimer[];
export declare function instant(iso: string): number;
