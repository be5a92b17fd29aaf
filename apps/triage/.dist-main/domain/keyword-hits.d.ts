import { type CompiledPolicy } from './compiled-policy';
export type TextField = 'title' | 'description';
/** A keyword of the policy found in the complaint (its first and weightiest place). */
export interface KeywordHit {
    /** Index into `CompiledPolicy.keywordRefs`. */
    readonly ref: number;
    readonly field: TextField;
    /** `classification.titleWeight` in the title, 1 in the description. */
    readonly weight: number;
}
/**
 * Every keyword of the policy in the title and description, each once. One normalised string
 * and one automaton pass per field serve classification, severity and escalation alike.
 *
 * For the taxonomy (types, categories, subcategories) a keyword found only inside a longer
 * taxonomy keyword at the same place is not a mention of its own: `快递员` (courier) is not also
 * `快递` (parcel), `在线客服` not also `客服`. Otherwise one word would count twice, once for the
 * courier and once for every category of parcels. Severity and escalation rules see every
 * keyword, nested or not: `不能用` inside `根本不能用` still grades a complaint.
 */
export declare function findKeywords(text: {
    title?: string;
    description: string;
}, compiled: CompiledPolicy): KeywordHit[];
/** `description mentions "异物", "苍蝇"; title mentions "fly"` */
export declare function mentions(hits: readonly KeywordHit[], compiled: CompiledPolicy): string;
