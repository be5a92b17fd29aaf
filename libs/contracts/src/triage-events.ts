import { Type, type Static } from '@sinclair/typebox';
import { TOPICS } from './topics';
import { defineEvent, type EventData, type EventOf } from './registry';
import { CustomerTierSchema, SubjectTypeSchema } from './vocabulary';
import { ESCALATION_CLASSES, SEVERITIES } from './enumerations';

/**
 * Events of `complaints.triage.v1` (DOMAIN §2: classify, grade, route and clock every complaint).
 * None carries personal data: a complaint appears by its id only, and staff by their token
 * subject. Free-text reasons are written by staff; intake has already masked the customer's own
 * text before triage ever reads it.
 */
const IsoTime = Type.String({ format: 'date-time' });
const Id = Type.String({ format: 'uuid' });
/** Taxonomy ids (categories, subcategories) and rule ids are lower-case kebab-case. */
export const TAXONOMY_ID_PATTERN = '^[a-z][a-z0-9-]*$';
export const TAXONOMY_ID_MAX_LENGTH = 64;
const TaxonomyId = Type.String({
  pattern: TAXONOMY_ID_PATTERN,
  maxLength: TAXONOMY_ID_MAX_LENGTH,
});
/**
 * A department, approver or notified body, as the policy names it (e.g. `customer-service`):
 * lower-case letters, digits, `-` and `_`. Events keep the looser schema they were published
 * with (1–64 characters); what a person may type in is `DEPARTMENT_PATTERN`.
 */
export const DEPARTMENT_PATTERN = '^[a-z0-9][a-z0-9_-]*$';
export const DEPARTMENT_MAX_LENGTH = 64;
const BodyName = Type.String({ minLength: 1, maxLength: DEPARTMENT_MAX_LENGTH });

const TAXONOMY_ID = new RegExp(TAXONOMY_ID_PATTERN);
const DEPARTMENT = new RegExp(DEPARTMENT_PATTERN);

/** A category, subcategory or rule id as the policy, the events and the API accept it. */
export function isTaxonomyId(value: string): boolean {
  return value.length <= TAXONOMY_ID_MAX_LENGTH && TAXONOMY_ID.test(value);
}

/** A department (or approver, notified body) name as the policy and the API accept it. */
export function isDepartmentName(value: string): boolean {
  return value.length <= DEPARTMENT_MAX_LENGTH && DEPARTMENT.test(value);
}

// Severities and escalation classes are plain values in enumerations.ts (the console imports them).
export {
  ESCALATION_CLASSES,
  SEVERITIES,
  type EscalationClass,
  type Severity,
} from './enumerations';

/** The fields of a triage decision a supervisor may set by hand (CONTRACT reclassification). */
export const CLASSIFICATION_FIELDS = [
  'type',
  'category',
  'subcategory',
  'severity',
  'escalationClass',
  'department',
] as const;
export type ClassificationField = (typeof CLASSIFICATION_FIELDS)[number];

export const SeveritySchema = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
export const EscalationClassSchema = Type.Union(ESCALATION_CLASSES.map((c) => Type.Literal(c)));
export const ClassificationFieldSchema = Type.Union(
  CLASSIFICATION_FIELDS.map((f) => Type.Literal(f)),
);

/** A customer's tier as triage used it; `unknown` when intake recorded none (no speed-up). */
export const TriageCustomerTierSchema = Type.Union([CustomerTierSchema, Type.Literal('unknown')]);

/** One rule that contributed to a decision, with a human reason ("description mentions 异物"). */
export const RuleFiredSchema = Type.Object(
  { rule: Type.String({ minLength: 1 }), reason: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type RuleFired = Static<typeof RuleFiredSchema>;

/**
 * SLA deadlines of DOMAIN §2's severity table. `respondBy` is absent where the level has no
 * response target (general, minor); `planBy` exists for major complaints (plan in 2 h).
 */
export const TriageDeadlinesSchema = Type.Object(
  {
    respondBy: Type.Optional(IsoTime),
    planBy: Type.Optional(IsoTime),
    resolveBy: IsoTime,
  },
  { additionalProperties: false },
);
export type TriageDeadlines = Static<typeof TriageDeadlinesSchema>;

/** What a classification looks like before or after a change. */
export const ClassificationSnapshotSchema = Type.Object(
  {
    type: SubjectTypeSchema,
    category: TaxonomyId,
    subcategory: Type.Optional(TaxonomyId),
    severity: SeveritySchema,
    escalationClass: EscalationClassSchema,
    department: BodyName,
  },
  { additionalProperties: false },
);
export type ClassificationSnapshot = Static<typeof ClassificationSnapshotSchema>;

/** Who changed a triage decision or the policy: a supervisor or an admin (token subject), or the triage service itself. */
export const TriageActorSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('supervisor'), Type.Literal('admin'), Type.Literal('system')]),
    id: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type TriageActor = Static<typeof TriageActorSchema>;

