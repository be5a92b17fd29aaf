import {
  compileAnalyticsPolicy,
  DEFAULT_ANALYTICS_POLICY,
  validateAnalyticsPolicy,
} from './analytics-policy';
import { InvalidAnalyticsPolicy } from './errors';

/** The default policy with the value at a dotted path replaced. */
function withValue(path: string, value: unknown): unknown {
  const copy: unknown = structuredClone(DEFAULT_ANALYTICS_POLICY);
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = copy as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

describe('the analytics policy', () => {
  it('accepts its defaults', () => {
    expect(validateAnalyticsPolicy(DEFAULT_ANALYTICS_POLICY)).toEqual([]);
  });

  it.each([
    ['an unknown dimension', 'surges.dimensions', ['weather'], 'surges.dimensions.0'],
    ['a scan of 8 windows', 'surges.test.scanWindows', 8, 'surges.test.scanWindows'],
    ['a ratio under 1', 'surges.test.minRatio', 0.5, 'surges.test.minRatio'],
    [
      'a raise score of 0',
      'hotTopics.subjects.test.raiseScore',
      0,
      'hotTopics.subjects.test.raiseScore',
    ],
    [
      'lateness over 12 hours',
      'windows.allowedLatenessMinutes',
      721,
      'windows.allowedLatenessMinutes',
    ],
    ['a 5-character gram', 'hotWords.chineseMaxLength', 5, 'hotWords.chineseMaxLength'],
    ['a support of 1', 'hotWords.minSupport', 1, 'hotWords.minSupport'],
    ['an unknown field', 'hotWords.mascot', 'owl', 'hotWords.mascot'],
    [
      'an empty stop word',
      'hotWords.extraStopWords.english',
      [''],
      'hotWords.extraStopWords.english.0',
    ],
    [
      'a minimum baseline longer than the baseline',
      'surges.test.minBaselineWindows',
      29,
      'surges.test.minBaselineWindows',
    ],
    [
      'a continue score above the raise score',
      'surges.test.continueScore',
      5,
      'surges.test.continueScore',
    ],
    [
      'Chinese grams from 3 to 2',
      'hotWords',
      { ...DEFAULT_ANALYTICS_POLICY.hotWords, chineseMinLength: 3, chineseMaxLength: 2 },
      'hotWords.chineseMinLength',
    ],
    [
      'a phrase topic that continues on more than makes it hot',
      'hotTopics.phrases.continueScore',
      7,
      'hotTopics.phrases.continueScore',
    ],
  ])('rejects %s, naming %s', (_name, path, value, problemPath) => {
    const problems = validateAnalyticsPolicy(withValue(path, value));
    expect(problems.map((p) => p.path)).toContain(problemPath);
  });

  it('refuses to compile an invalid policy, with every problem as a field error', () => {
    const bad = withValue('surges.test.minCount', 0);
    expect(() => compileAnalyticsPolicy(bad)).toThrow(InvalidAnalyticsPolicy);
    try {
      compileAnalyticsPolicy(bad);
    } catch (e) {
      expect((e as InvalidAnalyticsPolicy).fieldErrors).toEqual([
        expect.objectContaining({ field: 'surges.test.minCount' }),
      ]);
    }
  });

  it('derives the hot-word baseline’s decay from its half-life', () => {
    const compiled = compileAnalyticsPolicy(withValue('hotWords.baselineHalfLifeWindows', 7));
    expect(compiled.hotWordDecay ** 7).toBeCloseTo(0.5, 12);
    expect(compiled.allowedLatenessMs).toBe(120 * 60_000);
  });

  it('keeps its own copy: changing the document later changes nothing', () => {
    const document = structuredClone(DEFAULT_ANALYTICS_POLICY);
    const compiled = compileAnalyticsPolicy(document);
    document.surges.test.minCount = 99;
    expect(compiled.policy.surges.test.minCount).toBe(
      DEFAULT_ANALYTICS_POLICY.surges.test.minCount,
    );
  });
});
