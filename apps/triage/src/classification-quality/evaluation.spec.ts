import { compilePolicy, DEFAULT_TRIAGE_POLICY } from '../domain';
import { readCorpus } from './corpus';
import { classifyCorpus, summarise } from './measure';

// The evaluation half of the corpus through triage's own decision with the default policy: a
// change to the policy or the matcher that makes classification worse fails the suite. Issue 9
// sets department accuracy ≥ 90 % and review rate ≤ 15 %, both met since the second tuning
// (91.9 % and 12.7 %, README "Classification"), so the targets are the floors; macro-F1 has none
// and keeps the measured figure less a small margin, so that a regression fails while noise of a
// complaint or two does not. When the figures move, update the floors and the README together.

describe('classification of the evaluation half with the default policy', () => {
  const report = summarise(
    classifyCorpus(readCorpus('evaluation'), compilePolicy(DEFAULT_TRIAGE_POLICY, 1)),
  );

  it('routes at least 90 % of the complaints to the right department (issue 9 target)', () => {
    expect(report.overall.departmentAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('queues at most 15 % of the complaints for review (issue 9 target; measured 12.7 %)', () => {
    expect(report.overall.reviewRate).toBeLessThanOrEqual(0.15);
  });

  it('keeps the category macro-F1 at least 0.84 (measured 0.864)', () => {
    expect(report.overall.categoryMacroF1).toBeGreaterThanOrEqual(0.84);
  });
});
