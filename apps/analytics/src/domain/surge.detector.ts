import type { SurgeTest } from './analytics-policy';
import { poissonUpperScore } from './statistics';
import { WindowClock } from './windows';

/**
 * What the surge test says about one value (a dimension value or a subject) when a window
 * closes: it surged (`raised`, once per episode) or, after `coolAfterWindows` windows without a
 * surge, it went quiet again (`cooled`).
 */
export interface SurgeSignal {
  key: string;
  kind: 'raised' | 'cooled';
  /** The window whose close gave the signal. */
  window: number;
  /** The window the episode was raised in: with the key, it names the episode. */
  raisedIn: number;
  /** Raised: the first of the scanned windows that made the strongest case. */
  firstWindow: number;
  observed: number;
  expected: number;
  score: number;
  /** Raised, when the caller tracks them: the complaints of the scanned windows. */
  members?: string[];
}

interface Series {
  /** Counts of the last `baseline + scan` windows, at `window mod length`. */
  readonly counts: Int32Array;
  /** Complaint ids of the last `scan` windows, when tracked. */
  readonly ids: Array<string[] | undefined>;
  ringSum: number;
  lastWindow: number;
  raisedIn: number;
  /** While raised: the first window of the episode's scan. */
  episodeStart: number;
  quietRun: number;
}

const QUIET = -1;

/**
 * The surge test of one family of count series (one dimension, or the hot-topic subjects), one
 * window at a time, each value against its own trailing baseline. It never reads a window later
 * than the one closing: a finding for window W depends on windows ≤ W only.
 *
 * The test, after the CDC's Early Aberration Reporting System (Hutwagner et al., "The
 * bioterrorism preparedness and response Early Aberration Reporting System (EARS)", J Urban
 * Health 80, 2003: C1–C3 compare today with a trailing mean, C2/C3 with a guard band) and the
 * Poisson outbreak test of Farrington et al. (JRSS A 159, 1996):
 * - expectation: the value's mean over `baselineWindows` windows ending before the scanned ones
 *   (the guard band: a surge does not raise its own baseline before it is seen), times a weekday
 *   factor — the value's own weekday profile shrunk towards its family's by `weekdayPseudoCount`,
 *   since complaint volumes have a strong weekly cycle and a low-volume value cannot estimate its
 *   own; never below `expectedFloor`;
 * - evidence: a one-sided Poisson test of the count summed over the last 1 … `scanWindows`
 *   windows against the summed expectation (a time-only scan statistic as in Kulldorff's
 *   prospective scan, Bonferroni-corrected for the lengths tried): one day catches a spike, three
 *   catch a doubling that one day of a few complaints cannot show;
 * - dispersion: the test is scaled by the baseline's overdispersion (quasi-Poisson, below);
 * - practical size: at least `minCount` complaints and `minRatio` × the expectation, and the
 *   closing window itself above its expectation (a surge already over is not raised late);
 * - state: raised once per episode; a raised value keeps its episode out of its baseline and
 *   cools after `coolAfterWindows` windows whose own test falls under `continueScore`.
 * Poisson rather than EWMA control limits: counts per value per day are small (often 0–5), where
 * the normal approximation behind EWMA limits is poor and the exact Poisson tail is cheap.
 */
export class SurgeFamily {
  private readonly series = new Map<string, Series>();
  private readonly length: number;
  private readonly totals: Float64Array;
  private windowsSeen = 0;

  constructor(private readonly test: SurgeTest) {
    this.length = test.baselineWindows + test.scanWindows;
    this.totals = new Float64Array(this.length);
  }

  /** Values followed (with a count in the kept history, or raised). */
  get size(): number {
    return this.series.size;
  }

  /**
   * Closes window `window` (the next after the last closed) with its counts; `members` gives the
   * complaint ids of a value in this window when the caller tracks them.
   */
  close(
    window: number,
    counts: Iterable<readonly [string, number]>,
    members?: (key: string) => string[] | undefined,
  ): SurgeSignal[] {
    const { test } = this;
    const L = this.length;
    const pos = mod(window, L);
    this.windowsSeen += 1;
    let total = 0;
    for (const [key, count] of counts) {
      let s = this.series.get(key);
      if (s === undefined) {
        s = {
          counts: new Int32Array(L),
          ids: new Array<string[] | undefined>(test.scanWindows),
          ringSum: 0,
          lastWindow: window,
          raisedIn: QUIET,
          episodeStart: QUIET,
          quietRun: 0,
        };
        this.series.set(key, s);
      }
      s.ringSum += count - (s.counts[pos] ?? 0);
      s.counts[pos] = count;
      s.lastWindow = window;
      total += count;
    }
    this.totals[pos] = total;

    const baselineLength = Math.min(test.baselineWindows, this.windowsSeen - test.scanWindows);
    const testable = baselineLength >= test.minBaselineWindows;
    const familyProfile = testable ? this.weekdayProfile(window, baselineLength) : null;
    const signals: SurgeSignal[] = [];
    for (const [key, s] of this.series) {
      if (s.lastWindow !== window) {
        s.ringSum -= s.counts[pos] ?? 0;
        s.counts[pos] = 0;
      }
      if (members !== undefined) {
        s.ids[mod(window, test.scanWindows)] = s.lastWindow === window ? members(key) : undefined;
      }
      if (familyProfile !== null) {
        const signal = this.evaluate(key, s, window, baselineLength, familyProfile, members);
        if (signal !== null) signals.push(signal);
      }
      if (s.ringSum === 0 && s.raisedIn === QUIET) this.series.delete(key);
    }
    return signals;
  }

