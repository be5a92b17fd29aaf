/**
 * The few distributions the detectors test against, in log space so that the tiny p-values of a
 * real surge neither underflow nor round to zero. Scores are −log₁₀ p, capped at `MAX_SCORE`.
 */
export const MAX_SCORE = 300;

/**
 * ln Γ(x) for x > 0: Stirling's series from x ≥ 10 (error under 1e-15 there), shifted up by the
 * recurrence Γ(x + 1) = x Γ(x) below.
 */
export function lnGamma(x: number): number {
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += Math.log(y);
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/**
 * −log₁₀ P(X ≥ k) for X ~ Poisson(λ): the one-sided test of an observed count against its
 * expectation. A count at or under its expectation is no evidence of a surge: score 0.
 */
export function poissonUpperScore(k: number, lambda: number): number {
  if (k <= lambda || k <= 0) return 0;
  if (lambda <= 0) return MAX_SCORE;
  // P(X ≥ k) = Σ_{j ≥ k} e^{−λ} λ^j / j!; the terms fall from j = k on since k > λ.
  const lnFirst = -lambda + k * Math.log(lambda) - lnGamma(k + 1);
  let sum = 1;
  let term = 1;
  for (let j = k + 1; j < k + 100_000; j += 1) {
    term *= lambda / j;
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return clampScore(-(lnFirst + Math.log(sum)) / Math.LN10);
}

/** ln erfc(z) for z ≥ 0 (Numerical Recipes' erfcc: relative error under 1.2e-7 everywhere). */
function lnErfc(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) + poly;
}

/** −log₁₀ of the upper tail of χ²(1) at `g2`, halved for a one-sided question. */
export function chiSquare1OneSidedScore(g2: number): number {
  if (!(g2 > 0)) return 0;
  return clampScore(-(Math.log(0.5) + lnErfc(Math.sqrt(g2 / 2))) / Math.LN10);
}

const xlnx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/**
 * Dunning's log-likelihood ratio G² (Computational Linguistics 19(1), 1993) of a 2×2 table: `a`
 * of `n` documents in the window contain the phrase, `b` of `m` in the baseline (decayed counts
 * may be fractional). It accounts for how little the baseline knows of a rare phrase, which a
 * Poisson test against a point estimate does not. 0 unless the window's rate is the higher.
 */
export function logLikelihoodRatio(a: number, n: number, b: number, m: number): number {
  if (n <= 0 || m <= 0 || a / n <= b / m) return 0;
  const c = n - a;
  const d = m - b;
  const g2 =
    2 *
    (xlnx(a) +
      xlnx(b) +
      xlnx(c) +
      xlnx(d) +
      xlnx(n + m) -
      xlnx(a + b) -
      xlnx(c + d) -
      xlnx(n) -
      xlnx(m));
  return g2 > 0 ? g2 : 0;
}

export function clampScore(score: number): number {
  if (!(score > 0)) return 0;
  return score > MAX_SCORE ? MAX_SCORE : score;
}

/** Rounds for the findings' figures: equal inputs give equal outputs in both detector paths. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
