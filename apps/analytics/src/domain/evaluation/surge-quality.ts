import type { CompiledAnalyticsPolicy } from '../analytics-policy';
import { FindingsEngine } from '../findings.engine';
import type { WindowFindings, WindowRecord } from '../findings';
import { surgeRecords, type InjectedSurge, type SyntheticHistory } from './synthetic-history';

/** An alert located in the history: the window (from the first) whose close raised it. */
export interface LocatedAlert {
  dimension: string;
  value: string;
  window: number;
}

export interface ScoredSurge extends InjectedSurge {
  base: number;
  /** Windows from onset to the alert (0: raised when the onset window closed); null if none in time. */
  delay: number | null;
}

export interface SurgeQuality {
  surges: ScoredSurge[];
  detected: number;
  recall: number;
  /** Alerts outside every injected surge (and its `k` windows after). */
  falseAlerts: number;
  /** Scored windows of all series outside every injected surge and its `k` windows after. */
  quietWindows: number;
  falseAlertsPer1000: number;
  medianDelay: number | null;
}

/** Closes every record through the engine, as the detectors would have, and keeps the findings. */
export function closeAll(
  records: Iterable<WindowRecord>,
  policy: CompiledAnalyticsPolicy,
): WindowFindings[] {
  const engine = new FindingsEngine(policy);
  const out: WindowFindings[] = [];
  for (const r of records) out.push(engine.close(r));
  return out;
}

/** The surges the detectors raised: trend alerts, or (`topics`) product hot topics. */
export function alertsOf(
  history: SyntheticHistory,
  closes: WindowFindings[],
  { topics = false } = {},
): LocatedAlert[] {
  const alerts: LocatedAlert[] = [];
  for (const c of closes) {
    const window = c.window.index - history.firstWindow;
    for (const f of c.findings) {
      if (!topics && f.type === 'TrendAlertRaised') {
        alerts.push({ dimension: f.data.dimension, value: f.data.value, window });
      }
      if (topics && f.type === 'HotTopicDetected' && f.data.kind === 'product') {
        alerts.push({ dimension: 'product', value: f.data.key, window });
      }
    }
  }
  return alerts;
}

/**
 * Recall of the injected surges within `k` windows of onset (an alert at onset … onset + k − 1),
 * false alerts per 1,000 quiet series-windows, and the median delay of those detected.
 */
export function scoreSurges(
  history: SyntheticHistory,
  alerts: readonly LocatedAlert[],
  k: number,
): SurgeQuality {
  // Values name their dimension (`product-7-12`), so the value alone finds the series.
  const byValue = new Map<string, number[]>();
  for (const a of alerts) byValue.set(a.value, [...(byValue.get(a.value) ?? []), a.window]);
  const surges: ScoredSurge[] = [];
  let falseAlerts = 0;
  let quietWindows = 0;
  for (const s of history.series) {
    const raised = byValue.get(s.value) ?? [];
    const inSurge = (w: number) => s.surges.some((x) => w >= x.onset && w < x.onset + x.length + k);
    for (let w = history.scoredFrom; w < history.windows; w += 1)
      if (!inSurge(w)) quietWindows += 1;
    falseAlerts += raised.filter((w) => w >= history.scoredFrom && !inSurge(w)).length;
    for (const x of s.surges) {
      const hit = raised.find((w) => w >= x.onset && w < x.onset + k);
      surges.push({ ...x, base: s.base, delay: hit === undefined ? null : hit - x.onset });
    }
  }
  const delays = surges.flatMap((s) => (s.delay === null ? [] : [s.delay])).sort((a, b) => a - b);
  const detected = delays.length;
  return {
    surges,
    detected,
    recall: surges.length === 0 ? 1 : detected / surges.length,
    falseAlerts,
    quietWindows,
    falseAlertsPer1000: quietWindows === 0 ? 0 : (1000 * falseAlerts) / quietWindows,
    medianDelay: detected === 0 ? null : median(delays),
  };
}

/** Recall of the surges that `include` selects. */
export function recallOf(
  quality: SurgeQuality,
  include: (s: ScoredSurge) => boolean,
): { surges: number; detected: number; recall: number } {
  const chosen = quality.surges.filter(include);
  const detected = chosen.filter((s) => s.delay !== null).length;
  return {
    surges: chosen.length,
    detected,
    recall: chosen.length === 0 ? 1 : detected / chosen.length,
  };
}

/** The quality over several seeds, pooled: of trend alerts, or (`topics`) of product hot topics. */
export function evaluateSurgeSeeds(
  histories: readonly SyntheticHistory[],
  policy: CompiledAnalyticsPolicy,
  k: number,
  { topics = false } = {},
): SurgeQuality {
  const parts = histories.map((h) =>
    scoreSurges(
      h,
      alertsOf(h, closeAll(surgeRecords(h, { asSubjects: topics }), policy), { topics }),
      k,
    ),
  );
  const surges = parts.flatMap((p) => p.surges);
  const falseAlerts = parts.reduce((a, p) => a + p.falseAlerts, 0);
  const quietWindows = parts.reduce((a, p) => a + p.quietWindows, 0);
  const delays = surges.flatMap((s) => (s.delay === null ? [] : [s.delay])).sort((a, b) => a - b);
  return {
    surges,
    detected: delays.length,
    recall: surges.length === 0 ? 1 : delays.length / surges.length,
    falseAlerts,
    quietWindows,
    falseAlertsPer1000: quietWindows === 0 ? 0 : (1000 * falseAlerts) / quietWindows,
    medianDelay: delays.length === 0 ? null : median(delays),
  };
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? 0) + hi) / 2;
}
