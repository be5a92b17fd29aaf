import type { SubjectType } from '@redress/contracts';
import { defaultPolicy } from '../domain/spec-fixtures';
import type { CorpusItem } from './corpus';
import {
  categoryScores,
  classifyCorpus,
  misses,
  subjectNaming,
  summarise,
  type Outcome,
} from './measure';

/** An outcome: labelled `expected`, decided `decided` (`type.category`), reviewed or not. */
function outcome(
  expected: string,
  decided: string,
  options: { review?: boolean; language?: CorpusItem['language']; given?: SubjectType } = {},
): Outcome {
  const [type, category] = expected.split('.') as [SubjectType, string];
  const [decidedType, decidedCategory] = decided.split('.') as [SubjectType, string];
  const departments: Record<string, string> = { product: 'quality', logistics: 'logistics' };
  return {
    item: {
      id: 'en-001',
      language: options.language ?? 'en',
      subject: { type: options.given ?? 'other' },
      description: 'text',
      expected: { type, category, department: departments[type] ?? 'customer-service' },
    },
    decided: {
      type: decidedType,
      category: decidedCategory,
      department: departments[decidedType] ?? 'customer-service',
      needsReview: options.review ?? false,
      confidence: options.review ? 0.5 : 0.8,
    },
    rulesFired: options.review ? [{ rule: 'classification:low-confidence', reason: 'unsure' }] : [],
    candidates: [],
  };
}

describe('classification figures', () => {
  // Labels a, a, b; decisions a, b, b: a → precision 1, recall 1/2; b → precision 1/2, recall 1.
  const outcomes = [
    outcome('product.quality', 'product.quality'),
    outcome('product.quality', 'logistics.delay'),
    outcome('logistics.delay', 'logistics.delay'),
  ];

  it('scores each labelled category by precision, recall and F1', () => {
    expect(categoryScores(outcomes)).toEqual([
      { category: 'logistics.delay', support: 1, precision: 0.5, recall: 1, f1: 2 / 3 },
      { category: 'product.quality', support: 2, precision: 1, recall: 0.5, f1: 2 / 3 },
    ]);
  });

  it('counts a decision of an unlabelled category against the recall of the right one only', () => {
    const scores = categoryScores([
      outcome('product.quality', 'product.quality'),
      outcome('product.quality', 'other.unspecified', { review: true }),
    ]);
    expect(scores).toEqual([
      { category: 'product.quality', support: 2, precision: 1, recall: 0.5, f1: 2 / 3 },
    ]);
  });

  it('gives accuracies, macro-F1 and review rate overall and per language', () => {
    const report = summarise([
      ...outcomes,
      outcome('logistics.delay', 'other.unspecified', { review: true, language: 'zh-Hans' }),
    ]);
    expect(report.overall).toMatchObject({
      complaints: 4,
      departmentAccuracy: 0.5,
      typeAccuracy: 0.5,
      categoryAccuracy: 0.5,
      reviewRate: 0.25,
      decidedDepartmentAccuracy: 2 / 3,
      subcategoryAccuracy: null,
    });
    // quality: P 1, R 1/2; delay: P 1/2, R 1/2 → F1 2/3 and 1/2.
    expect(report.overall.categoryMacroF1).toBeCloseTo((2 / 3 + 1 / 2) / 2, 10);
    expect(report.reviews).toEqual({
      total: 1,
      noEvidence: 0,
      lowConfidence: 1,
      tie: 0,
      rightDepartment: 0,
    });
    expect(report.byLanguage['zh-Hans']).toMatchObject({ complaints: 1, reviewRate: 1 });
    expect(report.byLanguage.en).toMatchObject({ complaints: 3, reviewRate: 0 });
    // Equal counts in the order of expected, then decided.
    expect(report.departments).toEqual([
      { expected: 'logistics', decided: 'customer-service', count: 1 },
      { expected: 'logistics', decided: 'logistics', count: 1 },
      { expected: 'quality', decided: 'logistics', count: 1 },
      { expected: 'quality', decided: 'quality', count: 1 },
    ]);
    expect(report.categoryConfusions).toEqual([
      { expected: 'logistics.delay', decided: 'other.unspecified', count: 1 },
      { expected: 'product.quality', decided: 'logistics.delay', count: 1 },
    ]);
  });

  it.each([
    ['other', 'unnamed'],
    ['product', 'named'],
    ['billing', 'misnamed'],
  ] as const)('calls a subject type "%s" for a product complaint %s', (given, naming) => {
    expect(subjectNaming(outcome('product.quality', 'product.quality', { given }).item)).toBe(
      naming,
    );
  });

  it('lists as misses the wrong, and the right ones that would go to review', () => {
    const reviewedRight = outcome('product.quality', 'product.quality', { review: true });
    expect(misses([...outcomes, reviewedRight])).toEqual([outcomes[1], reviewedRight]);
  });

  it("classifies through triage's own decision, with the subject type as given or as other", () => {
    // Nothing in "please deal with it quickly" points anywhere: the type decides the department.
    const item: CorpusItem = {
      id: 'hans-001',
      language: 'zh-Hans',
      subject: { type: 'logistics' },
      description: '请尽快处理',
      expected: { type: 'logistics', category: 'delay', department: 'logistics' },
    };
    const [given] = classifyCorpus([item], defaultPolicy);
    const [textOnly] = classifyCorpus([item], defaultPolicy, { textOnly: true });
    expect(given?.decided).toMatchObject({
      type: 'logistics',
      department: 'logistics',
      needsReview: true,
    });
    expect(textOnly?.decided).toMatchObject({
      type: 'other',
      department: 'customer-service',
      needsReview: true,
    });
  });
});
