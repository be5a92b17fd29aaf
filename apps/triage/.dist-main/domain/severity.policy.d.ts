import { type FlagName, type RuleFired, type Severity } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts } from './complaint-facts';
import { type KeywordHit } from './keyword-hits';
/** One severity rule that fired, with the level it asks for. */
export interface SeverityFiring {
    severity: Severity;
    rule: RuleFired;
}
export interface SeverityAssessment {
    severity: Severity;
    firings: SeverityFiring[];
}
/** Why a flag matters, in the words of DOMAIN §2's severity table. */
export declare const FLAG_REASONS: Readonly<Record<FlagName, string>>;
/**
 * DOMAIN §2 severity (002 table 3-1, 000's minor): flags and keyword rules. Rules at or above
 * the policy's default level raise the severity, the highest wins; rules below it (questions,
 * *minor*) lower it only when nothing else fired; with no rule the default applies (I general).
 */
export declare function assessSeverity(facts: Pick<ComplaintFacts, 'flags' | 'title' | 'description'>, compiled: CompiledPolicy, hits?: readonly KeywordHit[]): SeverityAssessment;
