import type { ReviewCandidate, RuleFired, SubjectType } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts } from './complaint-facts';
import { findKeywords, mentions, type KeywordHit } from './keyword-hits';

/**
 * DOMAIN §2 type and category (000, 004). The type is the customer's `subject.type` unless it is
 * `other`; the category (and subcategory) comes from keyword scoring of title and description.
 *
 * Score of a category = Σ weights of its distinct keywords found, its subcategories' included
 * (a keyword in the title weighs `titleWeight`, in the description 1). With s1 the best score
 * among the candidate categories (those of the given type, or of every type) and s2 the
 * runner-up:
 *
 *     evidence  = s1 / (s1 + 1)         one keyword 0.5, two 0.67, three 0.75 …
 *     share     = s1 / (s1 + s2)        1 when nothing competes, 0.5 on a tie
 *     category  = evidence × share      (0 when nothing matched)
 *     confidence = 0.5 + 0.5 × category   when the customer named the type
 *                = category               when the type was inferred from the text
 *
 * Below `classification.confidenceThreshold` the complaint needs review and is routed by type
 * alone: the customer's type (or `other`), that type's default category, no subcategory.
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

export function classify(
  facts: Pick<ComplaintFacts, 'subject' | 'title' | 'description'>,
  compiled: CompiledPolicy,
  options: ClassifyOptions = {},
): Classification {
  const hits = options.hits ?? findKeywords(facts, compiled);
  const { categories, subcategories, keywordRefs, allCategories } = compiled;
  // Scores of the few nodes the text touches (index → score); absent means 0.
  const categoryScore = new Map<number, number>();
  const subcategoryScore = new Map<number, number>();
  for (const hit of hits) {
    const target = keywordRefs[hit.ref]?.target;
    if (target?.kind === 'category') {
      categoryScore.set(target.index, (categoryScore.get(target.index) ?? 0) + hit.weight);
    } else if (target?.kind === 'subcategory') {
      const parent = subcategories[target.index]?.category ?? 0;
      subcategoryScore.set(target.index, (subcategoryScore.get(target.index) ?? 0) + hit.weight);
      categoryScore.set(parent, (categoryScore.get(parent) ?? 0) + hit.weight);
    }
  }

  const givenType =
    options.type ?? (facts.subject.type === 'other' ? undefined : facts.subject.type);
  const pool = givenType ? (compiled.categoriesOfType.get(givenType) ?? []) : allCategories;
  let best = -1;
  let s1 = 0;
  let s2 = 0;
  for (const index of pool) {
    const score = categoryScore.get(index) ?? 0;
    if (score > s1) {
      s2 = s1;
      s1 = score;
      best = index;
    } else if (score > s2) {
      s2 = score;
    }
  }
  const categoryConfidence = s1 > 0 ? (s1 / (s1 + 1)) * (s1 / (s1 + s2)) : 0;
  const confidence = round(givenType ? 0.5 + 0.5 * categoryConfidence : categoryConfidence);
  const threshold = compiled.policy.classification.confidenceThreshold;
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
  const scores = `best category score ${round(s1)}, runner-up ${round(s2)}`;
  const chosen = categories[best];
  if (confidence < threshold || !chosen) {
    const type = givenType ?? 'other';
    const category = compiled.policy.taxonomy.types[type].defaultCategory;
    rulesFired.push(
      confidence < threshold
        ? {
            rule: 'classification:low-confidence',
            reason: `confidence ${confidence} is below the threshold ${threshold} (${scores}); routed by type as ${type}.${category} and queued for review`,
          }
        : {
            rule: 'classification:default-category',
            reason: `nothing in the text points to a category of ${type}; default ${type}.${category}`,
          },
    );
    return {
      type,
      category,
      confidence,
      needsReview: confidence < threshold,
      rulesFired,
      candidates,
    };
  }

  if (!givenType) {
    rulesFired.push({
      rule: 'classification:inferred-type',
      reason: `the subject type was "other"; the text points to ${chosen.type}`,
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
  const categoryHits: KeywordHit[] = [];
  const subcategoryHits: KeywordHit[] = [];
  for (const hit of hits) {
    const target = keywordRefs[hit.ref]?.target;
    if (target?.kind === 'category' && target.index === chosen.index) categoryHits.push(hit);
    else if (
      target?.kind === 'subcategory' &&
      subcategories[target.index]?.category === chosen.index
    ) {
      (target.index === subcategory ? subcategoryHits : categoryHits).push(hit);
    }
  }
  if (categoryHits.length > 0) {
    rulesFired.push({ rule: `keyword:${chosen.path}`, reason: mentions(categoryHits, compiled) });
  }
  const sub = subcategory === undefined ? undefined : subcategories[subcategory];
  if (sub)
    rulesFired.push({ rule: `keyword:${sub.path}`, reason: mentions(subcategoryHits, compiled) });
  rulesFired.push({
    rule: 'classification:confidence',
    reason: `confidence ${confidence} (${givenType ? 'type named by the customer' : 'type inferred'}; ${scores})`,
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
