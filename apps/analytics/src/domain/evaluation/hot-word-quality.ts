import type { CompiledAnalyticsPolicy } from '../analytics-policy';
import type { ClosedWindow } from '../findings';
import { FindingsDetector } from '../findings.detector';
import type { InjectedPhrase, SyntheticCorpus } from './synthetic-corpus';

export interface ScoredPhrase extends InjectedPhrase {
  /** Windows from onset to the first window listing it as a hot word; null if none within k. */
  delay: number | null;
}

export interface HotWordQuality {
  phrases: ScoredPhrase[];
  recall: number;
  /** Hot words listed in the top `topN` of the scored windows. */
  listed: number;
  /** Those that are an injected phrase active in that window (a part of one does not count). */
  trueListed: number;
  precision: number;
  /** Listed words that are no injected phrase, per scored window. */
  falsePerWindow: number;
  /** Phrase topics detected for an active injected phrase, and for anything else. */
  topics: { injected: number; other: number };
}

/** Feeds the corpus to the incremental detector, as the service will, and keeps every closed window. */
export function runCorpus(
  corpus: SyntheticCorpus,
  policy: CompiledAnalyticsPolicy,
): ClosedWindow[] {
  const detector = new FindingsDetector(policy);
  const closed: ClosedWindow[] = [];
  for (const o of corpus.observations) closed.push(...detector.observe(o).closed);
  const end = new Date(
    Date.parse(corpus.observations.at(-1)?.at ?? '1970-01-01T00:00:00Z') + 2 * 86_400_000,
  );
  closed.push(...detector.advanceTo(end.toISOString()));
  return closed;
}

/**
 * Recall of the injected phrases (listed as a hot word, exactly, within `k` windows of onset)
 * and precision of the top `topN` hot words of every scored window.
 */
export function scoreHotWords(
  corpus: SyntheticCorpus,
  closed: readonly ClosedWindow[],
  k: number,
  topN: number,
): HotWordQuality {
  const at = (w: ClosedWindow) => w.window.index - corpus.firstWindow;
  const active = (phrase: string, t: number) =>
    corpus.injected.some((x) => x.phrase === phrase && t >= x.onset && t < x.onset + x.length);
  let listed = 0;
  let trueListed = 0;
  let scored = 0;
  const topics = { injected: 0, other: 0 };
  for (const w of closed) {
    const t = at(w);
    if (t < corpus.scoredFrom || t >= corpus.windows) continue;
    scored += 1;
    for (const h of w.hotWords.slice(0, topN)) {
      listed += 1;
      if (active(h.phrase, t)) trueListed += 1;
    }
    for (const f of w.findings) {
      if (f.type === 'HotTopicDetected' && f.data.kind === 'phrase') {
        if (active(f.data.key, t)) topics.injected += 1;
        else topics.other += 1;
      }
    }
  }
  const phrases = corpus.injected.map((x) => {
    const hit = closed.find(
      (w) =>
        at(w) >= x.onset && at(w) < x.onset + k && w.hotWords.some((h) => h.phrase === x.phrase),
    );
    return { ...x, delay: hit === undefined ? null : at(hit) - x.onset };
  });
  const found = phrases.filter((p) => p.delay !== null).length;
  return {
    phrases,
    recall: phrases.length === 0 ? 1 : found / phrases.length,
    listed,
    trueListed,
    precision: listed === 0 ? 1 : trueListed / listed,
    falsePerWindow: scored === 0 ? 0 : (listed - trueListed) / scored,
    topics,
  };
}
