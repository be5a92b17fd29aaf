"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.classifyCorpus = classifyCorpus;
exports.summarise = summarise;
exports.subjectNaming = subjectNaming;
exports.misses = misses;
exports.categoryOf = categoryOf;
exports.categoryScores = categoryScores;
const contracts_1 = require("@redress/contracts");
const domain_1 = require("../domain");
const corpus_1 = require("./corpus");
// Only the classification is compared; these fix everything else a decision depends on.
const REGISTERED_AT = '2026-03-02T02:00:00.000Z';
const DECIDED_AT = new Date('2026-03-02T02:05:00.000Z');
const OPEN = { status: 'open', clusterCount: 1, repeatAfterClosure: false };
function classifyCorpus(items, compiled, options = {}) {
    return items.map((item, index) => {
        const facts = {
            complaintId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
            registeredAt: REGISTERED_AT,
            subject: options.textOnly ? { ...item.subject, type: 'other' } : item.subject,
            ...(item.title === undefined ? {} : { title: item.title }),
            description: item.description,
            complainantCount: 1,
            flags: contracts_1.NO_FLAGS,
        };
        const decision = (0, domain_1.triage)(facts, OPEN, compiled, DECIDED_AT);
        return {
            item,
            decided: {
                type: decision.type,
                category: decision.category,
                ...(decision.subcategory === undefined ? {} : { subcategory: decision.subcategory }),
                department: decision.department,
                needsReview: decision.needsReview,
                confidence: decision.confidence,
            },
            rulesFired: decision.rulesFired,
            candidates: options.candidates ? (0, domain_1.classify)(facts, compiled).candidates : [],
        };
    });
}
/**
 * The figures of a set of outcomes. Nothing in it quotes an item's text or id, so a report of
 * the evaluation half can be printed and stored without showing what is in it.
 */
function summarise(outcomes, topConfusions = 10) {
    const byLanguage = {};
    for (const language of corpus_1.CORPUS_LANGUAGES) {
        const subset = outcomes.filter((o) => o.item.language === language);
        if (subset.length > 0)
            byLanguage[language] = figures(subset);
    }
    const bySubjectNaming = {};
    for (const naming of ['named', 'misnamed', 'unnamed']) {
        const subset = outcomes.filter((o) => subjectNaming(o.item) === naming);
        if (subset.length > 0)
            bySubjectNaming[naming] = figures(subset);
    }
    const categoryPairs = count(outcomes, (o) => [
        categoryOf(o.item.expected),
        categoryOf(o.decided),
    ]);
    return {
        overall: figures(outcomes),
        reviews: reviews(outcomes),
        byLanguage,
        bySubjectNaming,
        categories: categoryScores(outcomes),
        departments: count(outcomes, (o) => [o.item.expected.department, o.decided.department]),
        categoryConfusions: categoryPairs
            .filter((pair) => pair.expected !== pair.decided)
            .slice(0, topConfusions),
    };
}
function reviews(outcomes) {
    const reviewed = outcomes.filter((o) => o.decided.needsReview);
    const fired = (o, rule) => o.rulesFired.some((r) => r.rule === rule);
    return {
        total: reviewed.length,
        noEvidence: reviewed.filter((o) => fired(o, 'classification:no-evidence')).length,
        lowConfidence: reviewed.filter((o) => fired(o, 'classification:low-confidence')).length,
        tie: reviewed.filter((o) => fired(o, 'classification:tie')).length,
        rightDepartment: reviewed.filter((o) => o.decided.department === o.item.expected.department)
            .length,
    };
}
function subjectNaming(item) {
    if (item.subject.type === 'other')
        return 'unnamed';
    return item.subject.type === item.expected.type ? 'named' : 'misnamed';
}
/** The outcomes whose department or category is wrong, or that would go to review. */
function misses(outcomes) {
    return outcomes.filter((o) => o.decided.needsReview ||
        o.decided.department !== o.item.expected.department ||
        categoryOf(o.decided) !== categoryOf(o.item.expected));
}
function categoryOf(label) {
    return `${label.type}.${label.category}`;
}
function figures(outcomes) {
    const n = outcomes.length;
    const share = (hits, of) => (of === 0 ? 0 : hits / of);
    const countIf = (list, test) => list.reduce((sum, o) => sum + (test(o) ? 1 : 0), 0);
    const rightDepartment = (o) => o.decided.department === o.item.expected.department;
    const withSubcategory = outcomes.filter((o) => o.item.expected.subcategory !== undefined);
    const decided = outcomes.filter((o) => !o.decided.needsReview);
    const scores = categoryScores(outcomes);
    return {
        complaints: n,
        departmentAccuracy: share(countIf(outcomes, rightDepartment), n),
        typeAccuracy: share(countIf(outcomes, (o) => o.decided.type === o.item.expected.type), n),
        categoryAccuracy: share(countIf(outcomes, (o) => categoryOf(o.decided) === categoryOf(o.item.expected)), n),
        categoryMacroF1: share(scores.reduce((sum, s) => sum + s.f1, 0), scores.length),
        subcategoryAccuracy: withSubcategory.length === 0
            ? null
            : share(countIf(withSubcategory, (o) => categoryOf(o.decided) === categoryOf(o.item.expected) &&
                o.decided.subcategory === o.item.expected.subcategory), withSubcategory.length),
        reviewRate: share(countIf(outcomes, (o) => o.decided.needsReview), n),
        decidedDepartmentAccuracy: decided.length === 0 ? null : share(countIf(decided, rightDepartment), decided.length),
    };
}
/**
 * Precision, recall and F1 of each `type.category` that some item is labelled with. Decisions
 * of a category no item is labelled with (a type's default category, say) count against the
 * recall of the item's own label and nowhere else, so the mean over labels is the usual macro-F1
 * over the classes of the truth.
 */
function categoryScores(outcomes) {
    const support = new Map();
    const decidedAs = new Map();
    const right = new Map();
    const add = (map, key) => {
        map.set(key, (map.get(key) ?? 0) + 1);
    };
    for (const o of outcomes) {
        const expected = categoryOf(o.item.expected);
        const decided = categoryOf(o.decided);
        add(support, expected);
        add(decidedAs, decided);
        if (expected === decided)
            add(right, expected);
    }
    return [...support.keys()].sort().map((category) => {
        const tp = right.get(category) ?? 0;
        const precision = tp === 0 ? 0 : tp / (decidedAs.get(category) ?? tp);
        const recall = tp / (support.get(category) ?? 1);
        const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
        return { category, support: support.get(category) ?? 0, precision, recall, f1 };
    });
}
function count(outcomes, pair) {
    const counts = new Map();
    for (const o of outcomes) {
        const [expected, decided] = pair(o);
        const key = `${expected}\u0000${decided}`;
        const found = counts.get(key);
        if (found)
            found.count += 1;
        else
            counts.set(key, { expected, decided, count: 1 });
    }
    return [...counts.values()].sort((a, b) => b.count - a.count ||
        a.expected.localeCompare(b.expected) ||
        a.decided.localeCompare(b.decided));
}
//# sourceMappingURL=measure.js.map