import type { AnalyticsPolicy } from './analytics-policy';
import { chiSquare1OneSidedScore, logLikelihoodRatio, poissonUpperScore } from './statistics';
import { phraseLanguage, type PhraseExtractor, type PhraseLanguage } from './text-phrases';

/** Distinct subjects remembered per phrase and window: enough for any `minSubjects` (≤ 8). */
export const MAX_SPREAD = 8;

/**
 * The phrases of one window, column by column (one array per figure rather than an object per
 * phrase: a window holds tens of thousands of phrases, most seen once). For each phrase: the
 * complaints containing it, the distinct subjects among them (up to `MAX_SPREAD`) and a bit set
 * of their subject types.
 */
export interface PhraseColumns {
  text: string[];
  documents: number[];
  spread: number[];
  types: number[];
}

/**
 * The phrases of one open window. A complaint repeating a phrase counts once. Adding a complaint
 * costs one map lookup per phrase occurrence and allocates only for a phrase new to the window.
 */
export class PhraseWindow {
  private readonly slots = new Map<string, number>();
  private readonly text: string[] = [];
  private documentCounts = new Int32Array(1024);
  private lastDocument = new Int32Array(1024);
  private typeBits = new Int32Array(1024);
  private readonly firstSubject: Array<string | undefined> = [];
  private readonly otherSubjects: Array<string[] | undefined> = [];
  documents = 0;
  private subject: string | undefined;
  private typeBit = 0;
  private readonly add = (phrase: string): void => {
    const doc = this.documents;
    let i = this.slots.get(phrase);
    if (i === undefined) {
      i = this.text.length;
      if (i === this.documentCounts.length) this.grow();
      this.slots.set(phrase, i);
      this.text.push(phrase);
      this.documentCounts[i] = 1;
      this.lastDocument[i] = doc;
      this.typeBits[i] = this.typeBit;
      this.firstSubject.push(this.subject);
      this.otherSubjects.push(undefined);
      return;
    }
    if (this.lastDocument[i] === doc) return;
    this.lastDocument[i] = doc;
    this.documentCounts[i] = (this.documentCounts[i] ?? 0) + 1;
    this.typeBits[i] = (this.typeBits[i] ?? 0) | this.typeBit;
    const subject = this.subject;
    if (subject === undefined) return;
    const first = this.firstSubject[i];
    if (first === undefined) this.firstSubject[i] = subject;
    else if (first !== subject) {
      const others = this.otherSubjects[i];
      if (others === undefined) this.otherSubjects[i] = [subject];
      else if (others.length < MAX_SPREAD - 1 && !others.includes(subject)) others.push(subject);
    }
  };

  constructor(private readonly extractor: PhraseExtractor) {}

  /** One complaint's text; `subject` is what a phrase's spread counts, `typeBit` its subject type. */
  addDocument(text: string, subject: string | undefined, typeBit: number): void {
    this.documents += 1;
    this.subject = subject;
    this.typeBit = typeBit;
    this.extractor.extract(text, this.add);
  }

  columns(): PhraseColumns {
    const n = this.text.length;
    const spread = new Array<number>(n);
    for (let i = 0; i < n; i += 1) {
      spread[i] = this.firstSubject[i] === undefined ? 0 : 1 + (this.otherSubjects[i]?.length ?? 0);
    }
    return {
      text: this.text,
      documents: Array.from(this.documentCounts.subarray(0, n)),
      spread,
      types: Array.from(this.typeBits.subarray(0, n)),
    };
  }

  private grow(): void {
    const size = this.documentCounts.length * 2;
    const widen = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.documentCounts = widen(this.documentCounts);
    this.lastDocument = widen(this.lastDocument);
    this.typeBits = widen(this.typeBits);
  }
}

export const NO_PHRASES: PhraseColumns = Object.freeze({
  text: [],
  documents: [],
  spread: [],
  types: [],
}) as PhraseColumns;

/** A phrase whose share of the window's complaints jumped against its baseline. */
export interface HotWord {
  phrase: string;
  language: PhraseLanguage;
  /** Complaints of the window containing it. */
  observed: number;
  /** What its baseline share predicts for the window's complaints. */
  expected: number;
  /** −log₁₀ p of the one-sided G² test. */
  score: number;
  /** Distinct subjects (product, else store) among those complaints, counted up to 8. */
  subjects: number;
  /** Bit set over `SUBJECT_TYPES` of those complaints. */
  types: number;
}

/** A phrase's figures in the closing window, for a topic that is watching it. */
export interface PhraseScore {
  observed: number;
  expected: number;
  score: number;
}

const PRUNE_EVERY = 28;
const PRUNE_BELOW = 0.05;

