import type { ReviewCandidate, RuleFired, SubjectType } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts } from './complaint-facts';
import { findKeywords, mentions, type KeywordHit } from './keyword-hits';
import { route } from './routing.policy';

/**
 * DOMAIN §2 type and category (000, 004), from keyword scoring of title and description (README
 * "Confidence" has worked examples).
 *
 * Score of a category = Σ weights of its distinct keywords found, its subcategories' included,
 * plus its type's keywords (`taxonomy.types.*.keywords`, "this is about a parcel") counted once
 * per type however many of them appear. A keyword in the title weighs `titleWeight`, in the
 * description 1. The best category W of the candidates (those of the given type, or of every
 * type) has score s1. Against each rival C with score sC, a word both list (`态度差` under service
 * and under staff, a type word under every category of its type) is evidence for both and takes
 * no side: with sh the weight of the words they share,
 *
 *     evidence   = s1 / (s1 + 1)                       one keyword 0.5, two 0.67, three 0.75 …
 *     share      = min over rivals C of (s1 − sh) / ((s1 − sh) + (sC − sh)),
 *                  1 without a rival, 0.5 when W and C have as much evidence of their own (a tie)
 *     category   = evidence × share                    (0 when nothing matched)
 *     confidence = 0.5 + 0.5 × category   when the customer (or a supervisor) named the type
 *                = category               when the type comes from the text
 *
 * Without shared words, share is s1 / (s1 + s2) for the runner-up s2.
 *
 * Type from the text: the same score over every type, with only rivals of other types counting
 * against W, is how sure the text is of W's type. A customer's type gives way to the text's when
 * that reaches the threshold without a tie, the customer's own words for their type counting
 * against it (a crushed parcel filed under "product"). A type a supervisor fixed never gives way.
 *
 * Review: below `classification.confidenceThreshold`, in a tie when the type comes from the text,
 * or with no keyword of any category at all (whatever the threshold), the complaint needs review
 * and is routed by type alone: the given type, else the type the text is sure of, else `other`;
 * that type's default category, no subcategory.
 */
export interface Classification {
  type: SubjectType;
  category: string;
  subcategory?: string;
  confidence: number;
  needsReview: boolean;
  rulesFired: RuleFired[];
  /** The best categories over all types, for the person who reviews it. */
  candidates: ReviewCandidate[];
}

export interface ClassifyOptions {
  /** Keyword hits already found for these facts (`findKeywords`), to scan the text once. */
  hits?: readonly KeywordHit[];
  /** A type fixed by a supervisor: only a category within it is chosen. */
  type?: SubjectType;
}

const CANDIDATES = 3;

/** How sure the text is of one category against its rivals. */
interface Certainty {
  /** evidence × share. */
  value: number;
  /**
   * A rival has as much evidence of its own as the best (share 0.5): nothing tells them apart,
   * so the complaint goes to review however many words both have, rather than to whichever
   * the policy happens to list first.
   */
  tied: boolean;
}

/** The best category of a pool and how sure the text is of it. */
interface Choice extends Certainty {
  /** Index into `categories`; -1 when nothing in the pool matched. */
  best: number;
  s1: number;
  /** The runner-up's score, for reasons. */
  s2: number;
}

