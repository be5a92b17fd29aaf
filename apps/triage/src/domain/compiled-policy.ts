import { SUBJECT_TYPES, type SubjectType } from '@redress/contracts';
import {
  AroundTheClock,
  BusinessCalendar,
  CALENDAR_PRESETS,
  type BusinessCalendarConfig,
  type WorkClock,
} from '@redress/business-time';
import { InvalidTriagePolicy } from './errors';
import { KeywordAutomaton, keywordPatterns, type KeywordPattern } from './keyword-matcher';
import { validatePolicy } from './policy-validation';
import type { Keyword, TriagePolicy } from './triage-policy';

/**
 * A policy prepared for deciding: every keyword normalised once into one automaton, the
 * taxonomy flattened to indexed arrays, the routing table to a map, the calendar built. Build
 * one per policy version and share it; deciding never changes it.
 */
export interface CompiledPolicy {
  readonly version: number;
  /** The policy as given, frozen. */
  readonly policy: Readonly<TriagePolicy>;
  /** The business calendar; major complaints use `aroundTheClock` (DOMAIN §2). */
  readonly businessCalendar: WorkClock;
  readonly aroundTheClock: WorkClock;
  readonly categories: readonly CompiledCategory[];
  readonly subcategories: readonly CompiledSubcategory[];
  readonly categoriesOfType: ReadonlyMap<SubjectType, readonly number[]>;
  /** Every category index, in policy order. */
  readonly allCategories: readonly number[];
  /** `type.category` → index into `categories`. */
  readonly categoryIndex: ReadonlyMap<string, number>;
  /** Routing overrides by `type/category/` or `type/category/subcategory`. */
  readonly routingOverrides: ReadonlyMap<string, string>;
  /** Every (keyword, rule or taxonomy node) pair; hits refer to these. */
  readonly keywordRefs: readonly KeywordRef[];
  /** For each automaton pattern, the keyword refs it stands for. */
  readonly patternRefs: ReadonlyArray<readonly number[]>;
  /** 1 for each automaton pattern that stands for a taxonomy keyword (type, category, sub). */
  readonly taxonomyPatterns: Uint8Array;
  readonly automaton: KeywordAutomaton;
}

export interface CompiledCategory {
  readonly index: number;
  readonly type: SubjectType;
  readonly id: string;
  /** `product.quality`, as in rule names. */
  readonly path: string;
  readonly subcategories: readonly number[];
}

export interface CompiledSubcategory {
  readonly index: number;
  readonly category: number;
  readonly id: string;
  /** `product.quality.foreign-object`. */
  readonly path: string;
}

/** What a keyword is evidence for: a taxonomy node, a severity rule or an escalation rule. */
export type KeywordTarget =
  | { readonly kind: 'type'; readonly type: SubjectType }
  | { readonly kind: 'category'; readonly index: number }
  | { readonly kind: 'subcategory'; readonly index: number }
  | { readonly kind: 'severity'; readonly index: number }
  | { readonly kind: 'escalation'; readonly index: number };

export interface KeywordRef {
  readonly target: KeywordTarget;
  /** The keyword as the policy spells it, for reasons ("description mentions …"). */
  readonly keyword: string;
  /**
   * The keyword normalised (`破損` and `破损` alike): two nodes that list the same word share the
   * evidence of finding it, so it does not take sides between them (classification.policy.ts).
   */
  readonly text: string;
}

/**
 * Validates `policy` (throwing `InvalidTriagePolicy` with every problem) and returns a frozen copy
 * of it: what `PUT /triage/policy` stores. Compiling (the keyword automaton) is left to the first
 * decision that uses the version (`compilePolicy`): it checks nothing validation has not.
 * `handedOver`: the caller gives the document up (a request body just parsed, which nothing else
 * holds), so it is frozen as it is instead of copied first (a copy of a policy at the keyword
 * limit took longer than a third of its validation).
 */
export function acceptPolicy(
  policy: unknown,
  version: number,
  { handedOver = false }: { handedOver?: boolean } = {},
): Readonly<TriagePolicy> {
  const problems = validatePolicy(policy);
  if (!Number.isInteger(version) || version < 1) {
    problems.push({ path: '(version)', message: `must be a whole number from 1, got ${version}` });
  }
  if (problems.length > 0) throw new InvalidTriagePolicy(problems);
  return deepFreeze(
    handedOver ? (policy as TriagePolicy) : structuredClone(policy as TriagePolicy),
  );
}

/**
 * Validates `policy` (throwing `InvalidTriagePolicy` with every problem) and prepares it.
 * `version` is the number the service gave this policy; decisions carry it as `policyVersion`.
 */
