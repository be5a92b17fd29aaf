import type { RuleFired, Severity, TriageDeadlines } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
/** A customer tier as triage records it; `unknown` gets no speed-up. */
export type TriageCustomerTier = 'high' | 'medium' | 'low' | 'unknown';
export interface Clocking {
    deadlines: TriageDeadlines;
    rulesFired: RuleFired[];
}
/**
 * DOMAIN §2 severity table: the response, plan and resolution deadlines of a severity, counted
 * from `from` on the level's clock — around the clock for major complaints, the business
 * calendar for the others (hours there are working hours). A customer tier's factor (≤ 1)
 * shortens every clock of that customer and never lengthens anyone's (DOMAIN §2 customer value).
 */
export declare function deadlinesFor(severity: Severity, tier: TriageCustomerTier, from: Date, compiled: CompiledPolicy): Clocking;
/**
 * The earlier of two sets of deadlines, each kind on its own: a rise in severity restarts the
 * clocks from the moment it is known but never moves a deadline already promised later.
 */
export declare function earliestDeadlines(previous: TriageDeadlines, next: TriageDeadlines): TriageDeadlines;
