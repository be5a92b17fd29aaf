"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.compilePolicy = compilePolicy;
exports.isTaxonomyTarget = isTaxonomyTarget;
exports.routingKey = routingKey;
const contracts_1 = require("@redress/contracts");
const business_time_1 = require("@redress/business-time");
const errors_1 = require("./errors");
const keyword_matcher_1 = require("./keyword-matcher");
const policy_validation_1 = require("./policy-validation");
/**
 * Validates `policy` (throwing `InvalidTriagePolicy` with every problem) and prepares it.
 * `version` is the number the service gave this policy; decisions carry it as `policyVersion`.
 */
function compilePolicy(policy, version) {
    const problems = (0, policy_validation_1.validatePolicy)(policy);
    if (!Number.isInteger(version) || version < 1) {
        problems.push({ path: '(version)', message: `must be a whole number from 1, got ${version}` });
    }
    if (problems.length > 0)
        throw new errors_1.InvalidTriagePolicy(problems);
    const valid = deepFreeze(structuredClone(policy));
    const builder = new KeywordIndexBuilder();
    const categories = [];
    const subcategories = [];
    const categoriesOfType = new Map();
    const categoryIndex = new Map();
    for (const type of contracts_1.SUBJECT_TYPES) {
        const indexes = [];
        categoriesOfType.set(type, indexes);
        builder.add(valid.taxonomy.types[type].keywords ?? [], { kind: 'type', type });
        for (const [id, category] of Object.entries(valid.taxonomy.types[type].categories)) {
            const index = categories.length;
            const subs = [];
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
    valid.severity.rules.forEach((rule, index) => builder.add(rule.keywords, { kind: 'severity', index }));
    valid.escalation.keywordRules.forEach((rule, index) => builder.add(rule.keywords, { kind: 'escalation', index }));
    const routingOverrides = new Map();
    for (const row of valid.routing.overrides) {
        routingOverrides.set(routingKey(row.type, row.category, row.subcategory), row.department);
    }
    return Object.freeze({
        version,
        policy: valid,
        businessCalendar: new business_time_1.BusinessCalendar(calendarConfig(valid.calendar)),
        aroundTheClock: new business_time_1.AroundTheClock(),
        categories,
        subcategories,
        categoriesOfType,
        allCategories: categories.map((category) => category.index),
        categoryIndex,
        routingOverrides,
        keywordRefs: builder.refs,
        patternRefs: builder.patternRefs,
        taxonomyPatterns: Uint8Array.from(builder.patternRefs, (refs) => refs.some((ref) => isTaxonomyTarget(builder.refs[ref]?.target)) ? 1 : 0),
        automaton: new keyword_matcher_1.KeywordAutomaton(builder.patterns),
    });
}
/** Whether a keyword is evidence for the taxonomy (classification), not for a grading rule. */
function isTaxonomyTarget(target) {
    return target?.kind === 'type' || target?.kind === 'category' || target?.kind === 'subcategory';
}
function routingKey(type, category, subcategory) {
    return `${type}/${category}/${subcategory ?? ''}`;
}
function calendarConfig(calendar) {
    if (typeof calendar !== 'string')
        return calendar;
    const preset = business_time_1.CALENDAR_PRESETS[calendar];
    // validatePolicy has checked the name; this guards a caller that skipped it.
    if (!preset)
        throw new errors_1.InvalidTriagePolicy([{ path: 'calendar', message: 'unknown preset' }]);
    return preset;
}
/**
 * Deduplicates patterns across the whole policy: a keyword listed for several rules (or its
 * traditional and simplified spellings) becomes one automaton pattern with several refs.
 */
class KeywordIndexBuilder {
    patterns = [];
    patternRefs = [];
    refs = [];
    patternByKey = new Map();
    add(keywords, target) {
        // Within one target a keyword counts once: 破損 and 破损 share one ref, and a pattern (a
        // plural, say) that two keywords of the target both produce points to the first of them.
        const refByText = new Map();
        const patternsOfTarget = new Set();
        for (const keyword of keywords) {
            const patterns = (0, keyword_matcher_1.keywordPatterns)(keyword);
            const [first] = patterns;
            if (!first)
                continue;
            const textKey = patternKey(first);
            let ref = refByText.get(textKey);
            if (ref === undefined) {
                ref = this.refs.length;
                this.refs.push({ target, keyword: keyword.trim(), text: textKey });
                refByText.set(textKey, ref);
            }
            for (const pattern of patterns) {
                const index = this.patternIndex(pattern);
                if (patternsOfTarget.has(index))
                    continue;
                patternsOfTarget.add(index);
                this.patternRefs[index]?.push(ref);
            }
        }
    }
    patternIndex(pattern) {
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
function patternKey(pattern) {
    return `${pattern.prefix ? '*' : '='}${pattern.text}`;
}
function deepFreeze(value) {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        for (const member of Object.values(value))
            deepFreeze(member);
        Object.freeze(value);
    }
    return value;
}
//# sourceMappingURL=compiled-policy.js.map