import type { ComplaintEscalatedData, ComplaintReclassifiedData, ComplaintTriagedData, RuleFired, TriageReviewRequestedData } from '@redress/contracts';
/**
 * A complaint's current triage: exactly the data of `ComplaintTriaged`, which is also what
 * `GET /triage/:complaintId` answers (CONTRACT). Later events change it through `evolve`.
 */
export type TriageDecision = ComplaintTriagedData;
/** The events of one complaint's triage stream. */
export type TriageStreamEvent = {
    type: 'ComplaintTriaged';
    data: ComplaintTriagedData;
} | {
    type: 'ComplaintReclassified';
    data: ComplaintReclassifiedData;
} | {
    type: 'ComplaintEscalated';
    data: ComplaintEscalatedData;
} | {
    type: 'TriageReviewRequested';
    data: TriageReviewRequestedData;
};
/**
 * The decision after one event of its stream; `null` before the first `ComplaintTriaged`.
 * Every change the domain makes goes through here, so a projection rebuilt from the events
 * equals the decision the domain returned.
 */
export declare function evolve(state: TriageDecision | null, event: TriageStreamEvent): TriageDecision | null;
export declare function ruleFamily(rule: string): string;
export declare function mergeRules(previous: readonly RuleFired[], added: readonly RuleFired[]): RuleFired[];
