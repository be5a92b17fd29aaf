import { type ReviewCandidate, type RuleFired, type SubjectType } from '@redress/contracts';
import { type CompiledPolicy } from '../domain';
import { type CorpusItem, type CorpusLanguage } from './corpus';
/**
 * How well triage classifies the corpus: each item goes through `triage` — the decision the
 * service makes for a new complaint, with the policy given (the default one in the benchmark and
 * the test) — and what it decided is compared with the labels.
 */
export interface Decided {
    type: SubjectType;
    category: string;
    subcategory?: string;
    department: string;
    needsReview: boolean;
    confidence: number;
}
export interface Outcome {
    item: CorpusItem;
    decided: Decided;
    rulesFired: RuleFired[];
    /** The best categories over all types, as a reviewer would see them. */
    candidates: ReviewCandidate[];
}
export interface ClassifyCorpusOptions {
    /**
     * Pretend nobody chose a subject type (`other` for every item): measures the text alone. By
     * default each item's `subject.type` is passed on as intake would.
     */
    textOnly?: boolean;
    /** Also list each item's best candidates (what a reviewer sees); for the tuning tool. */
    candidates?: boolean;
}
export declare function classifyCorpus(items: readonly CorpusItem[], compiled: CompiledPolicy, options?: ClassifyCorpusOptions): Outcome[];
export interface ClassificationFigures {
    complaints: number;
    /** Share routed to the expected department (review or not: that is where it goes first). */
    departmentAccuracy: number;
    typeAccuracy: number;
    /** Share with the expected `type.category`. */
    categoryAccuracy: number;
    /** Mean F1 over the expected `type.category` labels (see `categoryScores`). */
    categoryMacroF1: number;
    /** Among items labelled with a subcategory, the share given that subcategory; null if none. */
    subcategoryAccuracy: number | null;
    /** Share that would join the review queue. */
    reviewRate: number;
    /** Department accuracy among the items decided without review; null if every one was. */
    decidedDepartmentAccuracy: number | null;
}
export interface CategoryScore {
    /** `type.category`. */
    category: string;
    /** Items labelled with it. */
    support: number;
    precision: number;
    recall: number;
    f1: number;
}
export interface Confusion {
    expected: string;
    decided: string;
    count: number;
}
/** How the customer's own choice of type compared with the label. */
export type SubjectNaming = 'named' | 'misnamed' | 'unnamed';
/** Why complaints went to review, and how many of them still start in the right department. */
export interface ReviewSummary {
    total: number;
    /** Nothing in the text points to any category. */
    noEvidence: number;
    /** Below the confidence threshold. */
    lowConfidence: number;
    /** Two categories with as much evidence of their own. */
    tie: number;
    /** Routed by type to the expected department while they wait. */
    rightDepartment: number;
}
export interface ClassificationReport {
    overall: ClassificationFigures;
    reviews: ReviewSummary;
    byLanguage: Partial<Record<CorpusLanguage, ClassificationFigures>>;
    bySubjectNaming: Partial<Record<SubjectNaming, ClassificationFigures>>;
    categories: CategoryScore[];
    /** Every (expected, decided) department pair, the right ones included, most frequent first. */
    departments: Confusion[];
    /** The most frequent wrong `type.category` decisions, most frequent first. */
    categoryConfusions: Confusion[];
}
/**
 * The figures of a set of outcomes. Nothing in it quotes an item's text or id, so a report of
 * the evaluation half can be printed and stored without showing what is in it.
 */
export declare function summarise(outcomes: readonly Outcome[], topConfusions?: number): ClassificationReport;
export declare function subjectNaming(item: CorpusItem): SubjectNaming;
/** The outcomes whose department or category is wrong, or that would go to review. */
export declare function misses(outcomes: readonly Outcome[]): Outcome[];
export declare function categoryOf(label: {
    type: string;
    category: string;
}): string;
/**
 * Precision, recall and F1 of each `type.category` that some item is labelled with. Decisions
 * of a category no item is labelled with (a type's default category, say) count against the
 * recall of the item's own label and nowhere else, so the mean over labels is the usual macro-F1
 * over the classes of the truth.
 */
export declare function categoryScores(outcomes: readonly Outcome[]): CategoryScore[];
