import type { ReviewCandidate, RuleFired, SubjectType } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts } from './complaint-facts';
import { type KeywordHit } from './keyword-hits';
/**
 * DOMAIN §2 type and category (000, 004), from keyword scoring of title and description (README
 * "Confidence" has worked examples).
 *
 * Score of a category = Σ weights of its distinct keywords found, its subcategories' included,
 * plus its type's keywords (`taxonomy.types.*.keywords`, "this is about a parcel") counted once
 * per type however many of them appear. A keyword in the title weighs `titleWeight`, in the
 * description 1. The best category W of the candidates (those of the given type, or of every
 * type) has score s1. Against each rival C with score sC, a word both list (`态度差` under service
 * and under staff, a type word under every category of its type) is evidence for both and takes
 * no side: with sh the weight of the words they share,
 *
 *     evidence   = s1 / (s1 + 1)                       one keyword 0.5, two 0.67, three 0.75 …
 *     share      = min over rivals C of (s1 − sh) / ((s1 − sh) + (sC − sh)),
 *                  1 without a rival, 0.5 when W and C have as much evidence of their own (a tie)
 *     category   = evidence × share                    (0 when nothing matched)
 *     confidence = 0.5 + 0.5 × category   when the customer (or a supervisor) named the type
 *                = category               when the type comes from the text
 *
 * Without shared words, share is s1 / (s1 + s2) for the runner-up s2.
 *
 * Type from the text: the same score over every type, with only rivals of other types counting
 * against W, is how sure the text is of W's type. A customer's type gives way to the text's when
 * that reaches the threshold without a tie, the customer's own words for their type counting
 * against it (a crushed parcel filed under "product"). A type a supervisor fixed never gives way.
 *
 * Review: below `classification.confidenceThreshold`, in a tie when the type comes from the text,
 * or with no keyword of any category at all (whatever the threshold), the complaint needs review
 * and is routed by type alone: the given type, else the type the text is sure of, else `other`;
 * that type's default category, no subcategory.
 */
export interface Classification {
    type: SubjectType;
    category: string;
    subcategory?: string;
    confidence: number;
    needsReview: boolean;
    rulesFired: RuleFired[];
    /** The best categories over all types, for the person who reviews it. */
    candidates: ReviewCandidate[];
}
export interface ClassifyOptions {
    /** Keyword hits already found for these facts (`findKeywords`), to scan the text once. */
    hits?: readonly KeywordHit[];
    /** A type fixed by a supervisor: only a category within it is chosen. */
    type?: SubjectType;
}
export declare function classify(facts: Pick<ComplaintFacts, 'subject' | 'title' | 'description'>, compiled: CompiledPolicy, options?: ClassifyOptions): Classification;
