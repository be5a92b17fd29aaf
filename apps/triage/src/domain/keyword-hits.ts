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
  /** Whether occurrence i lies within a longer occurrence of a taxonomy keyword. */
  const insideLonger = (i: number): boolean => {
    const end = ends[i] ?? 0;
    const length = automaton.lengthOf(found[i] ?? 0);
    for (let j = 0; j < found.length; j++) {
      const other = found[j] ?? 0;
      const otherLength = automaton.lengthOf(other);
      if (otherLength <= length || taxonomyPatterns[other] !== 1) continue;
      const otherEnd = ends[j] ?? 0;
      if (otherEnd >= end && otherEnd - otherLength <= end - length) return true;
    }
    return false;
  };
  const collect = (value: string | undefined, field: TextField, weight: number): void => {
    if (!value) return;
    found.length = 0;
    ends.length = 0;
    automaton.scan(normaliseText(value), found, ends);
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
