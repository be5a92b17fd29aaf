import { DIMENSIONS, type Dimension } from '../analytics-policy';
import type { WindowRecord } from '../findings';
import { NO_PHRASES } from '../hot-words.detector';
import { WindowClock } from '../windows';
import { Random } from './random';

/** A surge put into a series: from `onset` for `length` windows, `multiplier` × the usual rate. */
export interface InjectedSurge {
  onset: number;
  length: number;
  multiplier: number;
}

export interface SyntheticSeries {
  dimension: Dimension;
  value: string;
  /** Mean complaints per window before weekday and trend. */
  base: number;
  surges: InjectedSurge[];
  /** Counts per window, from the history's first window. */
  counts: Int32Array;
}

export interface SyntheticHistory {
  seed: number;
  firstWindow: number;
  windows: number;
  /** Windows before this one are warm-up: no surge is injected and none is scored. */
  scoredFrom: number;
  series: SyntheticSeries[];
}

export interface SurgeHistoryOptions {
  seriesPerDimension: number;
  windows: number;
  warmUp: number;
  /** Share of series without any surge. */
  quietShare: number;
  multipliers: readonly number[];
  lengths: readonly number[];
  baseMin: number;
  baseMax: number;
  /**
   * Coefficient of variation of a day-to-day multiplier of each value's rate: 0 is pure Poisson
   * noise; above it counts are overdispersed (negative binomial), as real ones usually are.
   */
  dispersion: number;
}

export const SURGE_HISTORY_DEFAULTS: SurgeHistoryOptions = {
  seriesPerDimension: 60,
  windows: 210,
  warmUp: 35,
  quietShare: 1 / 3,
  multipliers: [1.5, 2, 3, 5, 8],
  lengths: [1, 2, 3, 5, 10],
  baseMin: 0.5,
  baseMax: 50,
  dispersion: 0,
};

/** Monday 5 January 2026 in China Standard Time. */
const FIRST_WINDOW = new WindowClock(480).indexOf(Date.parse('2026-01-05T00:00:00+08:00'));

/** Busy on weekdays, quiet at weekends: what a hotline sees. */
const WEEKDAYS = [1.2, 1.15, 1.1, 1.05, 1.0, 0.8, 0.7];
/** Busiest at weekends: what a store sees. */
const WEEKENDS = [0.85, 0.85, 0.9, 0.95, 1.05, 1.2, 1.2];

/**
 * Daily counts of many values of every dimension with known surges: Poisson noise (optionally
 * overdispersed, `dispersion`) around a base rate (log-uniform, 0.5–50 a day), a weekly cycle (weekday-heavy, or for one value in five
 * weekend-heavy, each value's cycle jittered), a slow trend for some (±25 % over the history),
 * and for two thirds of the values one or two surges of a chosen size and length, at least 30
 * windows apart. The same seed gives the same history.
 */
export function generateSurgeHistory(
  seed: number,
  options: Partial<SurgeHistoryOptions> = {},
): SyntheticHistory {
  const o = { ...SURGE_HISTORY_DEFAULTS, ...options };
  const rng = new Random(seed);
  const series: SyntheticSeries[] = [];
  for (const dimension of DIMENSIONS) {
    for (let i = 0; i < o.seriesPerDimension; i += 1) {
      const base = rng.logUniform(o.baseMin, o.baseMax);
      const cycle = (rng.chance(0.2) ? WEEKENDS : WEEKDAYS).map(
        (f) => f * (0.9 + 0.2 * rng.next()),
      );
      const mean = cycle.reduce((a, b) => a + b, 0) / 7;
      const trendEnd = rng.chance(0.3) ? 0.75 + 0.5 * rng.next() : 1;
      const surges: InjectedSurge[] = [];
      if (!rng.chance(o.quietShare)) {
        const count = rng.chance(0.5) ? 2 : 1;
        let earliest = o.warmUp;
        for (let s = 0; s < count; s += 1) {
          const length = rng.pick(o.lengths);
          const latest = o.windows - length - 5;
          if (earliest > latest) break;
          const onset = rng.int(earliest, Math.min(latest, earliest + 80));
          surges.push({ onset, length, multiplier: rng.pick(o.multipliers) });
          earliest = onset + length + 30;
        }
      }
      const counts = new Int32Array(o.windows);
      for (let t = 0; t < o.windows; t += 1) {
        const weekday = WindowClock.weekday(FIRST_WINDOW + t);
        let rate = (base * (cycle[weekday] ?? 1)) / mean;
        rate *= 1 + ((trendEnd - 1) * t) / o.windows;
        for (const s of surges) if (t >= s.onset && t < s.onset + s.length) rate *= s.multiplier;
        counts[t] = rng.poisson(rate * rng.gammaMeanOne(o.dispersion));
      }
      series.push({ dimension, value: `${dimension}-${seed}-${i}`, base, surges, counts });
    }
  }
  return { seed, firstWindow: FIRST_WINDOW, windows: o.windows, scoredFrom: o.warmUp, series };
}

/**
 * The history as the window records the detectors close: each series as a dimension's value, or
 * with `asSubjects` as a product subject (`product:<value>`) for the hot-topic test.
 */
export function surgeRecords(
  history: SyntheticHistory,
  { asSubjects = false } = {},
  clock = new WindowClock(480),
): WindowRecord[] {
  const records: WindowRecord[] = [];
  for (let t = 0; t < history.windows; t += 1) {
    const index = history.firstWindow + t;
    const b = clock.bounds(index);
    const dimensions: WindowRecord['dimensions'] = {};
    const subjects: WindowRecord['subjects'] = [];
    let observations = 0;
    for (const s of history.series) {
      const count = s.counts[t] ?? 0;
      if (count === 0) continue;
      if (asSubjects) subjects.push([`product:${s.value}`, count]);
      else (dimensions[s.dimension] ??= []).push([s.value, count]);
      observations += count;
    }
    records.push({
      index,
      start: b.start,
      end: b.end,
      observations,
      documents: 0,
      dimensions,
      subjects,
      phrases: NO_PHRASES,
    });
  }
  return records;
}