const PolicyVersion = Type.Integer({ minimum: 1 });
const Confidence = Type.Number({ minimum: 0, maximum: 1 });

/**
 * The triage decision; `GET /triage/:complaintId` answers with the current one (CONTRACT.md).
 * Beyond the contract's fields: `needsReview` (confidence below the policy threshold, routed by
 * type), `notify`/`approver`/`reportToHeadquarters` (DOMAIN §2, who is told and who approves),
 * `registeredAt`/`triagedAt`, and `overriddenFields` — set only after a supervisor override, so
 * automatic re-assessment leaves those fields alone.
 *
 * `imported` (optional, same schema version: an added optional field breaks no reader) is true
 * for a complaint brought in by an import of historical complaints (`ComplaintRegistered.imported`):
 * classified and graded like any other, its deadlines counted from when the company received it,
 * but history — resolution opens no case for it, and triage publishes nothing else about it
 * (no reclassification, escalation, review request or reissued deadlines), so this event is the
 * only one of its stream. Absent or false: a live complaint.
 */
export const ComplaintTriaged = defineEvent({
  type: 'ComplaintTriaged',
  topic: TOPICS.triage,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      type: SubjectTypeSchema,
      category: TaxonomyId,
      subcategory: Type.Optional(TaxonomyId),
      severity: SeveritySchema,
      escalationClass: EscalationClassSchema,
      department: BodyName,
      customerTier: TriageCustomerTierSchema,
      deadlines: TriageDeadlinesSchema,
      rulesFired: Type.Array(RuleFiredSchema),
      policyVersion: PolicyVersion,
      confidence: Confidence,
      needsReview: Type.Boolean(),
      notify: Type.Array(BodyName),
      approver: BodyName,
      reportToHeadquarters: Type.Boolean(),
      registeredAt: IsoTime,
      triagedAt: IsoTime,
      overriddenFields: Type.Optional(Type.Array(ClassificationFieldSchema)),
      imported: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
});

/**
 * Type, category, department or grade changed: by a supervisor (reason required, may lower the
 * grade) or by the service because the complaint's facts were amended — or, with `changedFields`
 * empty and `after` equal to `before`, a supervisor confirmed the decision of a complaint waiting
 * in the review queue (its review ends, nothing else changes). Version 2 allows that empty list;
 * a version 1 event (always at least one changed field) is a valid version 2 event as it is.
 */
export const ComplaintReclassified = defineEvent({
  type: 'ComplaintReclassified',
  topic: TOPICS.triage,
  schemaVersion: 2,
  upcasters: { 1: (data) => data },
  schema: Type.Object(
    {
      complaintId: Id,
      reclassifiedAt: IsoTime,
      by: TriageActorSchema,
      reason: Type.String({ minLength: 1, maxLength: 2000 }),
      before: ClassificationSnapshotSchema,
      after: ClassificationSnapshotSchema,
      /** Empty: a confirmation of the decision under review (version 2). */
      changedFields: Type.Array(ClassificationFieldSchema),
      /** The decision's state after the change, so a projection needs no other event. */
      deadlines: TriageDeadlinesSchema,
      confidence: Confidence,
      needsReview: Type.Boolean(),
      notify: Type.Array(BodyName),
      approver: BodyName,
      reportToHeadquarters: Type.Boolean(),
      overriddenFields: Type.Array(ClassificationFieldSchema),
      rulesFired: Type.Array(RuleFiredSchema),
      policyVersion: PolicyVersion,
    },
    { additionalProperties: false },
  ),
});

/**
 * The grade rose without anyone touching the complaint (DOMAIN §2: time- and count-based rules
 * re-escalate later): the escalation class (`from` → `to`, equal when only the severity rose)
 * and/or the severity, with the rules that newly fired and, when severity rose, the new
 * deadlines. Automatic escalation never lowers anything.
 */