export function classify(
  facts: Pick<ComplaintFacts, 'subject' | 'title' | 'description'>,
  compiled: CompiledPolicy,
  options: ClassifyOptions = {},
): Classification {
  const hits = options.hits ?? findKeywords(facts, compiled);
  const { categories, subcategories, keywordRefs } = compiled;
  // Scores of the few nodes the text touches (index → score); absent means 0. Each category
  // also keeps its words (normalised keyword → weight) to see what it shares with a rival.
  const categoryScore = new Map<number, number>();
  const subcategoryScore = new Map<number, number>();
  const categoryWords = new Map<number, Map<string, number>>();
  // What a category's own words (its and its subcategories', not its type's) add up to.
  const ownScore = new Map<number, number>();
  const count = (category: number, text: string, weight: number, own = true): void => {
    let words = categoryWords.get(category);
    if (!words) categoryWords.set(category, (words = new Map()));
    const before = words.get(text) ?? 0;
    // A word the category lists twice (itself and a subcategory, or its type) counts once.
    if (weight > before) {
      words.set(text, weight);
      categoryScore.set(category, (categoryScore.get(category) ?? 0) + weight - before);
      if (own) ownScore.set(category, (ownScore.get(category) ?? 0) + weight - before);
    }
  };
  /** A category the text names by its own words, not only by its type's. */
  const claimed = (index: number): boolean => (ownScore.get(index) ?? 0) > 0;
  for (const hit of hits) {
    const ref = keywordRefs[hit.ref];
    const target = ref?.target;
    if (!ref || !target) continue;
    if (target.kind === 'category') {
      count(target.index, ref.text, hit.weight);
    } else if (target.kind === 'subcategory') {
      count(subcategories[target.index]?.category ?? 0, ref.text, hit.weight);
      subcategoryScore.set(target.index, (subcategoryScore.get(target.index) ?? 0) + hit.weight);
    } else if (target.kind === 'type') {
      // However many words say it, "this is about a parcel" counts once (the weightiest): type
      // words tell what kind of complaint it is, and several of them must not outvote the word
      // that says what went wrong ("the assistant in the store said the refund…").
      for (const index of compiled.categoriesOfType.get(target.type) ?? []) {
        count(index, `type:${target.type}`, hit.weight, false);
      }
    }
  }
  // The few categories the text touched, in policy order (ties go to the one listed first).
  const touched = [...categoryScore.keys()].sort((a, b) => a - b);
  /** evidence × share of `best` against the touched categories that `rival` accepts. */
  const certaintyOf = (best: number, s1: number, rival: (index: number) => boolean): Certainty => {
    let share = 1;
    const own = categoryWords.get(best);
    for (const index of touched) {
      const score = categoryScore.get(index) ?? 0;
      if (index === best || score === 0 || !rival(index)) continue;
      let shared = 0;
      for (const [text, weight] of categoryWords.get(index) ?? []) {
        const mine = own?.get(text);
        if (mine !== undefined) shared += Math.min(mine, weight);
      }
      const d1 = s1 - shared;
      const d2 = score - shared;
      share = Math.min(share, d1 + d2 === 0 ? 0.5 : d1 / (d1 + d2));
    }
    return { value: (s1 / (s1 + 1)) * share, tied: share <= 0.5 };
  };
  /**
   * The best touched category that `only` accepts. By default only categories the text names by
   * their own words take part: type words support a category of their type, but alone they name
   * none, so neither win nor stand as a rival against a category named by its own words.
   */
  const choose = (only: (index: number) => boolean): Choice => {
    let best = -1;
    let s1 = 0;
    let s2 = 0;
    for (const index of touched) {
      if (!only(index)) continue;
      const score = categoryScore.get(index) ?? 0;
      if (score > s1) {
        s2 = s1;
        s1 = score;
        best = index;
      } else if (score > s2) {
        s2 = score;
      }
    }
    if (best < 0) return { best, s1: 0, s2: 0, value: 0, tied: false };
    return { best, s1, s2, ...certaintyOf(best, s1, only) };
  };

  const threshold = compiled.policy.classification.confidenceThreshold;
  const namedType = facts.subject.type === 'other' ? undefined : facts.subject.type;
  const inferred = options.type ? undefined : choose(claimed);
  // The type the text points to: that of the best category it names, else of its type words
  // alone ("where is my parcel?"). Every other type's evidence, type words included, counts
  // against it.
  const anchor = inferred && inferred.best < 0 ? choose(() => true) : inferred;
  const inferredType = anchor ? categories[anchor.best]?.type : undefined;
  const typeCertainty: Certainty =
    anchor && inferredType
      ? certaintyOf(anchor.best, anchor.s1, (index) => categories[index]?.type !== inferredType)
      : { value: 0, tied: false };
  const typeConfidence = round(typeCertainty.value);
  const typeSure = !typeCertainty.tied && typeConfidence >= threshold;
  const corrected =
    namedType !== undefined && inferredType !== undefined && inferredType !== namedType && typeSure;
  const givenType = options.type ?? (corrected ? undefined : namedType);
  const fromText = givenType ? undefined : (inferred ?? choose(claimed));
  // A named type settles the department: a tie among its categories is decided in policy order.
  // So does a type the text is sure of — the same certainty that corrects a customer's type —
  // when the categories it names all route to one department (no routing override splits them):
  // a tie between two of them is decided the same way, and the decision is as sure as the type.
  const ofTextType = (index: number): boolean =>
    claimed(index) && categories[index]?.type === inferredType;
  const settledTie =
    fromText &&
    fromText.best >= 0 &&
    fromText.tied &&
    typeSure &&
    oneDepartment(touched.filter(ofTextType), categories, compiled)
      ? choose(ofTextType)
      : undefined;
  const choice = givenType
    ? choose((index) => claimed(index) && categories[index]?.type === givenType)
    : (settledTie ?? fromText ?? choose(claimed));
  const { best, s1, s2 } = choice;
  const confidence = round(
    givenType ? 0.5 + 0.5 * choice.value : settledTie ? typeConfidence : choice.value,
  );
  const tied = !givenType && !settledTie && choice.tied;
  const candidates = topCandidates(categoryScore, subcategoryScore, compiled);

  const rulesFired: RuleFired[] = [];
  if (givenType) {
    rulesFired.push({
      rule: `subject-type:${givenType}`,
      reason: options.type
        ? `a supervisor set the type "${givenType}"`
        : `the customer named the subject type "${givenType}"`,
    });
  }
  if (corrected) {
    rulesFired.push({
      rule: 'classification:type-corrected',
      reason: `the customer named the subject type "${namedType}"; the text points to ${inferredType} with confidence ${typeConfidence}, counting the words for "${namedType}" against it`,
    });
  }
  const scores = `best category score ${round(s1)}, runner-up ${round(s2)}`;
  const chosen = categories[best];
  // Below the threshold, tied, or with no keyword of any category at all (whatever the
  // threshold), the complaint is routed by type alone and queued for review. The type is the
  // given one, else the one the text is sure of (its rivals of other types are weak), else other.
  if (confidence < threshold || tied || !chosen) {
    const type = givenType ?? (inferredType && typeSure ? inferredType : 'other');
    const category = compiled.policy.taxonomy.types[type].defaultCategory;
    const routed = `routed by type as ${type}.${category} and queued for review`;
    const sure =
      type === inferredType && !givenType
        ? `; the text points to ${type} with confidence ${typeConfidence}`
        : '';
    rulesFired.push(
      !chosen
        ? {
            rule: 'classification:no-evidence',
            reason: `nothing in the text points to a category${givenType ? ` of ${givenType}` : ''}${sure}; ${routed}`,
          }
        : confidence < threshold
          ? {
              rule: 'classification:low-confidence',
              reason: `confidence ${confidence} is below the threshold ${threshold} (${scores})${sure}; ${routed}`,
            }
          : {
              rule: 'classification:tie',
              reason: `${chosen.path} and a rival have as much evidence of their own (${scores})${sure}; ${routed}`,
            },
    );
    return { type, category, confidence, needsReview: true, rulesFired, candidates };
  }

  if (!givenType && !corrected) {
    rulesFired.push({
      rule: 'classification:inferred-type',
      reason: `the subject type was "other"; the text points to ${chosen.type}`,
    });
  }
  if (settledTie) {
    rulesFired.push({
      rule: 'classification:type-settles-tie',
      reason: `${chosen.path} and another category of ${chosen.type} have as much evidence of their own (${scores}); the text is sure of ${chosen.type} (confidence ${typeConfidence}), whose categories here all go to one department, so the first listed is taken`,
    });
  }
  let subcategory: number | undefined;
  let subBest = 0;
  for (const index of chosen.subcategories) {
    const score = subcategoryScore.get(index) ?? 0;
    if (score > subBest) {
      subBest = score;
      subcategory = index;
    }
  }
  const typeHits: KeywordHit[] = [];
  const categoryHits: KeywordHit[] = [];
  const subcategoryHits: KeywordHit[] = [];
  for (const hit of hits) {
    const target = keywordRefs[hit.ref]?.target;
    if (target?.kind === 'type' && target.type === chosen.type) typeHits.push(hit);
    else if (target?.kind === 'category' && target.index === chosen.index) categoryHits.push(hit);
    else if (
      target?.kind === 'subcategory' &&
      subcategories[target.index]?.category === chosen.index
    ) {
      (target.index === subcategory ? subcategoryHits : categoryHits).push(hit);
    }
  }
  if (typeHits.length > 0) {
    rulesFired.push({ rule: `keyword:${chosen.type}`, reason: mentions(typeHits, compiled) });
  }
  if (categoryHits.length > 0) {
    rulesFired.push({ rule: `keyword:${chosen.path}`, reason: mentions(categoryHits, compiled) });
  }
  const sub = subcategory === undefined ? undefined : subcategories[subcategory];
  if (sub)
    rulesFired.push({ rule: `keyword:${sub.path}`, reason: mentions(subcategoryHits, compiled) });
  rulesFired.push({
    rule: 'classification:confidence',
    reason: `confidence ${confidence} (${givenType ? 'type named by the customer' : settledTie ? "the type's certainty, a tie within it" : corrected ? 'type corrected from the text' : 'type inferred'}; ${scores})`,
  });
  return {
    type: chosen.type,
    category: chosen.id,
    ...(sub ? { subcategory: sub.id } : {}),
    confidence,
    needsReview: false,
    rulesFired,
    candidates,
  };
}