/**
 * Hot words (issue 13): each window's phrases against an exponentially forgetting baseline of
 * the windows before the previous one (the guard band: a phrase that rose yesterday is still
 * news today). The test is Dunning's G² of the window's share against the baseline's share, one
 * sided, which weighs a jump from 0 of 2,000 complaints differently from a jump from 0 of 20.
 * A phrase must also be in `minSupport` complaints and at `minRatio` × its expected count.
 *
 * Overlapping n-grams are then reduced to the phrases that explain them:
 * 1. a gram whose count is under `explainedShare` of the excess of a hot gram inside it, or of
 *    one whose edge it runs over, is an accident of context and goes ("发现包装", "现包装破",
 *    "发现包", "损严重" beside "包装破损"; "swelling started" beside "battery swelling");
 * 2. a shorter gram goes when what is left of it outside the longer hot grams containing it is
 *    no longer significant ("包装破", "破损" inside "包装破损"; "battery" inside "battery swelling");
 * 3. hot grams of the longest length that overlap all but one character and have similar counts
 *    are one longer phrase ("电池鼓包" + "池鼓包起" + "鼓包起火" → "电池鼓包起火").
 * All of it reads counts only, so the stored per-window counts give the same hot words.
 */
export class HotWordDetector {
  /** The baseline, column by column: a phrase's slot, its decayed count and the window of it. */
  private readonly slots = new Map<string, number>();
  private values = new Float64Array(4096);
  private asOf = new Int32Array(4096);
  private readonly free: number[] = [];
  private used = 0;
  private baselineDocuments = 0;
  /** The last window merged into the baseline; the baseline's values are as of it. */
  private reference = Number.NaN;
  private mergedWindows = 0;
  private pending: { phrases: PhraseColumns; documents: number } | null = null;
  /** decay^k for the gaps met most often. */
  private readonly powers: Float64Array;

  constructor(
    private readonly words: AnalyticsPolicy['hotWords'],
    private readonly decay: number,
  ) {
    this.powers = new Float64Array(64).map((_, k) => decay ** k);
  }

  /** Phrases the baseline remembers. */
  get size(): number {
    return this.slots.size;
  }

  /**
   * Closes `window` (the next after the last closed): its hot words, strongest first, and the
   * figures of every `watched` phrase; then the previous window joins the baseline.
   */
  close(
    window: number,
    phrases: PhraseColumns,
    documents: number,
    watched: readonly string[] = [],
  ): { hot: HotWord[]; watched: Map<string, PhraseScore> } {
    const ready = this.mergedWindows >= this.words.minBaselineWindows && this.baselineDocuments > 0;
    const hot = ready ? this.hotWords(phrases, documents) : [];
    const scores =
      ready && watched.length > 0
        ? this.watch(watched, phrases, documents)
        : new Map<string, PhraseScore>();
    this.mergePending(window);
    this.pending = { phrases, documents };
    return { hot, watched: scores };
  }

  private decayed(gap: number): number {
    return gap < 64 ? (this.powers[gap] ?? 0) : this.decay ** gap;
  }

  /**
   * The figures of phrases topics follow. A phrase longer than the grams counted (merged in step
   * 3) is as strong as its weakest gram; a phrase absent from the window has no figures.
   */
  private watch(
    watched: readonly string[],
    phrases: PhraseColumns,
    documents: number,
  ): Map<string, PhraseScore> {
    const longest = this.words.chineseMaxLength;
    const partsOf = (phrase: string): string[] => {
      if (phraseLanguage(phrase) !== 'zh' || phrase.length <= longest) return [phrase];
      const parts: string[] = [];
      for (let i = 0; i + longest <= phrase.length; i += 1)
        parts.push(phrase.slice(i, i + longest));
      return parts;
    };
    const wanted = new Set(watched.flatMap(partsOf));
    const found = new Map<string, PhraseScore>();
    const { text, documents: counts } = phrases;
    for (let i = 0; i < text.length; i += 1) {
      const phrase = text[i] as string;
      if (wanted.has(phrase)) found.set(phrase, this.score(phrase, counts[i] ?? 0, documents));
    }
    const scores = new Map<string, PhraseScore>();
    for (const phrase of watched) {
      const parts = partsOf(phrase).map((p) => found.get(p));
      if (parts.some((p) => p === undefined)) continue;
      const known = parts as PhraseScore[];
      scores.set(phrase, {
        observed: Math.min(...known.map((p) => p.observed)),
        expected: Math.min(...known.map((p) => p.expected)),
        score: Math.min(...known.map((p) => p.score)),
      });
    }
    return scores;
  }