export function compilePolicy(policy: unknown, version: number): CompiledPolicy {
  const valid = acceptPolicy(policy, version);

  const builder = new KeywordIndexBuilder();
  const categories: CompiledCategory[] = [];
  const subcategories: CompiledSubcategory[] = [];
  const categoriesOfType = new Map<SubjectType, number[]>();
  const categoryIndex = new Map<string, number>();
  for (const type of SUBJECT_TYPES) {
    const indexes: number[] = [];
    categoriesOfType.set(type, indexes);
    builder.add(valid.taxonomy.types[type].keywords ?? [], { kind: 'type', type });
    for (const [id, category] of Object.entries(valid.taxonomy.types[type].categories)) {
      const index = categories.length;
      const subs: number[] = [];
      categories.push({ index, type, id, path: `${type}.${id}`, subcategories: subs });
      categoryIndex.set(`${type}.${id}`, index);
      indexes.push(index);
      builder.add(category.keywords, { kind: 'category', index });
      for (const [subId, sub] of Object.entries(category.subcategories ?? {})) {
        const subIndex = subcategories.length;
        subcategories.push({
          index: subIndex,
          category: index,
          id: subId,
          path: `${type}.${id}.${subId}`,
        });
        subs.push(subIndex);
        builder.add(sub.keywords, { kind: 'subcategory', index: subIndex });
      }
    }
  }
  valid.severity.rules.forEach((rule, index) =>
    builder.add(rule.keywords, { kind: 'severity', index }),
  );
  valid.escalation.keywordRules.forEach((rule, index) =>
    builder.add(rule.keywords, { kind: 'escalation', index }),
  );

  const routingOverrides = new Map<string, string>();
  for (const row of valid.routing.overrides) {
    routingOverrides.set(routingKey(row.type, row.category, row.subcategory), row.department);
  }

  return Object.freeze({
    version,
    policy: valid,
    businessCalendar: new BusinessCalendar(calendarConfig(valid.calendar)),
    aroundTheClock: new AroundTheClock(),
    categories,
    subcategories,
    categoriesOfType,
    allCategories: categories.map((category) => category.index),
    categoryIndex,
    routingOverrides,
    keywordRefs: builder.refs,
    patternRefs: builder.patternRefs,
    taxonomyPatterns: Uint8Array.from(builder.patternRefs, (refs) =>
      refs.some((ref) => isTaxonomyTarget(builder.refs[ref]?.target)) ? 1 : 0,
    ),
    automaton: new KeywordAutomaton(builder.patterns),
  });
}

/** Whether a keyword is evidence for the taxonomy (classification), not for a grading rule. */
export function isTaxonomyTarget(target: KeywordTarget | undefined): boolean {
  return target?.kind === 'type' || target?.kind === 'category' || target?.kind === 'subcategory';
}

export function routingKey(type: string, category: string, subcategory?: string): string {
  return `${type}/${category}/${subcategory ?? ''}`;
}

function calendarConfig(calendar: TriagePolicy['calendar']): BusinessCalendarConfig {
  if (typeof calendar !== 'string') return calendar;
  const preset = CALENDAR_PRESETS[calendar];
  // validatePolicy has checked the name; this guards a caller that skipped it.
  if (!preset) throw new InvalidTriagePolicy([{ path: 'calendar', message: 'unknown preset' }]);
  return preset;
}

/**
 * Deduplicates patterns across the whole policy: a keyword listed for several rules (or its
 * traditional and simplified spellings) becomes one automaton pattern with several refs.
 */
class KeywordIndexBuilder {
  readonly patterns: KeywordPattern[] = [];
  readonly patternRefs: number[][] = [];
  readonly refs: KeywordRef[] = [];
  private readonly patternByKey = new Map<string, number>();

  add(keywords: readonly Keyword[], target: KeywordTarget): void {
    // Within one target a keyword counts once: 破損 and 破损 share one ref, and a pattern (a
    // plural, say) that two keywords of the target both produce points to the first of them.
    const refByText = new Map<string, number>();
    const patternsOfTarget = new Set<number>();
    for (const keyword of keywords) {
      const patterns = keywordPatterns(keyword);
      const [first] = patterns;
      if (!first) continue;
      const textKey = patternKey(first);
      let ref = refByText.get(textKey);
      if (ref === undefined) {
        ref = this.refs.length;
        this.refs.push({ target, keyword: keyword.trim(), text: textKey });
        refByText.set(textKey, ref);
      }
      for (const pattern of patterns) {
        const index = this.patternIndex(pattern);
        if (patternsOfTarget.has(index)) continue;
        patternsOfTarget.add(index);
        this.patternRefs[index]?.push(ref);
      }
    }
  }

  private patternIndex(pattern: KeywordPattern): number {
    const key = patternKey(pattern);
    let index = this.patternByKey.get(key);
    if (index === undefined) {
      index = this.patterns.length;
      this.patterns.push(pattern);
      this.patternRefs.push([]);
      this.patternByKey.set(key, index);
    }
    return index;
  }
}

function patternKey(pattern: KeywordPattern): string {
  return `${pattern.prefix ? '*' : '='}${pattern.text}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
