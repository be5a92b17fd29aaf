import { chineseSpellings, hasChinese } from './chinese-variants';
import { normaliseText } from './text-normaliser';

/**
 * Finds every keyword of a policy in one pass over a normalised text (Aho–Corasick over UTF-16
 * code units), so the cost of a decision grows with the length of the complaint, not with the
 * number of keywords an enterprise adds.
 *
 * Matching rules (README "Keywords"): Chinese matches anywhere (no word boundaries in Chinese
 * text); a pattern that begins or ends with a Latin letter or digit must have a word boundary
 * there (`fire` is not found in `firewall`); a `prefix` pattern has no boundary at its end.
 */
export interface KeywordPattern {
  /** Normalised text (see `normaliseText`). */
  text: string;
  /** True for a `word*` keyword: no word boundary needed after it. */
  prefix: boolean;
}

export class KeywordAutomaton {
  /** Transitions out of the root, dense: most characters of a text fail back to it. */
  private readonly rootNext = new Int32Array(0x10000);
  /** Transitions of the other states; a leaf (most states, the ends of patterns) has none. */
  private readonly next: Array<Map<number, number> | undefined> = [undefined];
  private readonly fail: number[] = [0];
  /** Patterns ending in each state, including those of its failure chain. */
  private readonly output: Array<number[] | undefined> = [undefined];
  private readonly length: Int32Array;
  private readonly boundaryBefore: Uint8Array;
  private readonly boundaryAfter: Uint8Array;

  constructor(patterns: readonly KeywordPattern[]) {
    this.length = new Int32Array(patterns.length);
    this.boundaryBefore = new Uint8Array(patterns.length);
    this.boundaryAfter = new Uint8Array(patterns.length);
    patterns.forEach((pattern, index) => {
      const { text } = pattern;
      if (text.length === 0) throw new RangeError(`keyword pattern ${index} is empty`);
      this.length[index] = text.length;
      this.boundaryBefore[index] = isWordCode(text.charCodeAt(0)) ? 1 : 0;
      this.boundaryAfter[index] =
        !pattern.prefix && isWordCode(text.charCodeAt(text.length - 1)) ? 1 : 0;
      this.insert(text, index);
    });
    this.link();
  }

  /**
   * Pushes the index of each pattern found in `text` (once per occurrence) onto `found`, and,
   * when `ends` is given, where each occurrence ends (exclusive) onto `ends`.
   */
  scan(text: string, found: number[], ends?: number[]): void {
    const { rootNext, next, fail, output } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      for (;;) {
        if (state === 0) {
          state = rootNext[code] ?? 0;
          break;
        }
        const target = next[state]?.get(code);
        if (target !== undefined) {
          state = target;
          break;
        }
        state = fail[state] ?? 0;
      }
      const out = output[state];
      if (out !== undefined) {
        for (const pattern of out) {
          if (this.hasBoundaries(text, pattern, i + 1)) {
            found.push(pattern);
            ends?.push(i + 1);
          }
        }
      }
    }
  }

  /** The length of a pattern in UTF-16 code units. */
  lengthOf(pattern: number): number {
    return this.length[pattern] ?? 0;
  }

  private hasBoundaries(text: string, pattern: number, end: number): boolean {
    if (this.boundaryAfter[pattern] === 1 && end < text.length) {
      if (isWordCode(text.charCodeAt(end))) return false;
    }
    const start = end - (this.length[pattern] ?? 0);
    if (this.boundaryBefore[pattern] === 1 && start > 0) {
      if (isWordCode(text.charCodeAt(start - 1))) return false;
    }
    return true;
  }

  private insert(text: string, pattern: number): void {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let target = state === 0 ? this.rootNext[code] || undefined : this.next[state]?.get(code);
      if (target === undefined) {
        target = this.next.length;
        this.next.push(undefined);
        this.fail.push(0);
        this.output.push(undefined);
        if (state === 0) this.rootNext[code] = target;
        else {
          let transitions = this.next[state];
          if (!transitions) this.next[state] = transitions = new Map();
          transitions.set(code, target);
        }
      }
      state = target;
    }
    const ends = this.output[state];
    if (ends === undefined) this.output[state] = [pattern];
    else if (!ends.includes(pattern)) ends.push(pattern);
  }

  /** Breadth-first failure links; outputs of the failure chain are merged into each state. */
  private link(): void {
    const queue: number[] = [];
    for (const target of this.rootNext) if (target !== 0) queue.push(target);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      for (const [code, target] of this.next[state] ?? []) {
        queue.push(target);
        let back = this.fail[state] ?? 0;
        let link = 0;
        for (;;) {
          const candidate =
            back === 0 ? this.rootNext[code] || undefined : this.next[back]?.get(code);
          if (candidate !== undefined && candidate !== target) {
            link = candidate;
            break;
          }
          if (back === 0) break;
          back = this.fail[back] ?? 0;
        }
        this.fail[target] = link;
        const inherited = this.output[link];
        if (inherited !== undefined) {
          const own = this.output[target] ?? [];
          for (const pattern of inherited) if (!own.includes(pattern)) own.push(pattern);
          this.output[target] = own;
        }
      }
    }
  }
}

/** Latin letters (ASCII and Latin-1/Extended-A/B, lower case after normalising) and digits. */
export function isWordCode(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0xdf && code <= 0x24f && code !== 0xf7)
  );
}

/**
 * The patterns a policy keyword stands for. A trailing `*` makes a Latin word a prefix; a word
 * ending in a Latin letter also matches its regular plural (-s, -es, consonant + y → -ies), so
 * `injury` finds `injuries`. Other inflections (`burned`) are listed or written as `burn*`.
 * A keyword with Chinese in it also stands for its other spellings (`chineseSpellings`: regional
 * and Cantonese words, aspect particles, degree adverbs).
 */
export function keywordPatterns(keyword: string): KeywordPattern[] {
  const own = keywordText(keyword);
  if (own === undefined) return [];
  const { text, prefix } = own;
  if (prefix) return [{ text, prefix: true }];
  const patterns: KeywordPattern[] = [{ text, prefix: false }];
  const last = text.charCodeAt(text.length - 1);
  if (last >= 0x61 && last <= 0x7a) {
    patterns.push({ text: `${text}s`, prefix: false }, { text: `${text}es`, prefix: false });
    if (/[^aeiou]y$/.test(text)) patterns.push({ text: `${text.slice(0, -1)}ies`, prefix: false });
  }
  if (hasChinese(text)) {
    for (const spelling of chineseSpellings(text)) patterns.push({ text: spelling, prefix: false });
  }
  return patterns;
}

/**
 * The pattern a keyword stands for as written (normalised, its `*` read), without the other
 * spellings `keywordPatterns` adds; undefined when nothing is left to match, exactly when
 * `keywordPatterns` gives none. Validation asks only this.
 */
export function keywordText(keyword: string): KeywordPattern | undefined {
  const trimmed = keyword.trim();
  const prefix = trimmed.endsWith('*');
  const text = normaliseText(prefix ? trimmed.slice(0, -1) : trimmed).trim();
  return text.length === 0 ? undefined : { text, prefix };
}