  private score(phrase: string, observed: number, documents: number): PhraseScore {
    const slot = this.slots.get(phrase);
    const inBaseline =
      slot === undefined
        ? 0
        : (this.values[slot] ?? 0) * this.decayed(this.reference - (this.asOf[slot] ?? 0));
    const m = this.baselineDocuments;
    return {
      observed,
      expected: (documents * inBaseline) / m,
      score: chiSquare1OneSidedScore(logLikelihoodRatio(observed, documents, inBaseline, m)),
    };
  }

  private hotWords(phrases: PhraseColumns, documents: number): HotWord[] {
    const w = this.words;
    const candidates = new Map<string, HotWord>();
    const { text, documents: counts, spread, types } = phrases;
    for (let i = 0; i < text.length; i += 1) {
      const observed = counts[i] ?? 0;
      if (observed < w.minSupport) continue;
      const phrase = text[i] as string;
      const s = this.score(phrase, observed, documents);
      if (s.score < w.minScore || observed < w.minRatio * s.expected) continue;
      candidates.set(phrase, {
        phrase,
        language: phraseLanguage(phrase),
        observed,
        expected: s.expected,
        score: s.score,
        subjects: spread[i] ?? 0,
        types: types[i] ?? 0,
      });
    }
    const merged = this.mergeChains(this.explain(candidates));
    merged.sort((a, b) => b.score - a.score || (a.phrase < b.phrase ? -1 : 1));
    return merged.slice(0, w.topN);
  }

  /** Steps 1 and 2 of the class comment. */
  private explain(candidates: Map<string, HotWord>): HotWord[] {
    const share = this.words.explainedShare;
    const contextual: HotWord[] = [];
    const strong = [...candidates.values()].sort(
      (a, b) => b.observed - b.expected - (a.observed - a.expected),
    );
    for (const word of candidates.values()) {
      const inside = subPhrases(word.phrase, this.words.chineseMinLength).some((part) => {
        const h = candidates.get(part);
        return h !== undefined && word.observed < share * (h.observed - h.expected);
      });
      let across = false;
      for (const h of strong) {
        if (word.observed >= share * (h.observed - h.expected)) break;
        if (h !== word && straddles(word.phrase, h.phrase)) {
          across = true;
          break;
        }
      }
      if (!inside && !across) contextual.push(word);
    }
    contextual.sort((a, b) => phraseSize(b.phrase) - phraseSize(a.phrase));
    const kept: HotWord[] = [];
    for (const word of contextual) {
      let inLonger = 0;
      for (const longer of kept) {
        if (
          phraseSize(longer.phrase) > phraseSize(word.phrase) &&
          contains(longer.phrase, word.phrase)
        ) {
          inLonger += longer.observed;
        }
      }
      if (inLonger > 0) {
        const rest = word.observed - inLonger;
        if (
          rest < this.words.minSupport ||
          poissonUpperScore(rest, word.expected) < this.words.minScore
        ) {
          continue;
        }
      }
      kept.push(word);
    }
    return kept;
  }

  /** Step 3 of the class comment: chains of the longest Chinese grams become one phrase. */
  private mergeChains(kept: HotWord[]): HotWord[] {
    const longest = this.words.chineseMaxLength;
    const share = this.words.explainedShare;
    const grams = kept.filter((k) => k.language === 'zh' && k.phrase.length === longest);
    if (grams.length < 2) return kept;
    const byHead = new Map<string, HotWord[]>();
    for (const g of grams) {
      const head = g.phrase.slice(0, longest - 1);
      byHead.set(head, [...(byHead.get(head) ?? []), g]);
    }
    // The merged phrase's count is at most the smaller part's: it must carry `explainedShare` of
    // the larger, as a longer gram must in step 1.
    const similar = (a: HotWord, b: HotWord) =>
      Math.min(a.observed, b.observed) >= share * Math.max(a.observed, b.observed);
    const next = new Map<HotWord, HotWord>();
    const hasPrevious = new Set<HotWord>();
    for (const g of grams) {
      const followers = (byHead.get(g.phrase.slice(1)) ?? []).filter((f) => f !== g);
      const only = followers.length === 1 ? followers[0] : undefined;
      if (only !== undefined && similar(g, only)) {
        next.set(g, only);
        hasPrevious.add(only);
      }
    }
    if (next.size === 0) return kept;
    const absorbed = new Set<HotWord>();
    const chains: HotWord[] = [];
    for (const start of grams) {
      if (hasPrevious.has(start) || !next.has(start)) continue;
      const chain = [start];
      let at = next.get(start);
      while (at !== undefined && !chain.includes(at)) {
        chain.push(at);
        at = next.get(at);
      }
      for (const g of chain) absorbed.add(g);
      const tail = chain
        .slice(1)
        .map((g) => g.phrase.slice(-1))
        .join('');
      const common = chain.reduce((t, g) => t & g.types, start.types);
      chains.push({
        phrase: `${start.phrase}${tail}`,
        language: 'zh',
        observed: Math.min(...chain.map((g) => g.observed)),
        expected: Math.min(...chain.map((g) => g.expected)),
        score: Math.min(...chain.map((g) => g.score)),
        subjects: Math.min(...chain.map((g) => g.subjects)),
        types: common === 0 ? chain.reduce((t, g) => t | g.types, 0) : common,
      });
    }
    return [...kept.filter((k) => !absorbed.has(k)), ...chains];
  }

