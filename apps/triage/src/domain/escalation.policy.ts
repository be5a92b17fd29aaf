import { FLAG_NAMES, type EscalationClass, type RuleFired } from '@redress/contracts';
import type { CompiledPolicy } from './compiled-policy';
import { receivedAtOf, type ComplaintFacts, type TriageContext } from './complaint-facts';
import { classRank, higherClass } from './grades';
import { findKeywords, mentions, type KeywordHit } from './keyword-hits';
import { FLAG_REASONS } from './severity.policy';
import type { TriageDecision } from './triage-decision';

export const DAY_MS = 86_400_000;

/** One escalation rule that fired, with the class it asks for. */
export interface EscalationFiring {
  escalationClass: EscalationClass;
  rule: RuleFired;
}

export interface EscalationAssessment {
  escalationClass: EscalationClass;
  firings: EscalationFiring[];
}

/**
 * DOMAIN §2 escalation class (003). Every rule that fires is listed; the highest class wins:
 * flags (lawsuit filed, media exposure → major; threats → hot), collective size (≥ 5 major,
 * ≥ 3 hot), the cluster of different complainants about the same subject (≥ 3 in 30 days →
 * hot), a repeat after closure (important), an active hot topic, age while open (> 1 week hot,
 * > 1 month major) and keyword rules.
 */
export function assessEscalation(
  facts: Pick<
    ComplaintFacts,
    | 'flags'
    | 'complainantCount'
    | 'registeredAt'
    | 'receivedAt'
    | 'imported'
    | 'title'
    | 'description'
  >,
  context: TriageContext,
  compiled: CompiledPolicy,
  now: Date,
  hits: readonly KeywordHit[] = findKeywords(facts, compiled),
): EscalationAssessment {
  const policy = compiled.policy.escalation;
  const firings: EscalationFiring[] = [];
  const fire = (escalationClass: EscalationClass, rule: string, reason: string): void => {
    firings.push({
      escalationClass,
      rule: { rule: `escalation:${rule}`, reason: `${reason} (→ ${escalationClass})` },
    });
  };

  for (const flag of FLAG_NAMES) {
    const escalationClass = policy.flags[flag];
    if (facts.flags[flag] && escalationClass)
      fire(escalationClass, `flag.${flag}`, FLAG_REASONS[flag]);
  }
  for (const rule of policy.collective) {
    if (facts.complainantCount >= rule.minComplainants) {
      fire(
        rule.class,
        rule.id,
        `${facts.complainantCount} complainants in one collective complaint (≥ ${rule.minComplainants})`,
      );
    }
  }
  for (const rule of policy.cluster.rules) {
    if (context.clusterCount >= rule.minComplainants) {
      fire(
        rule.class,
        rule.id,
        `${context.clusterCount} different complainants about the same subject within ${policy.cluster.windowDays} days (≥ ${rule.minComplainants})`,
      );
    }
  }
  if (context.repeatAfterClosure && policy.repeatAfterClosure) {
    fire(
      policy.repeatAfterClosure,
      'repeat-after-closure',
      'the same customer complains about the same subject again after it was closed',
    );
  }
  // A hot topic active now says nothing about a complaint received in the past: an imported one
  // is graded as it stood when received.
  if (context.activeHotTopic && policy.hotTopic && !facts.imported) {
    const topic = context.activeHotTopic;
    fire(
      policy.hotTopic,
      'hot-topic',
      `part of the active hot topic "${topic.label ?? topic.topicId}"`,
    );
  }
  // DOMAIN §2 "unresolved > 1 week / > 1 month" after receipt: only while the complaint is open,
  // and never for an imported one — it was handled outside Redress, which cannot tell how long
  // it stayed unresolved; it is graded as it stood when received.
  if (context.status === 'open' && !facts.imported) {
    const age = now.getTime() - instant(receivedAtOf(facts));
    for (const rule of policy.unresolvedAge) {
      if (age >= rule.afterDays * DAY_MS) {
        fire(
          rule.class,
          rule.id,
          `unresolved ${Math.floor(age / DAY_MS)} days after receipt (≥ ${rule.afterDays})`,
        );
      }
    }
  }
  const byRule = new Map<number, KeywordHit[]>();
  for (const hit of hits) {
    const target = compiled.keywordRefs[hit.ref]?.target;
    if (target?.kind !== 'escalation') continue;
    const list = byRule.get(target.index) ?? [];
    list.push(hit);
    byRule.set(target.index, list);
  }
  for (const [index, ruleHits] of [...byRule].sort(([a], [b]) => a - b)) {
    const rule = policy.keywordRules[index];
    if (rule) fire(rule.class, rule.id, mentions(ruleHits, compiled));
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
  const escalationClass = firings.reduce<EscalationClass>(
    (c, f) => higherClass(c, f.escalationClass),
    'general',
  );
  return { escalationClass, firings };
}

export interface Recipients {
  /** Everyone to tell at once: the approver, the class's list and, if it reports, headquarters. */
  notify: string[];
  approver: string;
  reportToHeadquarters: boolean;
}

/**
 * DOMAIN §2: plans are approved by the product decision committee (major), the division head
 * (important), the project general manager (hot, general); major, hot and important are
 * reported at once to headquarters' complaint management.
 */
export function recipientsFor(
  escalationClass: EscalationClass,
  compiled: CompiledPolicy,
): Recipients {
  const { classes, headquarters } = compiled.policy.escalation;
  const recipients = classes[escalationClass];
  const notify = [recipients.approver, ...recipients.notify];
  if (recipients.reportToHeadquarters) notify.push(headquarters);
  return {
    notify: [...new Set(notify)],
    approver: recipients.approver,
    reportToHeadquarters: recipients.reportToHeadquarters,
  };
}

export interface EscalationTimer {
  /** `escalation:<rule id>`, as it will appear in rulesFired. */
  rule: string;
  escalationClass: EscalationClass;
  /** ISO-8601: receipt + the rule's days (calendar days of 24 h). */
  dueAt: string;
}

/**
 * When the age rules would next raise this complaint, so the service can keep durable timers
 * (ARCHITECTURE "Time") and re-assess then. Only rules that have not fired yet and would raise
 * the current class; call it again after every change of the decision and replace the timers.
 * None for an imported complaint: the age rules do not apply to it.
 */
export function escalationTimers(
  facts: Pick<ComplaintFacts, 'registeredAt' | 'receivedAt' | 'imported'>,
  decision: Pick<TriageDecision, 'rulesFired' | 'escalationClass'>,
  compiled: CompiledPolicy,
): EscalationTimer[] {
  if (facts.imported) return [];
  const fired = new Set(decision.rulesFired.map((r) => r.rule));
  const receivedAt = instant(receivedAtOf(facts));
  return compiled.policy.escalation.unresolvedAge
    .filter((rule) => classRank(rule.class) > classRank(decision.escalationClass))
    .filter((rule) => !fired.has(`escalation:${rule.id}`))
    .map((rule) => ({
      rule: `escalation:${rule.id}`,
      escalationClass: rule.class,
      dueAt: new Date(receivedAt + rule.afterDays * DAY_MS).toISOString(),
    }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`not an ISO-8601 instant: "${iso}"`);
  return ms;
}
