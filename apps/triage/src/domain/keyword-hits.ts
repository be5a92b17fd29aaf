import type { CompiledPolicy } from './compiled-policy';
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
 */
export function findKeywords(
  text: { title?: string; description: string },
  compiled: CompiledPolicy,
): KeywordHit[] {
  const hits: KeywordHit[] = [];
  const found: number[] = [];
  const collect = (value: string | undefined, field: TextField, weight: number): void => {
    if (!value) return;
    found.length = 0;
    compiled.automaton.scan(normaliseText(value), found);
    for (const pattern of found) {
      for (const ref of compiled.patternRefs[pattern] ?? []) {
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
