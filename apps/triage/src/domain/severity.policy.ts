import { FLAG_NAMES, type FlagName, type RuleFired, type Severity } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts } from './complaint-facts';
import { higherSeverity, severityRank } from './grades';
import { findKeywords, mentions, type KeywordHit } from './keyword-hits';

/** One severity rule that fired, with the level it asks for. */
export interface SeverityFiring {
  severity: Severity;
  rule: RuleFired;
}

export interface SeverityAssessment {
  severity: Severity;
  firings: SeverityFiring[];
}

/** Why a flag matters, in the words of DOMAIN §2's severity table. */
export const FLAG_REASONS: Readonly<Record<FlagName, string>> = {
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
export function assessSeverity(
  facts: Pick<ComplaintFacts, 'flags' | 'title' | 'description'>,
  compiled: CompiledPolicy,
  hits: readonly KeywordHit[] = findKeywords(facts, compiled),
): SeverityAssessment {
  const policy = compiled.policy.severity;
  const firings: SeverityFiring[] = [];
  for (const flag of FLAG_NAMES) {
    const severity = policy.flags[flag];
    if (facts.flags[flag] && severity) {
      firings.push({
        severity,
        rule: { rule: `severity:flag.${flag}`, reason: `${FLAG_REASONS[flag]} (→ ${severity})` },
      });
    }
  }
  const byRule = new Map<number, KeywordHit[]>();
  for (const hit of hits) {
    const target = compiled.keywordRefs[hit.ref]?.target;
    if (target?.kind !== 'severity') continue;
    const list = byRule.get(target.index) ?? [];
    list.push(hit);
    byRule.set(target.index, list);
  }
  for (const [index, ruleHits] of [...byRule].sort(([a], [b]) => a - b)) {
    const rule = policy.rules[index];
    if (!rule) continue;
    firings.push({
      severity: rule.severity,
      rule: {
        rule: `severity:${rule.id}`,
        reason: `${mentions(ruleHits, compiled)} (→ ${rule.severity})`,
      },
    });
  }

  const raising = firings.filter((f) => severityRank(f.severity) >= severityRank(policy.default));
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
  const severity = applied.reduce<Severity>(
    (level, f) => higherSeverity(level, f.severity),
    applied[0]?.severity ?? policy.default,
  );
  return { severity, firings: applied };
}
