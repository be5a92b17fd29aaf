import { createHash } from 'node:crypto';
import { SUBJECT_TYPES, type SubjectType } from '@redress/contracts';
import type { CompiledAnalyticsPolicy, Dimension, SubjectKind } from './analytics-policy';
import type {
  Finding,
  HotTopicCooledFinding,
  HotTopicFinding,
  HotTopicKind,
  TrendAlertRaisedData,
  WindowFindings,
  WindowRecord,
} from './findings';
import { HotWordDetector, NO_PHRASES, type HotWord, type PhraseScore } from './hot-words.detector';
import { round } from './statistics';
import { SurgeFamily, type SurgeSignal } from './surge.detector';
import { WindowClock } from './windows';

/**
 * Where the complaint ids of a closing window come from, when the caller keeps them. Findings
 * list them sorted, so the order complaints arrived in within a window changes nothing.
 */
export interface MemberSource {
  subject(key: string): string[] | undefined;
  phrase(phrase: string): string[] | undefined;
}

interface PhraseTopic {
  topicId: string;
  quietRun: number;
}

/** `product:<sku>`, `batch:<sku>#<batchNo>`, `store:<purchaseChannel>`. */
export function subjectKey(kind: SubjectKind, value: string): string {
  return `${kind}:${value}`;
}

function splitSubjectKey(key: string): { kind: SubjectKind; value: string } {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as SubjectKind, value: key.slice(colon + 1) };
}

