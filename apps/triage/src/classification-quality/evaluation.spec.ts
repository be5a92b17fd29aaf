import { compilePolicy, DEFAULT_TRIAGE_POLICY } from '../domain';
import { readCorpus } from './corpus';
import { classifyCorpus, summarise } from './measure';

// The evaluation half of the corpus through triage's own decision with the default policy: a
// change to the policy or the matcher that makes classification worse fails the suite. Issue 9
// sets department accuracy ≥ 90 % and review rate ≤ 15 %; the floors below are the figures
// measured when the default policy was last tuned (README "Classification"), less a small
// margin, so that a regression fails while noise of a complaint or two does not. When the figures
// move, update the floors and the README together.

describe('classification of the evaluation half with the default policy', () => {
  const report = summarise(
    classifyCorpus(readCorpus('evaluation'), compilePolicy(DEFAULT_TRIAGE_POLICY, 1)),
  );

  it('routes at least 90 % of the complaints to the right department (issue 9 target)', () => {
    expect(report.overall.departmentAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the review rate at most 18 % (measured 17.0 %; the 15 % target is not met yet)', () => {
    expect(report.overall.reviewRate).toBeLessThanOrEqual(0.18);
  });

  it('keeps the category macro-F1 at least 0.81 (measured 0.838)', () => {
    expect(report.overall.categoryMacroF1).toBeGreaterThanOrEqual(0.81);
  });
});
