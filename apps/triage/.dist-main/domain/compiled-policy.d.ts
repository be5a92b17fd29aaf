import { type SubjectType } from '@redress/contracts';
import { type WorkClock } from '@redress/business-time';
import { KeywordAutomaton } from './keyword-matcher';
import type { TriagePolicy } from './triage-policy';
/**
 * A policy prepared for deciding: every keyword normalised once into one automaton, the
 * taxonomy flattened to indexed arrays, the routing table to a map, the calendar built. Build
 * one per policy version and share it; deciding never changes it.
 */
export interface CompiledPolicy {
    readonly version: number;
    /** The policy as given, frozen. */
    readonly policy: Readonly<TriagePolicy>;
    /** The business calendar; major complaints use `aroundTheClock` (DOMAIN §2). */
    readonly businessCalendar: WorkClock;
    readonly aroundTheClock: WorkClock;
    readonly categories: readonly CompiledCategory[];
    readonly subcategories: readonly CompiledSubcategory[];
    readonly categoriesOfType: ReadonlyMap<SubjectType, readonly number[]>;
    /** Every category index, in policy order. */
    readonly allCategories: readonly number[];
    /** `type.category` → index into `categories`. */
    readonly categoryIndex: ReadonlyMap<string, number>;
    /** Routing overrides by `type/category/` or `type/category/subcategory`. */
    readonly routingOverrides: ReadonlyMap<string, string>;
    /** Every (keyword, rule or taxonomy node) pair; hits refer to these. */
    readonly keywordRefs: readonly KeywordRef[];
    /** For each automaton pattern, the keyword refs it stands for. */
    readonly patternRefs: ReadonlyArray<readonly number[]>;
    /** 1 for each automaton pattern that stands for a taxonomy keyword (type, category, sub). */
    readonly taxonomyPatterns: Uint8Array;
    readonly automaton: KeywordAutomaton;
}
export interface CompiledCategory {
    readonly index: number;
    readonly type: SubjectType;
    readonly id: string;
    /** `product.quality`, as in rule names. */
    readonly path: string;
    readonly subcategories: readonly number[];
}
export interface CompiledSubcategory {
    readonly index: number;
    readonly category: number;
    readonly id: string;
    /** `product.quality.foreign-object`. */
    readonly path: string;
}
/** What a keyword is evidence for: a taxonomy node, a severity rule or an escalation rule. */
export type KeywordTarget = {
    readonly kind: 'type';
    readonly type: SubjectType;
} | {
    readonly kind: 'category';
    readonly index: number;
} | {
    readonly kind: 'subcategory';
    readonly index: number;
} | {
    readonly kind: 'severity';
    readonly index: number;
} | {
    readonly kind: 'escalation';
    readonly index: number;
};
export interface KeywordRef {
    readonly target: KeywordTarget;
    /** The keyword as the policy spells it, for reasons ("description mentions …"). */
    readonly keyword: string;
    /**
     * The keyword normalised (`破損` and `破损` alike): two nodes that list the same word share the
     * evidence of finding it, so it does not take sides between them (classification.policy.ts).
     */
    readonly text: string;
}
/**
 * Validates `policy` (throwing `InvalidTriagePolicy` with every problem) and prepares it.
 * `version` is the number the service gave this policy; decisions carry it as `policyVersion`.
 */
export declare function compilePolicy(policy: unknown, version: number): CompiledPolicy;
/** Whether a keyword is evidence for the taxonomy (classification), not for a grading rule. */
export declare function isTaxonomyTarget(target: KeywordTarget | undefined): boolean;
export declare function routingKey(type: string, category: string, subcategory?: string): string;
