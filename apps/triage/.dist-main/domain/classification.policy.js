"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.classify = classify;
const keyword_hits_1 = require("./keyword-hits");
const CANDIDATES = 3;
function classify(facts, compiled, options = {}) {
    const hits = options.hits ?? (0, keyword_hits_1.findKeywords)(facts, compiled);
    const { categories, subcategories, keywordRefs } = compiled;
    // Scores of the few nodes the text touches (index → score); absent means 0. Each category
    // also keeps its words (normalised keyword → weight) to see what it shares with a rival.
    const categoryScore = new Map();
    const subcategoryScore = new Map();
    const categoryWords = new Map();
    // What a category's own words (its and its subcategories', not its type's) add up to.
    const ownScore = new Map();
    const count = (category, text, weight, own = true) => {
        let words = categoryWords.get(category);
        if (!words)
            categoryWords.set(category, (words = new Map()));
        const before = words.get(text) ?? 0;
        // A word the category lists twice (itself and a subcategory, or its type) counts once.
        if (weight > before) {
            words.set(text, weight);
            categoryScore.set(category, (categoryScore.get(category) ?? 0) + weight - before);
            if (own)
                ownScore.set(category, (ownScore.get(category) ?? 0) + weight - before);
        }
    };
    /** A category the text names by its own words, not only by its type's. */
    const claimed = (index) => (ownScore.get(index) ?? 0) > 0;
    for (const hit of hits) {
        const ref = keywordRefs[hit.ref];
        const target = ref?.target;
        if (!ref || !target)
            continue;
        if (target.kind === 'category') {
            count(target.index, ref.text, hit.weight);
        }
        else if (target.kind === 'subcategory') {
            count(subcategories[target.index]?.category ?? 0, ref.text, hit.weight);
            subcategoryScore.set(target.index, (subcategoryScore.get(target.index) ?? 0) + hit.weight);
        }
        else if (target.kind === 'type') {
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
    const certaintyOf = (best, s1, rival) => {
        let share = 1;
        const own = categoryWords.get(best);
        for (const index of touched) {
            const score = categoryScore.get(index) ?? 0;
            if (index === best || score === 0 || !rival(index))
                continue;
            let shared = 0;
            for (const [text, weight] of categoryWords.get(index) ?? []) {
                const mine = own?.get(text);
                if (mine !== undefined)
                    shared += Math.min(mine, weight);
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
    const choose = (only) => {
        let best = -1;
        let s1 = 0;
        let s2 = 0;
        for (const index of touched) {
            if (!only(index))
                continue;
            const score = categoryScore.get(index) ?? 0;
            if (score > s1) {
                s2 = s1;
                s1 = score;
                best = index;
            }
            else if (score > s2) {
                s2 = score;
            }
        }
        if (best < 0)
            return { best, s1: 0, s2: 0, value: 0, tied: false };
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
    const typeCertainty = anchor && inferredType
        ? certaintyOf(anchor.best, anchor.s1, (index) => categories[index]?.type !== inferredType)
        : { value: 0, tied: false };
    const typeConfidence = round(typeCertainty.value);
    const typeSure = !typeCertainty.tied && typeConfidence >= threshold;
    const corrected = namedType !== undefined && inferredType !== undefined && inferredType !== namedType && typeSure;
    const givenType = options.type ?? (corrected ? undefined : namedType);
    const choice = givenType
        ? choose((index) => claimed(index) && categories[index]?.type === givenType)
        : (inferred ?? choose(claimed));
    const { best, s1, s2 } = choice;
    const confidence = round(givenType ? 0.5 + 0.5 * choice.value : choice.value);
    // A named type settles the department: a tie among its categories is decided in policy order.
    const tied = !givenType && choice.tied;
    const candidates = topCandidates(categoryScore, subcategoryScore, compiled);
    const rulesFired = [];
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
        const sure = type === inferredType && !givenType
            ? `; the text points to ${type} with confidence ${typeConfidence}`
            : '';
        rulesFired.push(!chosen
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
                });
        return { type, category, confidence, needsReview: true, rulesFired, candidates };
    }
    if (!givenType && !corrected) {
        rulesFired.push({
            rule: 'classification:inferred-type',
            reason: `the subject type was "other"; the text points to ${chosen.type}`,
        });
    }
    let subcategory;
    let subBest = 0;
    for (const index of chosen.subcategories) {
        const score = subcategoryScore.get(index) ?? 0;
        if (score > subBest) {
            subBest = score;
            subcategory = index;
        }
    }
    const typeHits = [];
    const categoryHits = [];
    const subcategoryHits = [];
    for (const hit of hits) {
        const target = keywordRefs[hit.ref]?.target;
        if (target?.kind === 'type' && target.type === chosen.type)
            typeHits.push(hit);
        else if (target?.kind === 'category' && target.index === chosen.index)
            categoryHits.push(hit);
        else if (target?.kind === 'subcategory' &&
            subcategories[target.index]?.category === chosen.index) {
            (target.index === subcategory ? subcategoryHits : categoryHits).push(hit);
        }
    }
    if (typeHits.length > 0) {
        rulesFired.push({ rule: `keyword:${chosen.type}`, reason: (0, keyword_hits_1.mentions)(typeHits, compiled) });
    }
    if (categoryHits.length > 0) {
        rulesFired.push({ rule: `keyword:${chosen.path}`, reason: (0, keyword_hits_1.mentions)(categoryHits, compiled) });
    }
    const sub = subcategory === undefined ? undefined : subcategories[subcategory];
    if (sub)
        rulesFired.push({ rule: `keyword:${sub.path}`, reason: (0, keyword_hits_1.mentions)(subcategoryHits, compiled) });
    rulesFired.push({
        rule: 'classification:confidence',
        reason: `confidence ${confidence} (${givenType ? 'type named by the customer' : corrected ? 'type corrected from the text' : 'type inferred'}; ${scores})`,
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
function topCandidates(categoryScore, subcategoryScore, compiled) {
    const ranked = [...categoryScore.keys()];
    ranked.sort((a, b) => (categoryScore.get(b) ?? 0) - (categoryScore.get(a) ?? 0) || a - b);
    return ranked.slice(0, CANDIDATES).map((index) => {
        const category = compiled.categories[index];
        if (!category)
            throw new Error(`no category ${index}`);
        let sub;
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
function round(value) {
    return Math.round(value * 1000) / 1000;
}
//# sourceMappingURL=classification.policy.js.map