"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.triage = triage;
exports.reviewRequestFor = reviewRequestFor;
exports.reassess = reassess;
exports.reclassify = reclassify;
const contracts_1 = require("@redress/contracts");
const classification_policy_1 = require("./classification.policy");
const errors_1 = require("./errors");
const escalation_policy_1 = require("./escalation.policy");
const grades_1 = require("./grades");
const keyword_hits_1 = require("./keyword-hits");
const routing_policy_1 = require("./routing.policy");
const severity_policy_1 = require("./severity.policy");
const sla_policy_1 = require("./sla.policy");
const triage_decision_1 = require("./triage-decision");
/** The service itself, as the actor of automatic changes. */
const TRIAGE_SERVICE = { kind: 'system', id: 'triage' };
/**
 * DOMAIN §2 in one decision: type and category, department, severity and its deadlines,
 * escalation class with who is told and who approves, and every rule that fired. `now` is when
 * the decision is made (age rules); the SLA clocks count from registration.
 */
function triage(facts, context, compiled, now) {
    const hits = (0, keyword_hits_1.findKeywords)(facts, compiled);
    const classification = (0, classification_policy_1.classify)(facts, compiled, { hits });
    const routing = (0, routing_policy_1.route)(classification, compiled);
    const severity = (0, severity_policy_1.assessSeverity)(facts, compiled, hits);
    const escalation = (0, escalation_policy_1.assessEscalation)(facts, context, compiled, now, hits);
    const customerTier = facts.customerTier ?? 'unknown';
    const clocking = (0, sla_policy_1.deadlinesFor)(severity.severity, customerTier, new Date((0, escalation_policy_1.instant)(facts.registeredAt)), compiled);
    return {
        complaintId: facts.complaintId,
        type: classification.type,
        category: classification.category,
        ...(classification.subcategory ? { subcategory: classification.subcategory } : {}),
        severity: severity.severity,
        escalationClass: escalation.escalationClass,
        department: routing.department,
        customerTier,
        deadlines: clocking.deadlines,
        rulesFired: [
            ...classification.rulesFired,
            routing.rule,
            ...severity.firings.map((f) => f.rule),
            ...escalation.firings.map((f) => f.rule),
            ...clocking.rulesFired,
        ],
        policyVersion: compiled.version,
        confidence: classification.confidence,
        needsReview: classification.needsReview,
        ...(0, escalation_policy_1.recipientsFor)(escalation.escalationClass, compiled),
        registeredAt: facts.registeredAt,
        triagedAt: now.toISOString(),
    };
}
/** The review request that goes with a decision that needs review; undefined otherwise. */
function reviewRequestFor(facts, decision, compiled, now) {
    if (!decision.needsReview)
        return undefined;
    return reviewRequest(decision.complaintId, (0, classification_policy_1.classify)(facts, compiled), compiled, now);
}
function reviewRequest(complaintId, classification, compiled, now) {
    const threshold = compiled.policy.classification.confidenceThreshold;
    return {
        complaintId,
        requestedAt: now.toISOString(),
        reason: `classification confidence ${classification.confidence} is below the threshold ${threshold}`,
        confidence: classification.confidence,
        threshold,
        candidates: classification.candidates,
        policyVersion: compiled.version,
    };
}
const CLASSIFYING_FACTS = new Set(['title', 'description', 'subject']);
/**
 * Re-assesses a triaged complaint after an amendment, a timer, a new cluster count or a hot
 * topic (DOMAIN §2: "a complaint can be re-escalated later without anyone touching it").
 *
 * - Reclassification: only when the title, description or subject were amended
 *   (`context.amendedFields`); fields a supervisor set are kept.
 * - Escalation: severity and class only ever rise automatically, and only through a rule that
 *   has not fired for this complaint before — so a grade a supervisor lowered is not raised
 *   again by the same rule. When severity rises the new clocks start now, but no deadline moves
 *   later than it already was.
 * - A withdrawn complaint is left as it is.
 */
