import {
  NO_FLAGS,
  type ReviewCandidate,
  type RuleFired,
  type SubjectType,
} from '@redress/contracts';
import { classify, triage, type CompiledPolicy } from '../domain';
import { CORPUS_LANGUAGES, type CorpusItem, type CorpusLanguage } from './corpus';

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

// Only the classification is compared; these fix everything else a decision depends on.
const REGISTERED_AT = '2026-03-02T02:00:00.000Z';
const DECIDED_AT = new Date('2026-03-02T02:05:00.000Z');
const OPEN = { status: 'open', clusterCount: 1, repeatAfterClosure: false } as const;

export function classifyCorpus(
  items: readonly CorpusItem[],
  compiled: CompiledPolicy,
  options: ClassifyCorpusOptions = {},
): Outcome[] {
  return items.map((item, index) => {
    const facts = {
      complaintId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      registeredAt: REGISTERED_AT,
      subject: options.textOnly ? { ...item.subject, type: 'other' as const } : item.subject,
      ...(item.title === undefined ? {} : { title: item.title }),
      description: item.description,
      complainantCount: 1,
      flags: NO_FLAGS,
    };
    const decision = triage(facts, OPEN, compiled, DECIDED_AT);
    return {
      item,
      decided: {
        type: decision.type,
        category: decision.category,
        ...(decision.subcategory === undefined ? {} : { subcategory: decision.subcategory }),
        department: decision.department,
        needsReview: decision.needsReview,
        confidence: decision.confidence,
      },
      rulesFired: decision.rulesFired,
      candidates: options.candidates ? classify(facts, compiled).candidates : [],
    };
  });
}

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
export function summarise(outcomes: readonly Outcome[], topConfusions = 10): ClassificationReport {
  const byLanguage: ClassificationReport['byLanguage'] = {};
  for (const language of CORPUS_LANGUAGES) {
    const subset = outcomes.filter((o) => o.item.language === language);
    if (subset.length > 0) byLanguage[language] = figures(subset);
  }
  const bySubjectNaming: ClassificationReport['bySubjectNaming'] = {};
  for (const naming of ['named', 'misnamed', 'unnamed'] as const) {
    const subset = outcomes.filter((o) => subjectNaming(o.item) === naming);
    if (subset.length > 0) bySubjectNaming[naming] = figures(subset);
  }
  const categoryPairs = count(outcomes, (o) => [
    categoryOf(o.item.expected),
    categoryOf(o.decided),
  ]);
  return {
    overall: figures(outcomes),
    reviews: reviews(outcomes),
    byLanguage,
    bySubjectNaming,
    categories: categoryScores(outcomes),
    departments: count(outcomes, (o) => [o.item.expected.department, o.decided.department]),
    categoryConfusions: categoryPairs
      .filter((pair) => pair.expected !== pair.decided)
      .slice(0, topConfusions),
  };
}

function reviews(outcomes: readonly Outcome[]): ReviewSummary {
  const reviewed = outcomes.filter((o) => o.decided.needsReview);
  const fired = (o: Outcome, rule: string): boolean => o.rulesFired.some((r) => r.rule === rule);
  return {
    total: reviewed.length,
    noEvidence: reviewed.filter((o) => fired(o, 'classification:no-evidence')).length,
    lowConfidence: reviewed.filter((o) => fired(o, 'classification:low-confidence')).length,
    tie: reviewed.filter((o) => fired(o, 'classification:tie')).length,
    rightDepartment: reviewed.filter((o) => o.decided.department === o.item.expected.department)
      .length,
  };
}

export function subjectNaming(item: CorpusItem): SubjectNaming {
  if (item.subject.type === 'other') return 'unnamed';
  return item.subject.type === item.expected.type ? 'named' : 'misnamed';
}

/** The outcomes whose department or category is wrong, or that would go to review. */
export function misses(outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter(
    (o) =>
      o.decided.needsReview ||
      o.decided.department !== o.item.expected.department ||
      categoryOf(o.decided) !== categoryOf(o.item.expected),
  );
}

export function categoryOf(label: { type: string; category: string }): string {
  return `${label.type}.${label.category}`;
}

function figures(outcomes: readonly Outcome[]): ClassificationFigures {
  const n = outcomes.length;
  const share = (hits: number, of: number): number => (of === 0 ? 0 : hits / of);
  const countIf = (list: readonly Outcome[], test: (o: Outcome) => boolean): number =>
    list.reduce((sum, o) => sum + (test(o) ? 1 : 0), 0);
  const rightDepartment = (o: Outcome): boolean =>
    o.decided.department === o.item.expected.department;
  const withSubcategory = outcomes.filter((o) => o.item.expected.subcategory !== undefined);
  const decided = outcomes.filter((o) => !o.decided.needsReview);
  const scores = categoryScores(outcomes);
  return {
    complaints: n,
    departmentAccuracy: share(countIf(outcomes, rightDepartment), n),
    typeAccuracy: share(
      countIf(outcomes, (o) => o.decided.type === o.item.expected.type),
      n,
    ),
    categoryAccuracy: share(
      countIf(outcomes, (o) => categoryOf(o.decided) === categoryOf(o.item.expected)),
      n,
    ),
    categoryMacroF1: share(
      scores.reduce((sum, s) => sum + s.f1, 0),
      scores.length,
    ),
    subcategoryAccuracy:
      withSubcategory.length === 0
        ? null
        : share(
            countIf(
              withSubcategory,
              (o) =>
                categoryOf(o.decided) === categoryOf(o.item.expected) &&
                o.decided.subcategory === o.item.expected.subcategory,
            ),
            withSubcategory.length,
          ),
    reviewRate: share(
      countIf(outcomes, (o) => o.decided.needsReview),
      n,
    ),
    decidedDepartmentAccuracy:
      decided.length === 0 ? null : share(countIf(decided, rightDepartment), decided.length),
  };
}

/**
 * Precision, recall and F1 of each `type.category` that some item is labelled with. Decisions
 * of a category no item is labelled with (a type's default category, say) count against the
 * recall of the item's own label and nowhere else, so the mean over labels is the usual macro-F1
 * over the classes of the truth.
 */
export function categoryScores(outcomes: readonly Outcome[]): CategoryScore[] {
  const support = new Map<string, number>();
  const decidedAs = new Map<string, number>();
  const right = new Map<string, number>();
  const add = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const o of outcomes) {
    const expected = categoryOf(o.item.expected);
    const decided = categoryOf(o.decided);
    add(support, expected);
    add(decidedAs, decided);
    if (expected === decided) add(right, expected);
  }
  return [...support.keys()].sort().map((category) => {
    const tp = right.get(category) ?? 0;
    const precision = tp === 0 ? 0 : tp / (decidedAs.get(category) ?? tp);
    const recall = tp / (support.get(category) ?? 1);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { category, support: support.get(category) ?? 0, precision, recall, f1 };
  });
}

function count(
  outcomes: readonly Outcome[],
  pair: (o: Outcome) => [expected: string, decided: string],
): Confusion[] {
  const counts = new Map<string, Confusion>();
  for (const o of outcomes) {
    const [expected, decided] = pair(o);
    const key = `${expected}\u0000${decided}`;
    const found = counts.get(key);
    if (found) found.count += 1;
    else counts.set(key, { expected, decided, count: 1 });
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count ||
      a.expected.localeCompare(b.expected) ||
      a.decided.localeCompare(b.decided),
  );
}