export const ComplaintEscalated = defineEvent({
  type: 'ComplaintEscalated',
  topic: TOPICS.triage,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      escalatedAt: IsoTime,
      from: EscalationClassSchema,
      to: EscalationClassSchema,
      severity: Type.Optional(
        Type.Object({ from: SeveritySchema, to: SeveritySchema }, { additionalProperties: false }),
      ),
      rulesFired: Type.Array(RuleFiredSchema, { minItems: 1 }),
      notify: Type.Array(BodyName),
      approver: BodyName,
      reportToHeadquarters: Type.Boolean(),
      deadlines: Type.Optional(TriageDeadlinesSchema),
      policyVersion: PolicyVersion,
    },
    { additionalProperties: false },
  ),
});

/**
 * The SLA deadlines of a second round (DOMAIN §4 "second handling"): on follow-up's
 * `ComplaintReopened` triage, which owns the SLA policy, counts the complaint's clocks again from
 * `reopenedAt` by the policy in force, for its grading at that moment. `reopenedAt` is copied
 * from the reopening and identifies the round; at most one per reopening. Resolution applies it
 * to the round it names (its `ApplyReissuedDeadlines`), whichever of the two arrives first.
 */
export const ComplaintDeadlinesReissued = defineEvent({
  type: 'ComplaintDeadlinesReissued',
  topic: TOPICS.triage,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      reissuedAt: IsoTime,
      reopenedAt: IsoTime,
      severity: SeveritySchema,
      escalationClass: EscalationClassSchema,
      approver: BodyName,
      deadlines: TriageDeadlinesSchema,
      policyVersion: PolicyVersion,
    },
    { additionalProperties: false },
  ),
});

/** A candidate classification offered to the person who reviews a low-confidence triage. */
export const ReviewCandidateSchema = Type.Object(
  {
    type: SubjectTypeSchema,
    category: TaxonomyId,
    subcategory: Type.Optional(TaxonomyId),
    score: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type ReviewCandidate = Static<typeof ReviewCandidateSchema>;

/** Classification confidence fell below the policy threshold: a person should look at it. */
export const TriageReviewRequested = defineEvent({
  type: 'TriageReviewRequested',
  topic: TOPICS.triage,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      requestedAt: IsoTime,
      reason: Type.String({ minLength: 1 }),
      confidence: Confidence,
      threshold: Confidence,
      candidates: Type.Array(ReviewCandidateSchema),
      policyVersion: PolicyVersion,
    },
    { additionalProperties: false },
  ),
});

/**
 * A new version of the triage policy took effect (CONTRACT: `PUT /triage/policy`, "a change is
 * itself an event"). Not about one complaint: its CloudEvents `subject` and record key are the
 * fixed string `triage-policy`. `policy` is the whole document; its shape is owned and validated
 * by the triage service (a consumer that needs it validates it with triage's published rules).
 */
export const TRIAGE_POLICY_SUBJECT = 'triage-policy';

export const TriagePolicyChanged = defineEvent({
  type: 'TriagePolicyChanged',
  topic: TOPICS.triage,
  schemaVersion: 1,
  schema: Type.Object(
    {
      version: PolicyVersion,
      previousVersion: Type.Optional(PolicyVersion),
      changedAt: IsoTime,
      changedBy: TriageActorSchema,
      summary: Type.Array(Type.String({ minLength: 1 })),
      policy: Type.Record(Type.String(), Type.Unknown()),
    },
    { additionalProperties: false },
  ),
});

export const TRIAGE_EVENTS = [
  ComplaintTriaged,
  ComplaintReclassified,
  ComplaintEscalated,
  ComplaintDeadlinesReissued,
  TriageReviewRequested,
  TriagePolicyChanged,
] as const;

export type ComplaintTriagedData = EventData<typeof ComplaintTriaged>;
export type ComplaintReclassifiedData = EventData<typeof ComplaintReclassified>;
export type ComplaintEscalatedData = EventData<typeof ComplaintEscalated>;
export type ComplaintDeadlinesReissuedData = EventData<typeof ComplaintDeadlinesReissued>;
export type TriageReviewRequestedData = EventData<typeof TriageReviewRequested>;
export type TriagePolicyChangedData = EventData<typeof TriagePolicyChanged>;

export type TriageEvent = EventOf<(typeof TRIAGE_EVENTS)[number]>;
