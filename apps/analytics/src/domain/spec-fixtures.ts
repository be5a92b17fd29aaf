import {
  compileAnalyticsPolicy,
  DEFAULT_ANALYTICS_POLICY,
  type AnalyticsPolicy,
  type CompiledAnalyticsPolicy,
} from './analytics-policy';
import { Random } from './evaluation/random';
import type { ClosedWindow, ComplaintObservation } from './findings';
import { FindingsDetector } from './findings.detector';
import { WindowClock } from './windows';

/** Shared by the domain's specs: the default policy, Shanghai days, seeded noise. */
export const policy: CompiledAnalyticsPolicy = compileAnalyticsPolicy(DEFAULT_ANALYTICS_POLICY);

export function policyWith(change: (p: AnalyticsPolicy) => void): CompiledAnalyticsPolicy {
  const copy = structuredClone(DEFAULT_ANALYTICS_POLICY);
  change(copy);
  return compileAnalyticsPolicy(copy);
}

export const clock = new WindowClock(480);

/** An instant written as Shanghai wall time: `at('2026-03-09 10:00')`. */
export function at(local: string): string {
  return new Date(
    `${local.replace(' ', 'T')}${local.length <= 16 ? ':00' : ''}+08:00`,
  ).toISOString();
}

/** Monday 5 January 2026, the specs' first day. */
export const DAY0 = clock.indexOf(Date.parse(at('2026-01-05 00:00')));

/** The instant `hours` after midnight of day `day` (0 = DAY0) in Shanghai. */
export function onDay(day: number, hours = 10): string {
  return new Date(clock.startMs(DAY0 + day) + hours * 3_600_000).toISOString();
}

/** `n` Poisson counts of mean `lambda` from a fixed seed. */
export function noise(seed: number, n: number, lambda: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => rng.poisson(lambda));
}

let serial = 0;
/** A unique complaint id for a spec's observations. */
export function complaintId(): string {
  serial += 1;
  return `c-${String(serial).padStart(6, '0')}`;
}

/** `counts[d]` observations of `fields` on day d (spread over the day), in time order. */
export function daily(
  counts: readonly number[],
  fields: (day: number, i: number) => Omit<ComplaintObservation, 'complaintId' | 'at'>,
): ComplaintObservation[] {
  const out: ComplaintObservation[] = [];
  counts.forEach((n, day) => {
    for (let i = 0; i < n; i += 1) {
      out.push({
        complaintId: complaintId(),
        at: onDay(day, 8 + (12 * i) / Math.max(n, 1)),
        ...fields(day, i),
      });
    }
  });
  return out;
}

/** Merges observation lists into one in event-time order. */
export function inTimeOrder(...lists: ComplaintObservation[][]): ComplaintObservation[] {
  return lists.flat().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Feeds every observation, then moves event time to `until` (default: after the last day). */
export function run(
  observations: readonly ComplaintObservation[],
  compiled: CompiledAnalyticsPolicy = policy,
  until?: string,
): { detector: FindingsDetector; closed: ClosedWindow[] } {
  const detector = new FindingsDetector(compiled);
  const closed: ClosedWindow[] = [];
  for (const o of observations) closed.push(...detector.observe(o).closed);
  const last = observations.at(-1);
  const end =
    until ??
    (last === undefined ? onDay(0) : new Date(Date.parse(last.at) + 2 * 86_400_000).toISOString());
  closed.push(...detector.advanceTo(end));
  return { detector, closed };
}

/** Day number (0 = DAY0) of a closed window. */
export const dayOf = (w: ClosedWindow): number => w.window.index - DAY0;
