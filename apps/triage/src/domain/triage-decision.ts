import type {
  ComplaintDeadlinesReissuedData,
  ComplaintEscalatedData,
  ComplaintReclassifiedData,
  ComplaintTriagedData,
  RuleFired,
  TriageReviewRequestedData,
} from '@redress/contracts';

/**
 * A complaint's current triage: exactly the data of `ComplaintTriaged`, which is also what
 * `GET /triage/:complaintId` answers (CONTRACT). Later events change it through `evolve`.
 */
export type TriageDecision = ComplaintTriagedData;

/** The events of one complaint's triage stream. */
export type TriageStreamEvent =
  | { type: 'ComplaintTriaged'; data: ComplaintTriagedData }
  | { type: 'ComplaintReclassified'; data: ComplaintReclassifiedData }
  | { type: 'ComplaintEscalated'; data: ComplaintEscalatedData }
  | { type: 'ComplaintDeadlinesReissued'; data: ComplaintDeadlinesReissuedData }
  | { type: 'TriageReviewRequested'; data: TriageReviewRequestedData };

/**
 * The decision after one event of its stream; `null` before the first `ComplaintTriaged`.
 * Every change the domain makes goes through here, so a projection rebuilt from the events
 * equals the decision the domain returned.
 */
export function evolve(
  state: TriageDecision | null,
  event: TriageStreamEvent,
): TriageDecision | null {
  switch (event.type) {
    case 'ComplaintTriaged':
      return structuredClone(event.data);
    case 'ComplaintReclassified': {
      if (!state) return state;
      const { data } = event;
      const { subcategory: _dropped, overriddenFields: _before, ...rest } = state;
      return {
        ...rest,
        ...data.after,
        deadlines: data.deadlines,
        confidence: data.confidence,
        needsReview: data.needsReview,
        notify: data.notify,
        approver: data.approver,
        reportToHeadquarters: data.reportToHeadquarters,
        rulesFired: mergeRules(state.rulesFired, data.rulesFired),
        policyVersion: data.policyVersion,
        ...(data.overriddenFields.length > 0 ? { overriddenFields: data.overriddenFields } : {}),
      };
    }
    case 'ComplaintEscalated': {
      if (!state) return state;
      const { data } = event;
      return {
        ...state,
        escalationClass: data.to,
        severity: data.severity?.to ?? state.severity,
        deadlines: data.deadlines ?? state.deadlines,
        notify: data.notify,
        approver: data.approver,
        reportToHeadquarters: data.reportToHeadquarters,
        rulesFired: mergeRules(state.rulesFired, data.rulesFired),
        policyVersion: data.policyVersion,
      };
    }
    case 'ComplaintDeadlinesReissued':
      // The new round's clocks are the complaint's deadlines from now on; the grading they were
      // counted for is the decision's own (copied into the event for resolution).
      return (
        state && {
          ...state,
          deadlines: event.data.deadlines,
          policyVersion: event.data.policyVersion,
        }
      );
    case 'TriageReviewRequested':
      return state && { ...state, needsReview: true, confidence: event.data.confidence };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/**
 * Rule families by the prefix of their names. A change that brings rules of a *replaced*
 * family (how it was classified, routed and clocked) drops that family's old rules; grading
 * rules (severity, escalation) and supervisor overrides accumulate — they are the history of
 * why the grade is what it is, and a rule that already fired does not raise it again.
 */
const REPLACED_FAMILIES: ReadonlyArray<readonly string[]> = [
  ['subject-type', 'keyword', 'classification'],
  ['routing'],
  ['sla', 'tier'],
];

export function ruleFamily(rule: string): string {
  return rule.slice(0, rule.indexOf(':'));
}

export function mergeRules(
  previous: readonly RuleFired[],
  added: readonly RuleFired[],
): RuleFired[] {
  const addedFamilies = new Set(added.map((r) => ruleFamily(r.rule)));
  const replaced = new Set(
    REPLACED_FAMILIES.filter((family) => family.some((name) => addedFamilies.has(name))).flat(),
  );
  const merged = new Map<string, RuleFired>();
  for (const rule of previous) {
    if (!replaced.has(ruleFamily(rule.rule))) merged.set(rule.rule, rule);
  }
  for (const rule of added) {
    merged.delete(rule.rule);
    merged.set(rule.rule, rule);
  }
  // "Nothing fired" markers lose their meaning once a rule of their family has fired.
  const list = [...merged.values()];
  return list.filter(
    (r) =>
      !(
        r.rule === 'severity:default' && list.some((o) => o.rule.startsWith('severity:') && o !== r)
      ) &&
      !(
        r.rule === 'escalation:default' &&
        list.some((o) => o.rule.startsWith('escalation:') && o !== r)
      ),
  );
}
