import type { TriagePolicy } from './triage-policy';
/**
 * A short human summary of what a new policy version changes, one line per changed path, for
 * `TriagePolicyChanged.summary`: `routing.types.billing: "finance" → "accounting"`,
 * `taxonomy.types.product.categories.quality.keywords: added "霉斑"; removed "掉漆"`,
 * `severity.rules: added rule "recall-notice"`.
 */
export declare function summarisePolicyChange(before: TriagePolicy | undefined, after: TriagePolicy): string[];