function reassess(previous, facts, context, compiled, now) {
    const result = { decision: previous, events: [] };
    if (context.status === 'withdrawn')
        return result;
    const hits = (0, keyword_hits_1.findKeywords)(facts, compiled);
    const apply = (event) => {
        result.events.push(event);
        result.decision = (0, triage_decision_1.evolve)(result.decision, event) ?? result.decision;
    };
    if (context.amendedFields?.some((field) => CLASSIFYING_FACTS.has(field))) {
        const locked = new Set(previous.overriddenFields ?? []);
        const categoryLocked = locked.has('category') || locked.has('subcategory');
        const typeLocked = locked.has('type') || categoryLocked;
        const classification = (0, classification_policy_1.classify)(facts, compiled, {
            hits,
            ...(typeLocked ? { type: previous.type } : {}),
        });
        const next = {
            type: typeLocked ? previous.type : classification.type,
            category: categoryLocked ? previous.category : classification.category,
        };
        const subcategory = locked.has('subcategory')
            ? previous.subcategory
            : categoryLocked && classification.category !== previous.category
                ? previous.subcategory
                : classification.subcategory;
        if (subcategory)
            next.subcategory = subcategory;
        const routing = locked.has('department') ? undefined : (0, routing_policy_1.route)(next, compiled);
        const after = {
            ...snapshot(previous),
            ...next,
            department: routing?.department ?? previous.department,
        };
        if (!next.subcategory)
            delete after.subcategory;
        const changedFields = changes(snapshot(previous), after);
        const needsReview = classification.needsReview && !categoryLocked;
        if (changedFields.length > 0) {
            const reclassified = {
                complaintId: previous.complaintId,
                reclassifiedAt: now.toISOString(),
                by: TRIAGE_SERVICE,
                reason: `facts amended: ${(context.amendedFields ?? []).join(', ')}`,
                before: snapshot(previous),
                after,
                changedFields,
                deadlines: previous.deadlines,
                confidence: classification.confidence,
                needsReview,
                notify: previous.notify,
                approver: previous.approver,
                reportToHeadquarters: previous.reportToHeadquarters,
                overriddenFields: previous.overriddenFields ?? [],
                rulesFired: [...classification.rulesFired, ...(routing ? [routing.rule] : [])],
                policyVersion: compiled.version,
            };
            result.reclassified = reclassified;
            apply({ type: 'ComplaintReclassified', data: reclassified });
        }
        if (needsReview && !previous.needsReview) {
            result.reviewRequested = reviewRequest(previous.complaintId, classification, compiled, now);
            apply({ type: 'TriageReviewRequested', data: result.reviewRequested });
        }
    }
    const state = result.decision;
    const known = new Set(state.rulesFired.map((r) => r.rule));
    const severity = (0, severity_policy_1.assessSeverity)(facts, compiled, hits);
    const escalation = (0, escalation_policy_1.assessEscalation)(facts, context, compiled, now, hits);
    const newRules = [];
    let severityTo = state.severity;
    for (const firing of severity.firings) {
        if (known.has(firing.rule.rule))
            continue;
        // "Nothing fired" counts only when it actually lifts the level (a question that is no more).
        if (firing.rule.rule === 'severity:default' &&
            (0, grades_1.severityRank)(firing.severity) <= (0, grades_1.severityRank)(state.severity))
            continue;
        newRules.push(firing.rule);
        severityTo = (0, grades_1.higherSeverity)(severityTo, firing.severity);
    }
    let classTo = state.escalationClass;
    for (const firing of escalation.firings) {
        if (known.has(firing.rule.rule) || firing.rule.rule === 'escalation:default')
            continue;
        newRules.push(firing.rule);
        classTo = (0, grades_1.higherClass)(classTo, firing.escalationClass);
    }
    if (severityTo === state.severity && classTo === state.escalationClass)
        return result;
    const escalated = {
        complaintId: state.complaintId,
        escalatedAt: now.toISOString(),
        from: state.escalationClass,
        to: classTo,
        rulesFired: newRules,
        ...(0, escalation_policy_1.recipientsFor)(classTo, compiled),
        policyVersion: compiled.version,
    };
    if (severityTo !== state.severity) {
        const restarted = (0, sla_policy_1.deadlinesFor)(severityTo, state.customerTier, now, compiled);
        escalated.severity = { from: state.severity, to: severityTo };
        escalated.deadlines = (0, sla_policy_1.earliestDeadlines)(state.deadlines, restarted.deadlines);
        escalated.rulesFired.push(...restarted.rulesFired.map((r) => ({
            rule: r.rule,
            reason: `${r.reason}; restarted at ${now.toISOString()}, no deadline later than before`,
        })));
    }
    result.escalated = escalated;
    apply({ type: 'ComplaintEscalated', data: escalated });
    return result;
}
const DEPARTMENT = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/**
 * A supervisor sets type, category, subcategory, severity, escalation class or department. A
 * person decides, so the grade may go down too; the fields set are kept by later automatic
 * re-assessments. A new type without a category takes that type's default category; a new
 * classification without a department is routed by the table. A higher severity restarts the
 * clocks now (no deadline later than before); a lower one recounts them from registration.
 * Reviewing a complaint ends its review.
 */