/** Deterministic ids: the same history gives the same ids in a replay or a rebuild. */
function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24)}`;
}

/** A topic's id: its kind, key and the start of the window it was detected in (issue 13). */
export function topicIdOf(kind: HotTopicKind, key: string, windowStart: string): string {
  return stableId('ht', kind, key, windowStart);
}

export function alertIdOf(dimension: Dimension, value: string, windowStart: string): string {
  return stableId('ta', dimension, value, windowStart);
}

/** The single subject type of a bit set over `SUBJECT_TYPES`, else `other`. */
function subjectTypeOf(types: number): SubjectType {
  for (let i = 0; i < SUBJECT_TYPES.length; i += 1) {
    if (types === 1 << i) return SUBJECT_TYPES[i] as SubjectType;
  }
  return 'other';
}

const DIMENSION_ORDER: Record<Dimension, number> = {
  region_category: 0,
  product: 1,
  channel: 2,
  department: 3,
};

/**
 * The detectors' state, advanced one closed window at a time from that window's counts. Both the
 * incremental detector and `findingsAsOf` close windows through this one method, so a finding
 * recomputed from stored counts is the finding that was raised (a spec holds them equal).
 */
export class FindingsEngine {
  private readonly clock: WindowClock;
  private readonly dimensions = new Map<Dimension, SurgeFamily>();
  private readonly subjects: SurgeFamily;
  /** Null when the caller asked for no hot words (nor, then, phrase topics). */
  private readonly words: HotWordDetector | null;
  private readonly phraseTopics = new Map<string, PhraseTopic>();
  private next: number | null = null;

  constructor(
    private readonly compiled: CompiledAnalyticsPolicy,
    { hotWords = true }: { hotWords?: boolean } = {},
  ) {
    const { policy } = compiled;
    this.clock = new WindowClock(policy.windows.utcOffsetMinutes);
    for (const d of policy.surges.dimensions) {
      this.dimensions.set(d, new SurgeFamily(policy.surges.test));
    }
    this.subjects = new SurgeFamily(policy.hotTopics.subjects.test);
    this.words = hotWords ? new HotWordDetector(policy.hotWords, compiled.hotWordDecay) : null;
  }

  /** The next window to close; null before the first. */
  get nextWindow(): number | null {
    return this.next;
  }

  /** How many values, subjects and phrases the state holds (memory grows with these). */
  get sizes(): { series: number; subjects: number; phrases: number; phraseTopics: number } {
    let series = 0;
    for (const f of this.dimensions.values()) series += f.size;
    return {
      series,
      subjects: this.subjects.size,
      phrases: this.words?.size ?? 0,
      phraseTopics: this.phraseTopics.size,
    };
  }

  /** An empty record for a window nothing was observed in. */
  emptyRecord(index: number): WindowRecord {
    const b = this.clock.bounds(index);
    return {
      index,
      start: b.start,
      end: b.end,
      observations: 0,
      documents: 0,
      dimensions: {},
      subjects: [],
      phrases: NO_PHRASES,
    };
  }

  close(record: WindowRecord, members?: MemberSource): WindowFindings {
    if (this.next !== null && record.index !== this.next) {
      throw new RangeError(`window ${record.index} closed out of order: ${this.next} is next`);
    }
    const w = record.index;
    this.next = w + 1;
    const bounds = this.clock.bounds(w);
    const alerts: TrendAlertRaisedData[] = [];
    for (const [dimension, family] of this.dimensions) {
      for (const signal of family.close(w, record.dimensions[dimension] ?? [])) {
        if (signal.kind === 'raised') alerts.push(this.trendAlert(dimension, signal, bounds.end));
      }
    }
    const detected: HotTopicFinding[] = [];
    const cooled: HotTopicCooledFinding[] = [];
    const subjectMembers = members && ((key: string) => members.subject(key));
    for (const signal of this.subjects.close(w, record.subjects, subjectMembers)) {
      const { kind, value } = splitSubjectKey(signal.key);
      if (signal.kind === 'raised') {
        detected.push(this.subjectTopic(kind, value, signal));
      } else {
        cooled.push(this.cooledTopic(kind, value, signal.raisedIn, bounds.end));
      }
    }

    let hot: HotWord[] = [];
    if (this.words !== null) {
      const watched = [...this.phraseTopics.keys()];
      const words = this.words.close(w, record.phrases, record.documents, watched);
      this.phraseTopicsAfter(w, words.hot, words.watched, detected, cooled, members);
      hot = words.hot;
    }

    alerts.sort(
      (a, b) =>
        DIMENSION_ORDER[a.dimension] - DIMENSION_ORDER[b.dimension] || compare(a.value, b.value),
    );
    const byKindAndKey = (
      a: HotTopicFinding | HotTopicCooledFinding,
      b: HotTopicFinding | HotTopicCooledFinding,
    ) => compare(a.kind, b.kind) || compare(a.key, b.key);
    detected.sort(byKindAndKey);
    cooled.sort(byKindAndKey);
    const findings: Finding[] = [
      ...alerts.map((data) => ({ type: 'TrendAlertRaised' as const, data })),
      ...detected.map((data) => ({ type: 'HotTopicDetected' as const, data })),
      ...cooled.map((data) => ({ type: 'HotTopicCooled' as const, data })),
    ];
    return {
      window: bounds,
      findings,
      hotWords: hot.map((h) => roundWord(h)),
    };
  }

  private trendAlert(dimension: Dimension, s: SurgeSignal, raisedAt: string): TrendAlertRaisedData {
    return {
      alertId: alertIdOf(dimension, s.key, this.clock.bounds(s.raisedIn).start),
      raisedAt,
      dimension,
      value: s.key,
      window: this.clock.span(s.firstWindow, s.window),
      observed: s.observed,
      expected: round(s.expected, 3),
      score: round(s.score, 2),
    };
  }

  private subjectTopic(kind: SubjectKind, value: string, s: SurgeSignal): HotTopicFinding {
    const detectedIn = this.clock.bounds(s.window);
    const topic: HotTopicFinding = {
      topicId: topicIdOf(kind, value, detectedIn.start),
      detectedAt: detectedIn.end,
      // DOMAIN §1: batch and purchase channel are a product complaint's details.
      subjectType: 'product',
      complaintCount: s.observed,
      kind,
      key: value,
      window: this.clock.span(s.firstWindow, s.window),
      observed: s.observed,
      expected: round(s.expected, 3),
      score: round(s.score, 2),
    };
    if (kind === 'product') topic.productSku = value;
    if (kind === 'batch') {
      const sku = value.slice(0, value.lastIndexOf('#'));
      if (sku !== '') topic.productSku = sku;
    }
    if (s.members !== undefined) topic.members = [...s.members].sort();
    return topic;
  }

  private cooledTopic(
    kind: HotTopicKind,
    key: string,
    raisedIn: number,
    at: string,
  ): HotTopicCooledFinding {
    return {
      topicId: topicIdOf(kind, key, this.clock.bounds(raisedIn).start),
      cooledAt: at,
      kind,
      key,
    };
  }

  /**
   * A hot word in complaints about `minSubjects` distinct subjects is a topic spreading across
   * subjects; it cools after `coolAfterWindows` windows in which the phrase is no longer hot.
   */
  private phraseTopicsAfter(
    w: number,
    hot: HotWord[],
    scores: Map<string, PhraseScore>,
    detected: HotTopicFinding[],
    cooled: HotTopicCooledFinding[],
    members?: MemberSource,
  ): void {
    const rules = this.compiled.policy.hotTopics.phrases;
    const bounds = this.clock.bounds(w);
    const hotNow = new Set(hot.map((h) => h.phrase));
    for (const [phrase, topic] of [...this.phraseTopics]) {
      const s = scores.get(phrase);
      const surging =
        hotNow.has(phrase) ||
        (s !== undefined && s.observed > s.expected && s.score >= rules.continueScore);
      topic.quietRun = surging ? 0 : topic.quietRun + 1;
      if (topic.quietRun >= rules.coolAfterWindows) {
        this.phraseTopics.delete(phrase);
        cooled.push({ topicId: topic.topicId, cooledAt: bounds.end, kind: 'phrase', key: phrase });
      }
    }
    for (const word of hot) {
      if (word.subjects < rules.minSubjects || this.phraseTopics.has(word.phrase)) continue;
      const topicId = topicIdOf('phrase', word.phrase, bounds.start);
      this.phraseTopics.set(word.phrase, { topicId, quietRun: 0 });
      const topic: HotTopicFinding = {
        topicId,
        detectedAt: bounds.end,
        subjectType: subjectTypeOf(word.types),
        complaintCount: word.observed,
        kind: 'phrase',
        key: word.phrase,
        window: { start: bounds.start, end: bounds.end },
        observed: word.observed,
        expected: round(word.expected, 3),
        score: round(word.score, 2),
      };
      const ids = members?.phrase(word.phrase);
      if (ids !== undefined) topic.members = [...ids].sort();
      detected.push(topic);
    }
  }
}

function roundWord(h: HotWord): HotWord {
  return { ...h, expected: round(h.expected, 3), score: round(h.score, 2) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
