import type { AnalyticsPolicy } from './analytics-policy';
import { CHINESE_EDGE_STOP_CHARACTERS, CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words';

/**
 * A masked contact or name as intake writes them into free text (CONTRACT.md: `138****5678`,
 * `a***@example.com`; intake's masking also gives `张*`, `欧***`, `A****`, `**********X2`): the
 * asterisks with whatever is glued to them and an e-mail's domain, or the one character a masked
 * Chinese name keeps (one to three asterisks after a Chinese character, nothing glued after).
 * Such a token is a boundary, never a phrase: "example" must not become a hot word because
 * every masked e-mail ends in it, and a surname must not become half of a Chinese n-gram.
 */
const MASKED_TOKEN =
  /[\u3400-\u4dbf\u4e00-\u9fff]\*{1,3}(?![*a-z0-9@])|[a-z0-9._%+-]*\*+[a-z0-9*._%+-]*(?:@[a-z0-9.-]+)?/g;

const isHan = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
const isLatin = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const APOSTROPHE = 0x27;
const SPACE = 0x20;
const TAB = 0x09;

export type PhraseLanguage = 'zh' | 'en';

export function phraseLanguage(phrase: string): PhraseLanguage {
  return isHan(phrase.charCodeAt(0)) ? 'zh' : 'en';
}

/**
 * The phrases of complaint descriptions, built once from the policy: Chinese character n-grams
 * (no segmentation: complaints are short and full of product names a dictionary would not know),
 * English words and bigrams lower-cased. Digits, punctuation and masked tokens are boundaries;
 * stop words are left out. The work is linear in the text's length.
 */
export class PhraseExtractor {
  private readonly minLength: number;
  private readonly maxLength: number;
  private readonly bigrams: boolean;
  private readonly edgeStops = new Set<number>();
  /** Two-character stop words as `(first << 16) | second`: no string built to look one up. */
  private readonly pairStops = new Set<number>();
  private readonly longStops = new Set<string>();
  private readonly englishStops: Set<string>;

  constructor(words: AnalyticsPolicy['hotWords']) {
    this.minLength = words.chineseMinLength;
    this.maxLength = words.chineseMaxLength;
    this.bigrams = words.englishBigrams;
    for (const ch of CHINESE_EDGE_STOP_CHARACTERS) this.edgeStops.add(ch.charCodeAt(0));
    for (const word of [...CHINESE_STOP_WORDS, ...words.extraStopWords.chinese]) {
      const w = word.normalize('NFKC');
      if (w.length === 1) this.edgeStops.add(w.charCodeAt(0));
      else if (w.length === 2) this.pairStops.add((w.charCodeAt(0) << 16) | w.charCodeAt(1));
      else this.longStops.add(w);
    }
    this.englishStops = new Set(
      [...ENGLISH_STOP_WORDS, ...words.extraStopWords.english].map((w) =>
        w.normalize('NFKC').toLowerCase(),
      ),
    );
  }

  /** Calls `emit` for every phrase occurrence of `text`, repeats included, in text order. */
  extract(text: string, emit: (phrase: string) => void): void {
    const s = this.normalize(text);
    const n = s.length;
    let hanStart = -1;
    let wordStart = -1;
    let previousWord: string | null = null;
    for (let i = 0; i <= n; i += 1) {
      const c = i < n ? s.charCodeAt(i) : SPACE;
      if (isHan(c)) {
        if (wordStart >= 0) {
          this.word(s.slice(wordStart, i), previousWord, emit);
          wordStart = -1;
        }
        previousWord = null;
        if (hanStart < 0) hanStart = i;
        continue;
      }
      if (hanStart >= 0) {
        this.grams(s, hanStart, i, emit);
        hanStart = -1;
      }
      if (isLatin(c) || (c === APOSTROPHE && wordStart >= 0 && isLatin(s.charCodeAt(i + 1)))) {
        if (wordStart < 0) wordStart = i;
        continue;
      }
      if (wordStart >= 0) {
        previousWord = this.word(s.slice(wordStart, i), previousWord, emit);
        wordStart = -1;
      }
      // Words separated by blanks stay one clause; anything else ends it (no bigram across).
      if (c !== SPACE && c !== TAB) previousWord = null;
    }
  }

  /**
   * Whether `text` contains `phrase` as the detectors count it: a Chinese phrase (of any length:
   * merged hot words are longer than the grams) inside a run of Chinese characters, an English
   * one among the text's phrases. For finding a hot phrase's complaints, not for counting.
   */
  contains(text: string, phrase: string): boolean {
    if (phraseLanguage(phrase) === 'zh') return this.normalize(text).includes(phrase);
    let found = false;
    this.extract(text, (p) => {
      if (p === phrase) found = true;
    });
    return found;
  }

  /** The distinct phrases of `text` in order of first occurrence (for tests and tools). */
  phrasesOf(text: string): string[] {
    const seen = new Set<string>();
    this.extract(text, (p) => seen.add(p));
    return [...seen];
  }

  private normalize(text: string): string {
    const s = text.normalize('NFKC').toLowerCase();
    return s.includes('*') ? s.replace(MASKED_TOKEN, ' ') : s;
  }

  private grams(s: string, from: number, to: number, emit: (phrase: string) => void): void {
    for (let length = this.minLength; length <= this.maxLength; length += 1) {
      for (let k = from; k + length <= to; k += 1) {
        const first = s.charCodeAt(k);
        const last = s.charCodeAt(k + length - 1);
        if (this.edgeStops.has(first) || this.edgeStops.has(last)) continue;
        if (this.pairStops.has((first << 16) | s.charCodeAt(k + 1))) continue;
        if (length > 2 && this.pairStops.has((s.charCodeAt(k + length - 2) << 16) | last)) continue;
        const gram = s.slice(k, k + length);
        if (this.longStops.size > 0 && this.hasLongStopEdge(gram)) continue;
        emit(gram);
      }
    }
  }

  private hasLongStopEdge(gram: string): boolean {
    for (const stop of this.longStops) {
      if (gram.startsWith(stop) || gram.endsWith(stop)) return true;
    }
    return false;
  }

  /** Emits a content word (and its bigram with the clause's previous one); returns the word or null. */
  private word(
    word: string,
    previous: string | null,
    emit: (phrase: string) => void,
  ): string | null {
    if (word.length < 2 || this.englishStops.has(word)) return null;
    emit(word);
    if (this.bigrams && previous !== null) emit(`${previous} ${word}`);
    return word;
  }
}
