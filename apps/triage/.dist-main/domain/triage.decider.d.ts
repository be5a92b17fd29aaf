import { type ComplaintEscalatedData, type ComplaintReclassifiedData, type EscalationClass, type Severity, type SubjectType, type TriageReviewRequestedData } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts, TriageContext } from './complaint-facts';
import { type TriageDecision, type TriageStreamEvent } from './triage-decision';
/**
 * DOMAIN §2 in one decision: type and category, department, severity and its deadlines,
 * escalation class with who is told and who approves, and every rule that fired. `now` is when
 * the decision is made (age rules); the SLA clocks count from registration.
 */
export declare function triage(facts: ComplaintFacts, context: TriageContext, compiled: CompiledPolicy, now: Date): TriageDecision;
/** The review request that goes with a decision that needs review; undefined otherwise. */
export declare function reviewRequestFor(facts: ComplaintFacts, decision: TriageDecision, compiled: CompiledPolicy, now: Date): TriageReviewRequestedData | undefined;
/** What a re-assessment changed; `events` in the order they are to be appended. */
export interface Reassessment {
    decision: TriageDecision;
    reclassified?: ComplaintReclassifiedData;
    escalated?: ComplaintEscalatedData;
    reviewRequested?: TriageReviewRequestedData;
    events: TriageStreamEvent[];
}
/**
 * Re-assesses a triaged complaint after an amendment, a timer, a new cluster count or a hot
 * topic (DOMAIN §2: "a complaint can be re-escalated later without anyone touching it").
 *
 * - Reclassification: only when the title, description or subject were amended
 *   (`context.amendedFields`); fields a supervisor set are kept.
 * - Escalation: severity and class only ever rise automatically, and only through a rule that
 *   has not fired for this complaint before — so a grade a supervisor lowered is not raised
 *   again by the same rule. When severity rises the new clocks start now, but no deadline moves
 *   later than it already was.
 * - A withdrawn complaint is left as it is.
 */
export declare function reassess(previous: TriageDecision, facts: ComplaintFacts, context: TriageContext, compiled: CompiledPolicy, now: Date): Reassessment;
/** A supervisor's override (CONTRACT `POST /triage/:complaintId/reclassification`). */
export interface SupervisorReclassification {
    /** The supervisor's token subject. */
    by: string;
    /** Required: why a person decided otherwise. */
    reason: string;
    type?: SubjectType;
    category?: string;
    /** `null` removes the subcategory. */
    subcategory?: string | null;
    severity?: Severity;
    escalationClass?: EscalationClass;
    department?: string;
}
/**
 * A supervisor sets type, category, subcategory, severity, escalation class or department. A
 * person decides, so the grade may go down too; the fields set are kept by later automatic
 * re-assessments. A new type without a category takes that type's default category; a new
 * classification without a department is routed by the table. A higher severity restarts the
 * clocks now (no deadline later than before); a lower one recounts them from registration.
 * Reviewing a complaint ends its review.
 */
export declare function reclassify(previous: TriageDecision, input: SupervisorReclassification, compiled: CompiledPolicy, now: Date): {
    decision: TriageDecision;
    reclassified: ComplaintReclassifiedData;
};
