"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FLAG_REASONS = void 0;
exports.assessSeverity = assessSeverity;
const contracts_1 = require("@redress/contracts");
const grades_1 = require("./grades");
const keyword_hits_1 = require("./keyword-hits");
/** Why a flag matters, in the words of DOMAIN §2's severity table. */
exports.FLAG_REASONS = {
    lawsuitFiled: 'a lawsuit has been filed',
    legalThreat: 'the customer threatens legal action',
    mediaExposed: 'the media has exposed the complaint',
    mediaThreat: 'the customer threatens to go to the media',
    regulatorInvolved: 'a regulator is involved',
    safetyIncident: 'a safety incident was reported',
};
/**
 * DOMAIN §2 severity (002 table 3-1, 000's minor): flags and keyword rules. Rules at or above
 * the policy's default level raise the severity, the highest wins; rules below it (questions,
 * *minor*) lower it only when nothing else fired; with no rule the default applies (I general).
 */
function assessSeverity(facts, compiled, hits = (0, keyword_hits_1.findKeywords)(facts, compiled)) {
    const policy = compiled.policy.severity;
    const firings = [];
    for (const flag of contracts_1.FLAG_NAMES) {
        const severity = policy.flags[flag];
        if (facts.flags[flag] && severity) {
            firings.push({
                severity,
                rule: { rule: `severity:flag.${flag}`, reason: `${exports.FLAG_REASONS[flag]} (→ ${severity})` },
            });
        }
    }
    const byRule = new Map();
    for (const hit of hits) {
        const target = compiled.keywordRefs[hit.ref]?.target;
        if (target?.kind !== 'severity')
            continue;
        const list = byRule.get(target.index) ?? [];
        list.push(hit);
        byRule.set(target.index, list);
    }
    for (const [index, ruleHits] of [...byRule].sort(([a], [b]) => a - b)) {
        const rule = policy.rules[index];
        if (!rule)
            continue;
        firings.push({
            severity: rule.severity,
            rule: {
                rule: `severity:${rule.id}`,
                reason: `${(0, keyword_hits_1.mentions)(ruleHits, compiled)} (→ ${rule.severity})`,
            },
        });
    }
    const raising = firings.filter((f) => (0, grades_1.severityRank)(f.severity) >= (0, grades_1.severityRank)(policy.default));
    const applied = raising.length > 0 ? raising : firings;
    if (applied.length === 0) {
        return {
            severity: policy.default,
            firings: [
                {
                    severity: policy.default,
                    rule: {
                        rule: 'severity:default',
                        reason: `no severity rule fired; ${policy.default} by default`,
                    },
                },
            ],
        };
    }
    // Among lowering rules too the least lowering wins: "minor" needs every rule to agree.
    const severity = applied.reduce((level, f) => (0, grades_1.higherSeverity)(level, f.severity), applied[0]?.severity ?? policy.default);
    return { severity, firings: applied };
}
//# sourceMappingURL=severity.policy.js.map