  /** The family's weekday factors over the baseline windows (1 each when it has no data). */
  private weekdayProfile(window: number, n: number): Float64Array {
    const sums = new Float64Array(7);
    const days = new Float64Array(7);
    const first = window - this.test.scanWindows - n + 1;
    let total = 0;
    for (let w = first; w < first + n; w += 1) {
      const d = WindowClock.weekday(w);
      const count = this.totals[mod(w, this.length)] ?? 0;
      sums[d] = (sums[d] ?? 0) + count;
      days[d] = (days[d] ?? 0) + 1;
      total += count;
    }
    const profile = new Float64Array(7).fill(1);
    if (total <= 0) return profile;
    const mean = total / n;
    for (let d = 0; d < 7; d += 1) {
      const k = days[d] ?? 0;
      if (k > 0) profile[d] = (sums[d] ?? 0) / k / mean;
    }
    return profile;
  }

  private evaluate(
    key: string,
    s: Series,
    window: number,
    n: number,
    family: Float64Array,
    members?: (key: string) => string[] | undefined,
  ): SurgeSignal | null {
    const { test } = this;
    const L = this.length;
    const M = test.scanWindows;
    const first = window - M - n + 1;
    // A surge must not become its own baseline while it lasts (Farrington et al. leave past
    // outbreaks out): a raised value's baseline stops where its episode began — unless too
    // little is left, when the surge has lasted long enough to be the new normal.
    let end = first + n;
    if (s.raisedIn !== QUIET && s.episodeStart - first >= test.minBaselineWindows) {
      end = Math.min(end, s.episodeStart);
    }
    const used = end - first;
    const sums = [0, 0, 0, 0, 0, 0, 0];
    const days = [0, 0, 0, 0, 0, 0, 0];
    let sum = 0;
    for (let w = first; w < end; w += 1) {
      const d = WindowClock.weekday(w);
      const count = s.counts[mod(w, L)] ?? 0;
      sums[d] = (sums[d] ?? 0) + count;
      days[d] = (days[d] ?? 0) + 1;
      sum += count;
    }
    const mean = sum / used;
    const kappa = test.weekdayPseudoCount;
    const factor = [1, 1, 1, 1, 1, 1, 1];
    let norm = 0;
    for (let d = 0; d < 7; d += 1) {
      const f = family[d] ?? 1;
      const denominator = mean * (days[d] ?? 0) + kappa;
      const own = denominator > 0 ? ((sums[d] ?? 0) + kappa * f) / denominator : f;
      factor[d] = own;
      norm += (days[d] ?? 0) * own;
    }
    norm = norm > 0 ? norm / used : 1;
    const expectedIn = (w: number): number =>
      Math.max(test.expectedFloor, (mean * (factor[WindowClock.weekday(w)] ?? 1)) / norm);

    // Farrington's quasi-Poisson dispersion φ (Farrington et al. 1996; Noufaily et al., Stat Med
    // 32, 2013): the baseline's Pearson χ² over its degrees of freedom, at least 1. Counts are
    // tested as count/φ against expectation/φ, so a value whose days vary more than Poisson
    // noise needs a proportionally larger jump.
    let phi = 1;
    if (test.estimateDispersion && used > 1) {
      let chi2 = 0;
      for (let w = first; w < end; w += 1) {
        const e = expectedIn(w);
        const d = (s.counts[mod(w, L)] ?? 0) - e;
        chi2 += (d * d) / e;
      }
      phi = Math.max(1, chi2 / (used - 1));
    }

    const latest = s.counts[mod(window, L)] ?? 0;
    const latestExpected = expectedIn(window);
    if (s.raisedIn !== QUIET) {
      const surging =
        latest > latestExpected &&
        poissonUpperScore(latest / phi, latestExpected / phi) >= test.continueScore;
      s.quietRun = surging ? 0 : s.quietRun + 1;
      if (s.quietRun < test.coolAfterWindows) return null;
      const raisedIn = s.raisedIn;
      s.raisedIn = QUIET;
      s.quietRun = 0;
      return {
        key,
        kind: 'cooled',
        window,
        raisedIn,
        firstWindow: window,
        observed: latest,
        expected: latestExpected,
        score: 0,
      };
    }

    if (latest <= latestExpected) return null;
    let observed = 0;
    let expected = 0;
    let best = { score: 0, observed: 0, expected: 0, m: 1 };
    for (let m = 1; m <= M; m += 1) {
      const w = window - m + 1;
      observed += s.counts[mod(w, L)] ?? 0;
      expected += expectedIn(w);
      const score = poissonUpperScore(observed / phi, expected / phi);
      if (score > best.score) best = { score, observed, expected, m };
    }
    const score = best.score - Math.log10(M);
    if (
      score < test.raiseScore ||
      best.observed < test.minCount ||
      best.observed < test.minRatio * best.expected
    ) {
      return null;
    }
    s.raisedIn = window;
    s.episodeStart = window - best.m + 1;
    s.quietRun = 0;
    const signal: SurgeSignal = {
      key,
      kind: 'raised',
      window,
      raisedIn: window,
      firstWindow: s.episodeStart,
      observed: best.observed,
      expected: best.expected,
      score,
    };
    if (members !== undefined) {
      const ids: string[] = [];
      for (let w = s.episodeStart; w <= window; w += 1) ids.push(...(s.ids[mod(w, M)] ?? []));
      signal.members = ids;
    }
    return signal;
  }
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
