import { isTaxonomyTarget, type CompiledPolicy } from './compiled-policy';
import { normaliseText } from './text-normaliser';

export type TextField = 'title' | 'description';

/** A keyword of the policy found in the complaint (its first and weightiest place). */
export interface KeywordHit {
  /** Index into `CompiledPolicy.keywordRefs`. */
  readonly ref: number;
  readonly field: TextField;
  /** `classification.titleWeight` in the title, 1 in the description. */
  readonly weight: number;
}

/**
 * Every keyword of the policy in the title and description, each once. One normalised string
 * and one automaton pass per field serve classification, severity and escalation alike.
 *
 * For the taxonomy (types, categories, subcategories) a keyword found only inside a longer
 * taxonomy keyword at the same place is not a mention of its own: `快递员` (courier) is not also
 * `快递` (parcel), `在线客服` not also `客服`. Otherwise one word would count twice, once for the
 * courier and once for every category of parcels. Severity and escalation rules see every
 * keyword, nested or not: `不能用` inside `根本不能用` still grades a complaint.
 */
export function findKeywords(
  text: { title?: string; description: string },
  compiled: CompiledPolicy,
): KeywordHit[] {
  const hits: KeywordHit[] = [];
  const found: number[] = [];
  const ends: number[] = [];
  const { automaton, patternRefs, keywordRefs, taxonomyPatterns } = compiled;
  /** The longest taxonomy pattern: how far back an occurrence that holds another can start. */
  let longest = 0;
  /**
   * Whether occurrence i lies within a longer occurrence of a taxonomy keyword. The automaton
   * reports occurrences by where they end, in order, so only those ending from i's end to
   * `longest` characters past i's start can hold it: a window, not every occurrence (a text
   * repeating one keyword 5,000 times took 50 ms when each looked at all the others).
   */
  const insideLonger = (i: number): boolean => {
    const end = ends[i] ?? 0;
    const start = end - automaton.lengthOf(found[i] ?? 0);
    let j = i;
    while (j > 0 && ends[j - 1] === end) j--;
    for (; j < found.length && (ends[j] ?? 0) <= start + longest; j++) {
      const other = found[j] ?? 0;
      if (taxonomyPatterns[other] !== 1) continue;
      const otherLength = automaton.lengthOf(other);
      const otherEnd = ends[j] ?? 0;
      if (otherLength > end - start && otherEnd >= end && otherEnd - otherLength <= start) {
        return true;
      }
    }
    return false;
  };
  const collect = (value: string | undefined, field: TextField, weight: number): void => {
    if (!value) return;
    found.length = 0;
    ends.length = 0;
    automaton.scan(normaliseText(value), found, ends);
    longest = 0;
    for (const pattern of found) {
      if (taxonomyPatterns[pattern] === 1) longest = Math.max(longest, automaton.lengthOf(pattern));
    }
    for (let i = 0; i < found.length; i++) {
      const pattern = found[i] ?? 0;
      const nested = found.length > 1 && taxonomyPatterns[pattern] === 1 && insideLonger(i);
      for (const ref of patternRefs[pattern] ?? []) {
        if (nested && isTaxonomyTarget(keywordRefs[ref]?.target)) continue;
        // A complaint hits a handful of keywords: a scan beats allocating a set per decision.
        if (!hits.some((hit) => hit.ref === ref)) hits.push({ ref, field, weight });
      }
    }
  };
  // The title first: a keyword found in both places counts with the title's weight.
  collect(text.title, 'title', compiled.policy.classification.titleWeight);
  collect(text.description, 'description', 1);
  return hits;
}

/** `description mentions "异物", "苍蝇"; title mentions "fly"` */
export function mentions(hits: readonly KeywordHit[], compiled: CompiledPolicy): string {
  const byField = new Map<TextField, string[]>();
  for (const hit of hits) {
    const keyword = compiled.keywordRefs[hit.ref]?.keyword ?? '?';
    const list = byField.get(hit.field) ?? [];
    list.push(`"${keyword}"`);
    byField.set(hit.field, list);
  }
  return [...byField]
    .map(([field, keywords]) => `${field} mentions ${keywords.join(', ')}`)
    .join('; ');
}
