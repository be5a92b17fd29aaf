import type { TriagePolicy } from './triage-policy';
/** The default policy, frozen all the way down; copy it (`structuredClone`) to edit. */
export declare const DEFAULT_TRIAGE_POLICY: Readonly<TriagePolicy>;