  private mergePending(window: number): void {
    const merged = window - 1;
    const p = this.pending;
    if (p === null) {
      this.reference = merged;
      return;
    }
    this.baselineDocuments =
      this.baselineDocuments * this.decayed(merged - this.reference) + p.documents;
    const { text, documents } = p.phrases;
    for (let i = 0; i < text.length; i += 1) {
      const phrase = text[i] as string;
      const count = documents[i] ?? 0;
      const slot = this.slots.get(phrase);
      if (slot === undefined) {
        const fresh = this.allocate();
        this.slots.set(phrase, fresh);
        this.values[fresh] = count;
        this.asOf[fresh] = merged;
      } else {
        this.values[slot] =
          (this.values[slot] ?? 0) * this.decayed(merged - (this.asOf[slot] ?? 0)) + count;
        this.asOf[slot] = merged;
      }
    }
    this.reference = merged;
    this.mergedWindows += 1;
    if (this.mergedWindows % PRUNE_EVERY === 0) this.prune(merged);
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.values.length) {
      const values = new Float64Array(this.used * 2);
      values.set(this.values);
      this.values = values;
      const asOf = new Int32Array(this.used * 2);
      asOf.set(this.asOf);
      this.asOf = asOf;
    }
    const slot = this.used;
    this.used += 1;
    return slot;
  }

  /** Forgets phrases whose decayed count fell under `PRUNE_BELOW`: memory follows the vocabulary in use. */
  private prune(merged: number): void {
    for (const [phrase, slot] of this.slots) {
      const value = (this.values[slot] ?? 0) * this.decayed(merged - (this.asOf[slot] ?? 0));
      if (value < PRUNE_BELOW) {
        this.slots.delete(phrase);
        this.free.push(slot);
      }
    }
  }
}

/** Every shorter phrase inside `phrase`: its Chinese grams down to `minLength`, or a bigram's words. */
function subPhrases(phrase: string, minLength: number): string[] {
  if (phraseLanguage(phrase) === 'zh') {
    const parts: string[] = [];
    for (let length = phrase.length - 1; length >= minLength; length -= 1) {
      for (let i = 0; i + length <= phrase.length; i += 1) parts.push(phrase.slice(i, i + length));
    }
    return parts;
  }
  const space = phrase.indexOf(' ');
  return space < 0 ? [] : [phrase.slice(0, space), phrase.slice(space + 1)];
}

/**
 * Whether `gram` runs over an edge of `phrase` (a context word glued to its first or last
 * characters or word: "发现包", "损严重" around "包装破损"), without either containing the other.
 */
function straddles(gram: string, phrase: string): boolean {
  const zh = phraseLanguage(gram);
  if (zh !== phraseLanguage(phrase) || contains(gram, phrase) || contains(phrase, gram))
    return false;
  if (zh === 'zh') {
    const most = Math.min(gram.length, phrase.length) - 1;
    for (let k = 1; k <= most; k += 1) {
      if (gram.endsWith(phrase.slice(0, k)) || gram.startsWith(phrase.slice(phrase.length - k))) {
        return true;
      }
    }
    return false;
  }
  const g = gram.split(' ');
  const p = phrase.split(' ');
  return g.length > 1 && p.length > 1 && (g.at(-1) === p[0] || g[0] === p.at(-1));
}

/** Characters for Chinese, words for English: what "longer" means between two phrases. */
function phraseSize(phrase: string): number {
  if (phraseLanguage(phrase) === 'zh') return phrase.length;
  let words = 1;
  for (let i = 0; i < phrase.length; i += 1) if (phrase.charCodeAt(i) === 0x20) words += 1;
  return words;
}

function contains(longer: string, shorter: string): boolean {
  if (phraseLanguage(longer) !== phraseLanguage(shorter)) return false;
  if (phraseLanguage(longer) === 'zh') return longer.includes(shorter);
  return ` ${longer} `.includes(` ${shorter} `);
}
