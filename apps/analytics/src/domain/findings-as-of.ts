import type { CompiledAnalyticsPolicy } from './analytics-policy';
import { InvalidFindingsQuery } from './errors';
import type { HotTopicFinding, TrendAlertRaisedData, WindowRecord } from './findings';
import { FindingsEngine } from './findings.engine';
import type { HotWord } from './hot-words.detector';
import type { PhraseLanguage } from './text-phrases';
import { instantMs, type WindowBounds } from './windows';

/** "The findings as of `asOf` for the period [`from`, `to`)" (ISO instants). */
export interface FindingsQuery {
  asOf: string;
  from: string;
  to: string;
  /**
   * False to leave out hot words and the phrase topics that come from them: trend alerts and
   * subjects' topics then take a fraction of the time (hot words are most of the work).
   */
  hotWords?: boolean;
}

export interface HotTopicAsOf {
  topic: HotTopicFinding;
  /** As of the query's `asOf`: a topic that cooled later is still active here. */
  status: 'active' | 'cooled';
  cooledAt?: string;
}

export interface FindingsAsOf {
  query: FindingsQuery;
  /** The end of the last window closed by `asOf`; null when none was. */
  closedThrough: string | null;
  /** Alerts raised in a window overlapping the period. */
  trendAlerts: TrendAlertRaisedData[];
  /** Topics detected in a window overlapping the period, or still active when it began. */
  hotTopics: HotTopicAsOf[];
  /** Each closed window overlapping the period with its hot words. */
  hotWords: Array<{ window: WindowBounds; words: HotWord[] }>;
}

/**
 * The findings as they stood at `asOf`, recomputed from stored window records (the service keeps
 * every record the detector closed, empty ones included; a missing window counts as empty). Only
 * windows closed by `asOf` (end + allowed lateness) are read, so no finding uses data from its
 * own future, and since it closes windows through the same engine as the incremental detector, a
 * finding here is the one that was raised then — without members, which the counts do not hold.
 * It replays from the first record (the surge state and the hot-word baseline have no horizon):
 * over a year of records that takes seconds, so an API answers from the findings stored as the
 * windows closed — the same findings, by the spec — and this is the reference that recomputes
 * them, e.g. after a policy change.
 */
export function findingsAsOf(
  records: Iterable<WindowRecord>,
  compiled: CompiledAnalyticsPolicy,
  query: FindingsQuery,
): FindingsAsOf {
  const asOf = instantMs(query.asOf);
  const from = instantMs(query.from);
  const to = instantMs(query.to);
  if (Number.isNaN(asOf)) throw new InvalidFindingsQuery('asOf', 'must be an ISO 8601 instant');
  if (Number.isNaN(from)) throw new InvalidFindingsQuery('from', 'must be an ISO 8601 instant');
  if (Number.isNaN(to)) throw new InvalidFindingsQuery('to', 'must be an ISO 8601 instant');
  if (from >= to) throw new InvalidFindingsQuery('to', 'must be later than from');

  const engine = new FindingsEngine(compiled, { hotWords: query.hotWords ?? true });
  const lateness = compiled.allowedLatenessMs;
  const overlaps = (b: WindowBounds) => instantMs(b.start) < to && instantMs(b.end) > from;
  const result: FindingsAsOf = {
    query,
    closedThrough: null,
    trendAlerts: [],
    hotTopics: [],
    hotWords: [],
  };
  const topics = new Map<string, HotTopicAsOf>();
  const cooledBeforePeriod = new Set<string>();

  const closeOne = (record: WindowRecord): boolean => {
    if (instantMs(record.end) + lateness > asOf) return false;
    const found = engine.close(record);
    result.closedThrough = found.window.end;
    const inPeriod = overlaps(found.window);
    for (const f of found.findings) {
      if (f.type === 'TrendAlertRaised') {
        if (inPeriod) result.trendAlerts.push(f.data);
      } else if (f.type === 'HotTopicDetected') {
        if (instantMs(found.window.start) < to) {
          topics.set(f.data.topicId, { topic: f.data, status: 'active' });
        }
      } else {
        const known = topics.get(f.data.topicId);
        if (known === undefined) continue;
        known.status = 'cooled';
        known.cooledAt = f.data.cooledAt;
        if (instantMs(f.data.cooledAt) <= from) cooledBeforePeriod.add(f.data.topicId);
      }
    }
    if (inPeriod) result.hotWords.push({ window: found.window, words: found.hotWords });
    return true;
  };

  let expected: number | null = null;
  for (const record of records) {
    if (expected !== null && record.index < expected) {
      throw new RangeError(`window records out of order at window ${record.index}`);
    }
    let open = true;
    for (let w = expected ?? record.index; w < record.index && open; w += 1) {
      open = closeOne(engine.emptyRecord(w));
    }
    if (!open || !closeOne(record)) break;
    expected = record.index + 1;
  }
  result.hotTopics = [...topics.values()].filter((t) => !cooledBeforePeriod.has(t.topic.topicId));
  return result;
}

/** A phrase's hot windows within a period, for `GET /analytics/hot-words`. */
export interface PeriodHotWord {
  phrase: string;
  language: PhraseLanguage;
  /** Windows in which it was hot. */
  windows: number;
  /** Complaints containing it, summed over those windows. */
  observed: number;
  expected: number;
  maxScore: number;
  firstHotIn: string;
}

/** The period's hot words by phrase, strongest first. */
export function hotWordsOfPeriod(byWindow: FindingsAsOf['hotWords']): PeriodHotWord[] {
  const phrases = new Map<string, PeriodHotWord>();
  for (const { window, words } of byWindow) {
    for (const h of words) {
      const p = phrases.get(h.phrase);
      if (p === undefined) {
        phrases.set(h.phrase, {
          phrase: h.phrase,
          language: h.language,
          windows: 1,
          observed: h.observed,
          expected: h.expected,
          maxScore: h.score,
          firstHotIn: window.start,
        });
      } else {
        p.windows += 1;
        p.observed += h.observed;
        p.expected = Math.round((p.expected + h.expected) * 1000) / 1000;
        p.maxScore = Math.max(p.maxScore, h.score);
      }
    }
  }
  return [...phrases.values()].sort(
    (a, b) => b.maxScore - a.maxScore || (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0),
  );
}