/** Whether the given categories all route to one department (routing overrides can split a type). */
function oneDepartment(
  indexes: readonly number[],
  categories: CompiledPolicy['categories'],
  compiled: CompiledPolicy,
): boolean {
  const departments = new Set(
    indexes.map((index) => {
      const category = categories[index];
      return category
        ? route({ type: category.type, category: category.id }, compiled).department
        : '';
    }),
  );
  return departments.size === 1;
}

function topCandidates(
  categoryScore: ReadonlyMap<number, number>,
  subcategoryScore: ReadonlyMap<number, number>,
  compiled: CompiledPolicy,
): ReviewCandidate[] {
  const ranked = [...categoryScore.keys()];
  ranked.sort((a, b) => (categoryScore.get(b) ?? 0) - (categoryScore.get(a) ?? 0) || a - b);
  return ranked.slice(0, CANDIDATES).map((index) => {
    const category = compiled.categories[index];
    if (!category) throw new Error(`no category ${index}`);
    let sub: string | undefined;
    let subBest = 0;
    for (const subIndex of category.subcategories) {
      const score = subcategoryScore.get(subIndex) ?? 0;
      if (score > subBest) {
        subBest = score;
        sub = compiled.subcategories[subIndex]?.id;
      }
    }
    return {
      type: category.type,
      category: category.id,
      ...(sub ? { subcategory: sub } : {}),
      score: round(categoryScore.get(index) ?? 0),
    };
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
