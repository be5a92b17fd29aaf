"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findKeywords = findKeywords;
exports.mentions = mentions;
const compiled_policy_1 = require("./compiled-policy");
const text_normaliser_1 = require("./text-normaliser");
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
function findKeywords(text, compiled) {
    const hits = [];
    const found = [];
    const ends = [];
    const { automaton, patternRefs, keywordRefs, taxonomyPatterns } = compiled;
    /** Whether occurrence i lies within a longer occurrence of a taxonomy keyword. */
    const insideLonger = (i) => {
        const end = ends[i] ?? 0;
        const length = automaton.lengthOf(found[i] ?? 0);
        for (let j = 0; j < found.length; j++) {
            const other = found[j] ?? 0;
            const otherLength = automaton.lengthOf(other);
            if (otherLength <= length || taxonomyPatterns[other] !== 1)
                continue;
            const otherEnd = ends[j] ?? 0;
            if (otherEnd >= end && otherEnd - otherLength <= end - length)
                return true;
        }
        return false;
    };
    const collect = (value, field, weight) => {
        if (!value)
            return;
        found.length = 0;
        ends.length = 0;
        automaton.scan((0, text_normaliser_1.normaliseText)(value), found, ends);
        for (let i = 0; i < found.length; i++) {
            const pattern = found[i] ?? 0;
            const nested = found.length > 1 && taxonomyPatterns[pattern] === 1 && insideLonger(i);
            for (const ref of patternRefs[pattern] ?? []) {
                if (nested && (0, compiled_policy_1.isTaxonomyTarget)(keywordRefs[ref]?.target))
                    continue;
                // A complaint hits a handful of keywords: a scan beats allocating a set per decision.
                if (!hits.some((hit) => hit.ref === ref))
                    hits.push({ ref, field, weight });
            }
        }
    };
    // The title first: a keyword found in both places counts with the title's weight.
    collect(text.title, 'title', compiled.policy.classification.titleWeight);
    collect(text.description, 'description', 1);
    return hits;
}
/** `description mentions "异物", "苍蝇"; title mentions "fly"` */
function mentions(hits, compiled) {
    const byField = new Map();
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
//# sourceMappingURL=keyword-hits.js.map