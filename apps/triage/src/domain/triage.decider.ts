import {
  CLASSIFICATION_FIELDS,
  ESCALATION_CLASSES,
  InvalidInput,
  SEVERITIES,
  SUBJECT_TYPES,
  isDepartmentName,
  type ClassificationField,
  type ClassificationSnapshot,
  type ComplaintDeadlinesReissuedData,
  type ComplaintEscalatedData,
  type ComplaintReclassifiedData,
  type EscalationClass,
  type RuleFired,
  type Severity,
  type SubjectType,
  type TriageReviewRequestedData,
} from '@redress/contracts';
import { classify, type Classification } from './classification.policy';
import type { CompiledPolicy } from './compiled-policy';
import { receivedAtOf, type ComplaintFacts, type TriageContext } from './complaint-facts';
import { ImportedComplaintIsHistory, NothingToReclassify, ReasonRequired } from './errors';
import { assessEscalation, instant, recipientsFor } from './escalation.policy';
import { higherClass, higherSeverity, severityRank } from './grades';
import { findKeywords } from './keyword-hits';
import { route } from './routing.policy';
import { assessSeverity } from './severity.policy';
import { deadlinesFor, earliestDeadlines } from './sla.policy';
import { evolve, type TriageDecision, type TriageStreamEvent } from './triage-decision';

/** The service itself, as the actor of automatic changes. */
const TRIAGE_SERVICE = { kind: 'system', id: 'triage' } as const;

/**
 * DOMAIN §2 in one decision: type and category, department, severity and its deadlines,
 * escalation class with who is told and who approves, and every rule that fired. `now` is when
 * the decision is made (age rules); the SLA clocks count from receipt (`receivedAtOf`).
 *
 * An imported complaint (`facts.imported`) is decided by the same rules and marked `imported`:
 * its deadlines are those the SLA set when it was received (what a report compares its handling
 * with), and the rules that only make sense for a live complaint — its age, an active hot topic —
 * do not apply (`assessEscalation`).
 */
export function triage(
  facts: ComplaintFacts,
  context: TriageContext,
  compiled: CompiledPolicy,
  now: Date,
): TriageDecision {
  const hits = findKeywords(facts, compiled);
  const classification = classify(facts, compiled, { hits });
  const routing = route(classification, compiled);
  const severity = assessSeverity(facts, compiled, hits);
  const escalation = assessEscalation(facts, context, compiled, now, hits);
  const customerTier = facts.customerTier ?? 'unknown';
  const clocking = deadlinesFor(
    severity.severity,
    customerTier,
    new Date(instant(receivedAtOf(facts))),
    compiled,
  );
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
    ...recipientsFor(escalation.escalationClass, compiled),
    registeredAt: facts.registeredAt,
    triagedAt: now.toISOString(),
    ...(facts.imported ? { imported: true } : {}),
  };
}

/**
 * The review request that goes with a decision that needs review; undefined otherwise, and for
 * an imported complaint: nobody works on history, so it is not put in the live review queue
 * (its decision still says `needsReview`, for reports on classification).
 */
export function reviewRequestFor(
  facts: ComplaintFacts,
  decision: TriageDecision,
  compiled: CompiledPolicy,
  now: Date,
): TriageReviewRequestedData | undefined {
  if (!decision.needsReview || decision.imported) return undefined;
  return reviewRequest(decision.complaintId, classify(facts, compiled), compiled, now);
}