function reclassify(previous, input, compiled, now) {
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (!reason)
        throw new errors_1.ReasonRequired();
    if (typeof input.by !== 'string' || !input.by.trim()) {
        throw new contracts_1.InvalidInput('by', 'must name the supervisor');
    }
    const given = givenFields(input);
    const before = snapshot(previous);
    const type = input.type ?? previous.type;
    if (!contracts_1.SUBJECT_TYPES.includes(type)) {
        throw new contracts_1.InvalidInput('type', `must be one of ${contracts_1.SUBJECT_TYPES.join(', ')}`);
    }
    const typeNode = compiled.policy.taxonomy.types[type];
    const category = input.category ?? (type === previous.type ? previous.category : typeNode.defaultCategory);
    const categoryNode = typeNode.categories[category];
    if (!categoryNode) {
        throw new contracts_1.InvalidInput('category', `"${category}" is not a category of ${type}; categories: ${Object.keys(typeNode.categories).join(', ')}`);
    }
    const keepsCategory = type === previous.type && category === previous.category;
    const subcategory = input.subcategory === null
        ? undefined
        : (input.subcategory ?? (keepsCategory ? previous.subcategory : undefined));
    if (subcategory !== undefined && !categoryNode.subcategories?.[subcategory]) {
        throw new contracts_1.InvalidInput('subcategory', `"${subcategory}" is not a subcategory of ${type}.${category}; subcategories: ${Object.keys(categoryNode.subcategories ?? {}).join(', ') || 'none'}`);
    }
    if (input.severity !== undefined && !contracts_1.SEVERITIES.includes(input.severity)) {
        throw new contracts_1.InvalidInput('severity', `must be one of ${contracts_1.SEVERITIES.join(', ')}`);
    }
    if (input.escalationClass !== undefined && !contracts_1.ESCALATION_CLASSES.includes(input.escalationClass)) {
        throw new contracts_1.InvalidInput('escalationClass', `must be one of ${contracts_1.ESCALATION_CLASSES.join(', ')}`);
    }
    if (input.department !== undefined && !DEPARTMENT.test(input.department)) {
        throw new contracts_1.InvalidInput('department', 'must be a department name such as customer-service');
    }
    const rulesFired = [
        {
            rule: 'supervisor:reclassification',
            reason: `a supervisor set ${given.join(', ')}: ${reason}`,
        },
    ];
    const classificationChanged = type !== previous.type ||
        category !== previous.category ||
        subcategory !== previous.subcategory;
    if (classificationChanged) {
        rulesFired.push({
            rule: 'classification:supervisor',
            reason: `${type}.${category}${subcategory ? `.${subcategory}` : ''} set by a supervisor`,
        });
    }
    let department = previous.department;
    if (input.department !== undefined) {
        department = input.department;
        rulesFired.push({
            rule: 'routing:supervisor',
            reason: `a supervisor routed it to ${department}`,
        });
    }
    else if (classificationChanged && !previous.overriddenFields?.includes('department')) {
        const routing = (0, routing_policy_1.route)({ type, category, ...(subcategory ? { subcategory } : {}) }, compiled);
        department = routing.department;
        rulesFired.push(routing.rule);
    }
    const after = {
        type,
        category,
        ...(subcategory ? { subcategory } : {}),
        severity: input.severity ?? previous.severity,
        escalationClass: input.escalationClass ?? previous.escalationClass,
        department,
    };
    const changedFields = changes(before, after);
    if (changedFields.length === 0)
        throw new errors_1.NothingToReclassify();
    let deadlines = previous.deadlines;
    if (after.severity !== previous.severity) {
        const rising = (0, grades_1.severityRank)(after.severity) > (0, grades_1.severityRank)(previous.severity);
        const clocking = (0, sla_policy_1.deadlinesFor)(after.severity, previous.customerTier, rising ? now : new Date((0, escalation_policy_1.instant)(previous.registeredAt)), compiled);
        deadlines = rising
            ? (0, sla_policy_1.earliestDeadlines)(previous.deadlines, clocking.deadlines)
            : clocking.deadlines;
        rulesFired.push(...clocking.rulesFired);
    }
    const recipients = after.escalationClass === previous.escalationClass
        ? {
            notify: previous.notify,
            approver: previous.approver,
            reportToHeadquarters: previous.reportToHeadquarters,
        }
        : (0, escalation_policy_1.recipientsFor)(after.escalationClass, compiled);
    const overridden = new Set([...(previous.overriddenFields ?? []), ...given]);
    // A category belongs to a type, a subcategory to a category: setting one fixes its parents.
    if (overridden.has('subcategory'))
        overridden.add('category');
    if (overridden.has('category'))
        overridden.add('type');
    const reclassified = {
        complaintId: previous.complaintId,
        reclassifiedAt: now.toISOString(),
        by: { kind: 'supervisor', id: input.by.trim() },
        reason,
        before,
        after,
        changedFields,
        deadlines,
        confidence: previous.confidence,
        needsReview: false,
        ...recipients,
        overriddenFields: contracts_1.CLASSIFICATION_FIELDS.filter((field) => overridden.has(field)),
        rulesFired,
        policyVersion: compiled.version,
    };
    const decision = (0, triage_decision_1.evolve)(previous, { type: 'ComplaintReclassified', data: reclassified }) ?? previous;
    return { decision, reclassified };
}
function givenFields(input) {
    return contracts_1.CLASSIFICATION_FIELDS.filter((field) => input[field] !== undefined);
}
function snapshot(decision) {
    return {
        type: decision.type,
        category: decision.category,
        ...(decision.subcategory ? { subcategory: decision.subcategory } : {}),
        severity: decision.severity,
        escalationClass: decision.escalationClass,
        department: decision.department,
    };
}
function changes(before, after) {
    return contracts_1.CLASSIFICATION_FIELDS.filter((field) => before[field] !== after[field]);
}
//# sourceMappingURL=triage.decider.js.map