import {
  chiSquare1OneSidedScore,
  lnGamma,
  logLikelihoodRatio,
  MAX_SCORE,
  poissonUpperScore,
} from './statistics';

describe('the detectors’ statistics', () => {
  it.each([
    [1, 0],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [10, Math.log(362_880)],
    [171, 706.5730622457874],
  ])('ln Γ(%d) is %d', (x, expected) => {
    expect(lnGamma(x)).toBeCloseTo(expected, 9);
  });

  it.each([
    // −log₁₀ P(X ≥ k | λ), exact sums computed independently.
    [6, 2, 1.780845],
    [18, 6, 4.244757],
    [3, 0.2, 2.939876],
    [40, 10, 12.134207],
    [100, 10, 62.26772],
    [1200, 1000, 9.329364],
  ])('scores %d against a Poisson mean of %d as %d', (k, lambda, score) => {
    expect(poissonUpperScore(k, lambda)).toBeCloseTo(score, 4);
  });

  it('gives no evidence for a count at or under its expectation', () => {
    expect(poissonUpperScore(5, 5)).toBe(0);
    expect(poissonUpperScore(2, 7.5)).toBe(0);
    expect(poissonUpperScore(0, 0)).toBe(0);
  });

  it('caps the score of a count that cannot happen', () => {
    expect(poissonUpperScore(3, 0)).toBe(MAX_SCORE);
    expect(poissonUpperScore(5000, 1)).toBe(MAX_SCORE);
  });

  it('halves the χ²(1) tail for a one-sided question', () => {
    // 3.8415 is the two-sided 5 % point: one-sided p = 0.025.
    expect(chiSquare1OneSidedScore(3.841458820694124)).toBeCloseTo(-Math.log10(0.025), 5);
    expect(chiSquare1OneSidedScore(100)).toBeCloseTo(23.118053, 4);
    expect(chiSquare1OneSidedScore(0)).toBe(0);
  });

  it('computes Dunning’s G² of a phrase’s share in the window against the baseline', () => {
    expect(logLikelihoodRatio(30, 1000, 50, 20_000)).toBeCloseTo(82.429337, 4);
  });

  it('gives G² = 0 when the window’s share is not higher', () => {
    expect(logLikelihoodRatio(10, 1000, 200, 20_000)).toBe(0);
    expect(logLikelihoodRatio(5, 1000, 200, 20_000)).toBe(0);
  });

  it('trusts a phrase from nowhere more when the baseline behind it is larger', () => {
    const thin = logLikelihoodRatio(5, 100, 0, 100);
    const thick = logLikelihoodRatio(5, 100, 0, 10_000);
    expect(thin).toBeGreaterThan(0);
    expect(thick).toBeGreaterThan(2 * thin);
  });
});
