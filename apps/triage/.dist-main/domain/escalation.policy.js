"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DAY_MS = void 0;
exports.assessEscalation = assessEscalation;
exports.recipientsFor = recipientsFor;
exports.escalationTimers = escalationTimers;
exports.instant = instant;
const contracts_1 = require("@redress/contracts");
const grades_1 = require("./grades");
const keyword_hits_1 = require("./keyword-hits");
const severity_policy_1 = require("./severity.policy");
exports.DAY_MS = 86_400_000;
/**
 * DOMAIN §2 escalation class (003). Every rule that fires is listed; the highest class wins:
 * flags (lawsuit filed, media exposure → major; threats → hot), collective size (≥ 5 major,
 * ≥ 3 hot), the cluster of different complainants about the same subject (≥ 3 in 30 days →
 * hot), a repeat after closure (important), an active hot topic, age while open (> 1 week hot,
 * > 1 month major) and keyword rules.
 */
function assessEscalation(facts, context, compiled, now, hits = (0, keyword_hits_1.findKeywords)(facts, compiled)) {
    const policy = compiled.policy.escalation;
    const firings = [];
    const fire = (escalationClass, rule, reason) => {
        firings.push({
            escalationClass,
            rule: { rule: `escalation:${rule}`, reason: `${reason} (→ ${escalationClass})` },
        });
    };
    for (const flag of contracts_1.FLAG_NAMES) {
        const escalationClass = policy.flags[flag];
        if (facts.flags[flag] && escalationClass)
            fire(escalationClass, `flag.${flag}`, severity_policy_1.FLAG_REASONS[flag]);
    }
    for (const rule of policy.collective) {
        if (facts.complainantCount >= rule.minComplainants) {
            fire(rule.class, rule.id, `${facts.complainantCount} complainants in one collective complaint (≥ ${rule.minComplainants})`);
        }
    }
    for (const rule of policy.cluster.rules) {
        if (context.clusterCount >= rule.minComplainants) {
            fire(rule.class, rule.id, `${context.clusterCount} different complainants about the same subject within ${policy.cluster.windowDays} days (≥ ${rule.minComplainants})`);
        }
    }
    if (context.repeatAfterClosure && policy.repeatAfterClosure) {
        fire(policy.repeatAfterClosure, 'repeat-after-closure', 'the same customer complains about the same subject again after it was closed');
    }
    if (context.activeHotTopic && policy.hotTopic) {
        const topic = context.activeHotTopic;
        fire(policy.hotTopic, 'hot-topic', `part of the active hot topic "${topic.label ?? topic.topicId}"`);
    }
    // DOMAIN §2 "unresolved > 1 week / > 1 month": only while the complaint is open.
    if (context.status === 'open') {
        const age = now.getTime() - instant(facts.registeredAt);
        for (const rule of policy.unresolvedAge) {
            if (age >= rule.afterDays * exports.DAY_MS) {
                fire(rule.class, rule.id, `unresolved ${Math.floor(age / exports.DAY_MS)} days after registration (≥ ${rule.afterDays})`);
            }
        }
    }
    const byRule = new Map();
    for (const hit of hits) {
        const target = compiled.keywordRefs[hit.ref]?.target;
        if (target?.kind !== 'escalation')
            continue;
        const list = byRule.get(target.index) ?? [];
        list.push(hit);
        byRule.set(target.index, list);
    }
    for (const [index, ruleHits] of [...byRule].sort(([a], [b]) => a - b)) {
        const rule = policy.keywordRules[index];
        if (rule)
            fire(rule.class, rule.id, (0, keyword_hits_1.mentions)(ruleHits, compiled));
    }
    if (firings.length === 0) {
        return {
            escalationClass: 'general',
            firings: [
                {
                    escalationClass: 'general',
                    rule: { rule: 'escalation:default', reason: 'no escalation rule fired (→ general)' },
                },
            ],
        };
    }
    const escalationClass = firings.reduce((c, f) => (0, grades_1.higherClass)(c, f.escalationClass), 'general');
    return { escalationClass, firings };
}
/**
 * DOMAIN §2: plans are approved by the product decision committee (major), the division head
 * (important), the project general manager (hot, general); major, hot and important are
 * reported at once to headquarters' complaint management.
 */
function recipientsFor(escalationClass, compiled) {
    const { classes, headquarters } = compiled.policy.escalation;
    const recipients = classes[escalationClass];
    const notify = [recipients.approver, ...recipients.notify];
    if (recipients.reportToHeadquarters)
        notify.push(headquarters);
    return {
        notify: [...new Set(notify)],
        approver: recipients.approver,
        reportToHeadquarters: recipients.reportToHeadquarters,
    };
}
/**
 * When the age rules would next raise this complaint, so the service can keep durable timers
 * (ARCHITECTURE "Time") and re-assess then. Only rules that have not fired yet and would raise
 * the current class; call it again after every change of the decision and replace the timers.
 */
function escalationTimers(facts, decision, compiled) {
    const fired = new Set(decision.rulesFired.map((r) => r.rule));
    const registeredAt = instant(facts.registeredAt);
    return compiled.policy.escalation.unresolvedAge
        .filter((rule) => (0, grades_1.classRank)(rule.class) > (0, grades_1.classRank)(decision.escalationClass))
        .filter((rule) => !fired.has(`escalation:${rule.id}`))
        .map((rule) => ({
        rule: `escalation:${rule.id}`,
        escalationClass: rule.class,
        dueAt: new Date(registeredAt + rule.afterDays * exports.DAY_MS).toISOString(),
    }))
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
function instant(iso) {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms))
        throw new RangeError(`not an ISO-8601 instant: "${iso}"`);
    return ms;
}
//# sourceMappingURL=escalation.policy.js.map