function reviewRequest(
  complaintId: string,
  classification: Classification,
  compiled: CompiledPolicy,
  now: Date,
): TriageReviewRequestedData {
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

/** What a re-assessment changed; `events` in the order they are to be appended. */
export interface Reassessment {
  decision: TriageDecision;
  reclassified?: ComplaintReclassifiedData;
  escalated?: ComplaintEscalatedData;
  reviewRequested?: TriageReviewRequestedData;
  events: TriageStreamEvent[];
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
 * - A withdrawn complaint is left as it is, and so is an imported one: its `ComplaintTriaged` is
 *   the one event of its stream (history is not re-escalated, and resolution, which has no case
 *   for it, is sent nothing it would have to keep).
 */
export function reassess(
  previous: TriageDecision,
  facts: ComplaintFacts,
  context: TriageContext,
  compiled: CompiledPolicy,
  now: Date,
): Reassessment {
  const result: Reassessment = { decision: previous, events: [] };
  if (context.status === 'withdrawn' || previous.imported) return result;
  const hits = findKeywords(facts, compiled);
  const apply = (event: TriageStreamEvent): void => {
    result.events.push(event);
    result.decision = evolve(result.decision, event) ?? result.decision;
  };

  if (context.amendedFields?.some((field) => CLASSIFYING_FACTS.has(field))) {
    const locked = new Set(previous.overriddenFields ?? []);
    const categoryLocked = locked.has('category') || locked.has('subcategory');
    const typeLocked = locked.has('type') || categoryLocked;
    const classification = classify(facts, compiled, {
      hits,
      ...(typeLocked ? { type: previous.type } : {}),
    });
    const next: Pick<ClassificationSnapshot, 'type' | 'category' | 'subcategory'> = {
      type: typeLocked ? previous.type : classification.type,
      category: categoryLocked ? previous.category : classification.category,
    };
    const subcategory = locked.has('subcategory')
      ? previous.subcategory
      : categoryLocked && classification.category !== previous.category
        ? previous.subcategory
        : classification.subcategory;
    if (subcategory) next.subcategory = subcategory;
    const routing = locked.has('department') ? undefined : route(next, compiled);
    const after: ClassificationSnapshot = {
      ...snapshot(previous),
      ...next,
      department: routing?.department ?? previous.department,
    };
    if (!next.subcategory) delete after.subcategory;
    const changedFields = changes(snapshot(previous), after);
    const needsReview = classification.needsReview && !categoryLocked;
    if (changedFields.length > 0) {
      const reclassified: ComplaintReclassifiedData = {
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
  const severity = assessSeverity(facts, compiled, hits);
  const escalation = assessEscalation(facts, context, compiled, now, hits);
  const newRules: RuleFired[] = [];
  let severityTo = state.severity;
  for (const firing of severity.firings) {
    if (known.has(firing.rule.rule)) continue;
    // "Nothing fired" counts only when it actually lifts the level (a question that is no more).
    if (
      firing.rule.rule === 'severity:default' &&
      severityRank(firing.severity) <= severityRank(state.severity)
    )
      continue;
    newRules.push(firing.rule);
    severityTo = higherSeverity(severityTo, firing.severity);
  }
  let classTo = state.escalationClass;
  for (const firing of escalation.firings) {
    if (known.has(firing.rule.rule) || firing.rule.rule === 'escalation:default') continue;
    newRules.push(firing.rule);
    classTo = higherClass(classTo, firing.escalationClass);
  }
  if (severityTo === state.severity && classTo === state.escalationClass) return result;

  const escalated: ComplaintEscalatedData = {
    complaintId: state.complaintId,
    escalatedAt: now.toISOString(),
    from: state.escalationClass,
    to: classTo,
    rulesFired: newRules,
    ...recipientsFor(classTo, compiled),
    policyVersion: compiled.version,
  };
  if (severityTo !== state.severity) {
    const restarted = deadlinesFor(severityTo, state.customerTier, now, compiled);
    escalated.severity = { from: state.severity, to: severityTo };
    escalated.deadlines = earliestDeadlines(state.deadlines, restarted.deadlines);
    escalated.rulesFired.push(
      ...restarted.rulesFired.map((r) => ({
        rule: r.rule,
        reason: `${r.reason}; restarted at ${now.toISOString()}, no deadline later than before`,
      })),
    );
  }
  result.escalated = escalated;
  apply({ type: 'ComplaintEscalated', data: escalated });
  return result;
}

/**
 * DOMAIN §4 "second handling": a reopened complaint is worked again, inside the clocks of
 * DOMAIN §2's severity table. Triage owns that table, so it issues the new round's deadlines:
 * counted from `reopenedAt` (when the round began, however late the reopening reaches triage),
 * on the level's clock (business calendar, or around the clock for major complaints), with the
 * customer tier's factor, for the grading the complaint has now — pass the decision after the
 * reopening's re-assessment — and by the policy in force.
 *
 * Once per reopening: `lastReissuedFor` is the `reopenedAt` of the latest deadlines already
 * issued; a reopening that is not later than it (the same one delivered again, or an older one
 * arriving late) issues nothing. A withdrawn complaint has no round to clock, nor has an imported
 * one (it has no case).
 */
export function reissueDeadlines(
  decision: TriageDecision,
  reopenedAt: string,
  lastReissuedFor: string | undefined,
  context: Pick<TriageContext, 'status'>,
  compiled: CompiledPolicy,
  now: Date,
): ComplaintDeadlinesReissuedData | undefined {
  if (context.status === 'withdrawn' || decision.imported) return undefined;
  const from = instant(reopenedAt);
  if (lastReissuedFor !== undefined && from <= instant(lastReissuedFor)) return undefined;
  const { deadlines } = deadlinesFor(
    decision.severity,
    decision.customerTier,
    new Date(from),
    compiled,
  );
  return {
    complaintId: decision.complaintId,
    reissuedAt: now.toISOString(),
    reopenedAt,
    severity: decision.severity,
    escalationClass: decision.escalationClass,
    approver: decision.approver,
    deadlines,
    policyVersion: compiled.version,
  };
}

/** A supervisor's override (CONTRACT `POST /triage/:complaintId/reclassification`). */
export interface SupervisorReclassification {
  /** The supervisor's token subject. */
  by: string;
  /** Required: why a person decided otherwise. */
  reason: string;
  type?: SubjectType;
  category?: string;
  /** `null` removes the subcategory. */
  subcategory?: string | null;
  severity?: Severity;
  escalationClass?: EscalationClass;
  department?: string;
}

/**
 * A supervisor sets type, category, subcategory, severity, escalation class or department. A
 * person decides, so the grade may go down too; the fields set are kept by later automatic
 * re-assessments. A new type without a category takes that type's default category; a new
 * classification without a department is routed by the table. A higher severity restarts the
 * clocks now (no deadline later than before); a lower one recounts them from registration.
 * Reviewing a complaint ends its review: for one in the review queue, a reclassification that
 * changes nothing confirms triage's decision (`changedFields` empty); for any other it is refused
 * (`NothingToReclassify`). An imported complaint is history and is not reclassified
 * (`ImportedComplaintIsHistory`).
 */
export function reclassify(
  previous: TriageDecision,
  input: SupervisorReclassification,
  compiled: CompiledPolicy,
  now: Date,
): { decision: TriageDecision; reclassified: ComplaintReclassifiedData } {
  if (previous.imported) throw new ImportedComplaintIsHistory(previous.complaintId);
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) throw new ReasonRequired();
  if (typeof input.by !== 'string' || !input.by.trim()) {
    throw new InvalidInput('by', 'must name the supervisor');
  }
  const given = givenFields(input);
  const before = snapshot(previous);
  const type = input.type ?? previous.type;
  if (!SUBJECT_TYPES.includes(type)) {
    throw new InvalidInput('type', `must be one of ${SUBJECT_TYPES.join(', ')}`);
  }
  const typeNode = compiled.policy.taxonomy.types[type];
  const category =
    input.category ?? (type === previous.type ? previous.category : typeNode.defaultCategory);
  // Own members only: "constructor" or "toString" name no category of a policy.
  const categoryNode = Object.hasOwn(typeNode.categories, category)
    ? typeNode.categories[category]
    : undefined;
  if (!categoryNode) {
    throw new InvalidInput(
      'category',
      `"${category}" is not a category of ${type}; categories: ${Object.keys(typeNode.categories).join(', ')}`,
    );
  }
  const keepsCategory = type === previous.type && category === previous.category;
  const subcategory =
    input.subcategory === null
      ? undefined
      : (input.subcategory ?? (keepsCategory ? previous.subcategory : undefined));
  if (
    subcategory !== undefined &&
    !(categoryNode.subcategories && Object.hasOwn(categoryNode.subcategories, subcategory))
  ) {
    throw new InvalidInput(
      'subcategory',
      `"${subcategory}" is not a subcategory of ${type}.${category}; subcategories: ${Object.keys(categoryNode.subcategories ?? {}).join(', ') || 'none'}`,
    );
  }
  if (input.severity !== undefined && !SEVERITIES.includes(input.severity)) {
    throw new InvalidInput('severity', `must be one of ${SEVERITIES.join(', ')}`);
  }
  if (input.escalationClass !== undefined && !ESCALATION_CLASSES.includes(input.escalationClass)) {
    throw new InvalidInput('escalationClass', `must be one of ${ESCALATION_CLASSES.join(', ')}`);
  }
  if (input.department !== undefined && !isDepartmentName(input.department)) {
    throw new InvalidInput('department', 'must be a department name such as customer-service');
  }

  const rulesFired: RuleFired[] = [
    {
      rule: 'supervisor:reclassification',
      reason: `a supervisor set ${given.join(', ')}: ${reason}`,
    },
  ];
  const classificationChanged =
    type !== previous.type ||
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
  } else if (classificationChanged && !previous.overriddenFields?.includes('department')) {
    const routing = route({ type, category, ...(subcategory ? { subcategory } : {}) }, compiled);
    department = routing.department;
    rulesFired.push(routing.rule);
  }

  const after: ClassificationSnapshot = {
    type,
    category,
    ...(subcategory ? { subcategory } : {}),
    severity: input.severity ?? previous.severity,
    escalationClass: input.escalationClass ?? previous.escalationClass,
    department,
  };
  const changedFields = changes(before, after);
  // Nothing to change: for a complaint waiting in the review queue, the supervisor confirms
  // triage's decision and its review ends (grade, clocks and recipients stay, and no field given
  // is fixed by it); for any other, there is nothing to do.
  const confirming = changedFields.length === 0;
  if (confirming && !previous.needsReview) throw new NothingToReclassify();

  let deadlines = previous.deadlines;
  if (after.severity !== previous.severity) {
    const rising = severityRank(after.severity) > severityRank(previous.severity);
    const clocking = deadlinesFor(
      after.severity,
      previous.customerTier,
      rising ? now : new Date(instant(previous.registeredAt)),
      compiled,
    );
    deadlines = rising
      ? earliestDeadlines(previous.deadlines, clocking.deadlines)
      : clocking.deadlines;
    rulesFired.push(...clocking.rulesFired);
  }
  const recipients =
    after.escalationClass === previous.escalationClass
      ? {
          notify: previous.notify,
          approver: previous.approver,
          reportToHeadquarters: previous.reportToHeadquarters,
        }
      : recipientsFor(after.escalationClass, compiled);
  const overridden = new Set<ClassificationField>([
    ...(previous.overriddenFields ?? []),
    ...(confirming ? [] : given),
  ]);
  // A category belongs to a type, a subcategory to a category: setting one fixes its parents.
  if (overridden.has('subcategory')) overridden.add('category');
  if (overridden.has('category')) overridden.add('type');

  const reclassified: ComplaintReclassifiedData = {
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
    overriddenFields: CLASSIFICATION_FIELDS.filter((field) => overridden.has(field)),
    rulesFired: confirming
      ? [
          {
            rule: 'supervisor:confirmation',
            reason: `a supervisor confirmed the decision: ${reason}`,
          },
        ]
      : rulesFired,
    policyVersion: compiled.version,
  };
  const decision =
    evolve(previous, { type: 'ComplaintReclassified', data: reclassified }) ?? previous;
  return { decision, reclassified };
}

function givenFields(input: SupervisorReclassification): ClassificationField[] {
  return CLASSIFICATION_FIELDS.filter((field) => input[field] !== undefined);
}

function snapshot(decision: TriageDecision): ClassificationSnapshot {
  return {
    type: decision.type,
    category: decision.category,
    ...(decision.subcategory ? { subcategory: decision.subcategory } : {}),
    severity: decision.severity,
    escalationClass: decision.escalationClass,
    department: decision.department,
  };
}

function changes(
  before: ClassificationSnapshot,
  after: ClassificationSnapshot,
): ClassificationField[] {
  return CLASSIFICATION_FIELDS.filter((field) => before[field] !== after[field]);
}
