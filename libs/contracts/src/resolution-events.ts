import { Type, type Static } from '@sinclair/typebox';
import { TOPICS } from './topics';
import { defineEvent, type EventData, type EventOf } from './registry';
import { SubjectTypeSchema } from './vocabulary';
import {
  EscalationClassSchema,
  SeveritySchema,
  TriageCustomerTierSchema,
  TriageDeadlinesSchema,
} from './triage-events';
import {
  CLOCK_CALENDARS,
  CONTACT_CHANNELS,
  EVIDENCE_KINDS,
  REMEDY_OPTION_KINDS,
  RESPONSIBILITIES,
} from './enumerations';

// The plain vocabularies live in enumerations.ts, which the web console imports as it is.
export {
  CLOCK_CALENDARS,
  CONTACT_CHANNELS,
  EVIDENCE_KINDS,
  REMEDY_OPTION_KINDS,
  RESPONSIBILITIES,
  type ClockCalendar,
  type ContactChannel,
  type EvidenceKind,
  type RemedyOptionKind,
  type Responsibility,
} from './enumerations';

/**
 * Events of `complaints.resolution.v1` (DOMAIN §3: investigation, remedy, communication,
 * execution, supervision and crisis). None carries personal data: a complaint appears by its id,
 * staff by their token subject, and free text (summaries, root causes, notes) is written by staff
 * about the case, never copied from the customer's record. Every payload refuses unknown members,
 * so nothing can be slipped in beside the fields below.
 */
const IsoTime = Type.String({ format: 'date-time' });
const Id = Type.String({ format: 'uuid' });
/** A department, approver body or organisational role as the policies name them. */
const BodyName = Type.String({ minLength: 1, maxLength: 64 });
/** A member of staff: the `sub` of their token. */
const StaffId = Type.String({ minLength: 1, maxLength: 200 });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
/** The round of handling: 1, then one more for each reopening (DOMAIN §4 second handling). */
const Round = Type.Integer({ minimum: 1 });

/**
 * The clocks of a case. `respond`, `plan`, `resolve` carry triage's deadlines; `replan` runs
 * after the customer declines a plan; `action` is one scheduled action's due time; the `crisis_`
 * clocks are the task force's own (DOMAIN §3 crisis: plan in 24 h, contact within 12 h of
 * approval, a new plan within 1 h of a decline).
 */
export const SLA_CLOCKS = [
  'respond',
  'plan',
  'resolve',
  'replan',
  'action',
  'crisis_plan',
  'crisis_contact',
  'crisis_replan',
] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

/** The steps a supervision order watches (DOMAIN §3 supervision, 003: agreed milestones). */
export const SUPERVISION_MILESTONES = [
  'customer_contacted',
  'plan_proposed',
  'plan_approved',
  'resolved',
] as const;
export type SupervisionMilestone = (typeof SUPERVISION_MILESTONES)[number];

/** Why a required approval is required (approval matrix of the resolution service). */
export const APPROVAL_REASONS = [
  'escalation_approver',
  'major_complaint',
  'compensation_above_threshold',
] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

export const RemedyOptionKindSchema = literals(REMEDY_OPTION_KINDS);
export const ResponsibilitySchema = literals(RESPONSIBILITIES);
export const SlaClockSchema = literals(SLA_CLOCKS);
export const ClockCalendarSchema = literals(CLOCK_CALENDARS);
export const SupervisionMilestoneSchema = literals(SUPERVISION_MILESTONES);
export const ContactChannelSchema = literals(CONTACT_CHANNELS);
export const EvidenceKindSchema = literals(EVIDENCE_KINDS);
export const ApprovalReasonSchema = literals(APPROVAL_REASONS);

/**
 * An amount of money as a decimal string (no binary floating point near money): up to 12 digits
 * before the point and 4 after, with an ISO 4217 currency code.
 */
export const MoneySchema = Type.Object(
  {
    amount: Type.String({ pattern: '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,4})?$' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);
export type Money = Static<typeof MoneySchema>;

const OptionId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' });
/** 1 is the first tier offered; higher tiers are the further choices of a tiered plan. */
const Tier = Type.Integer({ minimum: 1, maximum: 10 });

/**
 * One choice of a plan. A compensation always names its amount and currency; the other kinds may
 * carry a value (a partial refund, a coupon's face value, what an exchange is worth).
 */
export const RemedyOptionSchema = Type.Union([
  Type.Object(
    {
      optionId: OptionId,
      kind: Type.Literal('compensation'),
      tier: Tier,
      value: MoneySchema,
      description: Type.Optional(Text(1000)),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      optionId: OptionId,
      kind: literals(REMEDY_OPTION_KINDS.filter((k) => k !== 'compensation')),
      tier: Tier,
      value: Type.Optional(MoneySchema),
      description: Type.Optional(Text(1000)),
    },
    { additionalProperties: false },
  ),
]);
export type RemedyOption = Static<typeof RemedyOptionSchema>;

export const RequiredApprovalSchema = Type.Object(
  { body: BodyName, because: ApprovalReasonSchema },
  { additionalProperties: false },
);
export type RequiredApproval = Static<typeof RequiredApprovalSchema>;

/** Who a missed supervision milestone warns: the head of the supervised department. */
export const DepartmentHeadSchema = Type.Object(
  { role: Type.Literal('department_head'), department: BodyName },
  { additionalProperties: false },
);

/** Triage's grading of a complaint as the case carries it. */
const CaseGrading = {
  type: SubjectTypeSchema,
  category: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 }),
  subcategory: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 })),
  severity: SeveritySchema,
  escalationClass: EscalationClassSchema,
  department: BodyName,
  approver: BodyName,
  deadlines: TriageDeadlinesSchema,
  /** The calendar triage's deadlines count on, which the case's warnings count on too. */
  calendar: ClockCalendarSchema,
};

/** Fields a change of triage's decision may touch (`CaseTriageUpdated.changedFields`). */
export const CASE_GRADING_FIELDS = [
  'type',
  'category',
  'subcategory',
  'severity',
  'escalationClass',
  'department',
  'approver',
  'deadlines',
] as const;
export type CaseGradingField = (typeof CASE_GRADING_FIELDS)[number];

/**
 * A case was opened for a triaged complaint (from `ComplaintTriaged`): the grading, the approver
 * body and the deadlines it is worked against.
 */
export const CaseOpened = defineEvent({
  type: 'CaseOpened',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      openedAt: IsoTime,
      ...CaseGrading,
      customerTier: TriageCustomerTierSchema,
      reportToHeadquarters: Type.Boolean(),
      registeredAt: IsoTime,
      triagedAt: IsoTime,
      triagePolicyVersion: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
});

/**
 * The case took over a later triage decision: a supervisor's reclassification, an automatic
 * escalation, or the deadlines triage issued for a reopened complaint (`source`). Holds the whole
 * grading after the change. A department change ends the assignment (`unassigned`); approvals a
 * pending plan now also needs are listed in `remedyApprovals`.
 */
export const CaseTriageUpdated = defineEvent({
  type: 'CaseTriageUpdated',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      updatedAt: IsoTime,
      source: literals(['reclassified', 'escalated', 'reissued'] as const),
      round: Round,
      ...CaseGrading,
      changedFields: Type.Array(literals(CASE_GRADING_FIELDS)),
      unassigned: Type.Optional(Type.Boolean()),
      remedyApprovals: Type.Optional(
        Type.Object(
          { remedyId: Id, added: Type.Array(RequiredApprovalSchema, { minItems: 1 }) },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});

/** The customer withdrew the complaint (from `ComplaintWithdrawn`): every clock stops. */
export const CaseWithdrawn = defineEvent({
  type: 'CaseWithdrawn',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      withdrawnAt: IsoTime,
      round: Round,
      reason: Type.Optional(Text(2000)),
    },
    { additionalProperties: false },
  ),
});

/**
 * A resolved case went into another round of handling (DOMAIN §4 second handling), from
 * follow-up's `ComplaintReopened` or triage's deadlines for that reopening, whichever came first.
 * `deadlines` are triage's for the new round, absent until triage has issued them; `crisisPlanBy`
 * restarts the task force's plan clock of a crisis case.
 */
export const CaseReopened = defineEvent({
  type: 'CaseReopened',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      reopenedAt: IsoTime,
      round: Type.Integer({ minimum: 2 }),
      reason: Type.Optional(Text(2000)),
      deadlines: Type.Optional(TriageDeadlinesSchema),
      calendar: ClockCalendarSchema,
      crisisPlanBy: Type.Optional(IsoTime),
    },
    { additionalProperties: false },
  ),
});

export const CaseAssigned = defineEvent({
  type: 'CaseAssigned',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      assignedAt: IsoTime,
      assignedBy: StaffId,
      assignee: StaffId,
      department: BodyName,
      previousAssignee: Type.Optional(StaffId),
    },
    { additionalProperties: false },
  ),
});

/**
 * Someone from the company spoke with the customer. The round's first contact stops the response
 * clock; a contact that presents an approved plan names it (`remedyId`).
 */
export const CustomerContacted = defineEvent({
  type: 'CustomerContacted',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      contactedAt: IsoTime,
      contactedBy: StaffId,
      channel: ContactChannelSchema,
      round: Round,
      firstInRound: Type.Boolean(),
      summary: Type.Optional(Text(4000)),
      remedyId: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
});

export const EvidenceSchema = Type.Object(
  {
    kind: EvidenceKindSchema,
    /** Where the evidence is kept: a document id or URL of the enterprise's own systems. */
    ref: Text(2000),
    sha256: Type.Optional(Type.String({ format: 'sha256' })),
  },
  { additionalProperties: false },
);
export type Evidence = Static<typeof EvidenceSchema>;

/**
 * The investigation's finding (DOMAIN §3): root cause, responsibility and evidence. A later
 * recording supersedes an earlier one; `sharedWith` names other departments that share the
 * improvement target of a cross-department mistake.
 */
export const InvestigationRecorded = defineEvent({
  type: 'InvestigationRecorded',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      recordedAt: IsoTime,
      recordedBy: StaffId,
      rootCause: Text(4000),
      responsibility: ResponsibilitySchema,
      evidence: Type.Array(EvidenceSchema, { maxItems: 50 }),
      sharedWith: Type.Array(BodyName, { maxItems: 20 }),
    },
    { additionalProperties: false },
  ),
});

/**
 * A plan of tiered remedy options was proposed; it goes to the customer only once every required
 * approval is in (`requiredApprovals`: triage's approver body, and legal review when the approval
 * matrix asks for it).
 */
export const RemedyProposed = defineEvent({
  type: 'RemedyProposed',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      remedyId: Id,
      proposedAt: IsoTime,
      proposedBy: StaffId,
      round: Round,
      options: Type.Array(RemedyOptionSchema, { minItems: 1, maxItems: 10 }),
      requiredApprovals: Type.Array(RequiredApprovalSchema, { minItems: 1 }),
      rationale: Type.Optional(Text(4000)),
    },
    { additionalProperties: false },
  ),
});

/**
 * One approver body approved the plan. `remainingApprovals` empty: the plan may be offered; a
 * crisis case then has until `crisisContactBy` to put it to the customer.
 */
export const RemedyApproved = defineEvent({
  type: 'RemedyApproved',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      remedyId: Id,
      body: BodyName,
      approvedAt: IsoTime,
      approvedBy: StaffId,
      note: Type.Optional(Text(2000)),
      remainingApprovals: Type.Array(BodyName),
      crisisContactBy: Type.Optional(IsoTime),
    },
    { additionalProperties: false },
  ),
});

/** An approver body rejected the plan: it is off the table and a new one is needed. */
export const RemedyRejected = defineEvent({
  type: 'RemedyRejected',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      remedyId: Id,
      body: BodyName,
      rejectedAt: IsoTime,
      rejectedBy: StaffId,
      reason: Text(2000),
    },
    { additionalProperties: false },
  ),
});

/** The customer chose one option of an approved plan. */
export const RemedyAccepted = defineEvent({
  type: 'RemedyAccepted',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      remedyId: Id,
      option: RemedyOptionSchema,
      acceptedAt: IsoTime,
      recordedBy: StaffId,
    },
    { additionalProperties: false },
  ),
});

/**
 * The customer declined an approved plan: a new plan is due by `newPlanBy` on the `replan` clock,
 * or on `crisis_replan` for a crisis case (DOMAIN §3: adjusted within 1 hour).
 */
export const RemedyDeclined = defineEvent({
  type: 'RemedyDeclined',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      remedyId: Id,
      declinedAt: IsoTime,
      recordedBy: StaffId,
      reason: Type.Optional(Text(2000)),
      newPlanBy: IsoTime,
      newPlanClock: literals(['replan', 'crisis_replan'] as const),
      calendar: ClockCalendarSchema,
    },
    { additionalProperties: false },
  ),
});

/** DOMAIN §3 execution: every action has an owner and a due time and is tracked to completion. */
export const ActionScheduled = defineEvent({
  type: 'ActionScheduled',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      actionId: Id,
      remedyId: Id,
      description: Text(2000),
      owner: StaffId,
      ownerDepartment: Type.Optional(BodyName),
      dueAt: IsoTime,
      calendar: ClockCalendarSchema,
      scheduledAt: IsoTime,
      scheduledBy: StaffId,
    },
    { additionalProperties: false },
  ),
});

export const ActionCompleted = defineEvent({
  type: 'ActionCompleted',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      actionId: Id,
      completedAt: IsoTime,
      completedBy: StaffId,
      note: Type.Optional(Text(2000)),
      /** Completed after its due time. */
      late: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});

/**
 * The complaint was resolved. Triage, intake and follow-up read it; the fields after `resolvedAt`
 * were added with the changes of 2026-12-04 (optional, same version): the accepted remedy, the
 * investigation's responsibility and root cause, and the grading follow-up needs.
 */
export const ComplaintResolved = defineEvent({
  type: 'ComplaintResolved',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      resolvedAt: IsoTime,
      round: Type.Optional(Round),
      resolvedBy: Type.Optional(StaffId),
      summary: Type.Optional(Text(4000)),
      remedy: Type.Optional(
        Type.Object({ remedyId: Id, option: RemedyOptionSchema }, { additionalProperties: false }),
      ),
      responsibility: Type.Optional(ResponsibilitySchema),
      rootCause: Type.Optional(Text(4000)),
      department: Type.Optional(BodyName),
      severity: Type.Optional(SeveritySchema),
      escalationClass: Type.Optional(EscalationClassSchema),
      category: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
});

const ClockFields = {
  complaintId: Id,
  clock: SlaClockSchema,
  /** Set when `clock` is `action`. */
  actionId: Type.Optional(Id),
  round: Round,
  dueAt: IsoTime,
  department: BodyName,
};

/** A clock has used up its warning share of the time (default 80 %) and is still running. */
export const SlaWarning = defineEvent({
  type: 'SlaWarning',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      ...ClockFields,
      startedAt: IsoTime,
      warnedAt: IsoTime,
      share: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    },
    { additionalProperties: false },
  ),
});

/** A clock reached its due time before what it waits for happened. */
export const SlaBreached = defineEvent({
  type: 'SlaBreached',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object({ ...ClockFields, breachedAt: IsoTime }, { additionalProperties: false }),
});

export const SUPERVISION_REASONS = [
  'escalation_class',
  'sla_breach',
  'repeat_after_breach',
] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];

export const MilestoneSchema = Type.Object(
  { milestone: SupervisionMilestoneSchema, dueAt: IsoTime },
  { additionalProperties: false },
);

/**
 * Customer service put the case under supervision (DOMAIN §3, 003: 督办单) with milestones for the
 * responsible department; one order per round. Why: the escalation class (`escalationClass`), a
 * breached clock (`clock`), or a reopening after an earlier round breached.
 */
export const SupervisionOrderIssued = defineEvent({
  type: 'SupervisionOrderIssued',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      round: Round,
      issuedAt: IsoTime,
      issuedBy: BodyName,
      reason: literals(SUPERVISION_REASONS),
      escalationClass: Type.Optional(EscalationClassSchema),
      clock: Type.Optional(SlaClockSchema),
      department: BodyName,
      milestones: Type.Array(MilestoneSchema, { minItems: 1 }),
      warn: DepartmentHeadSchema,
    },
    { additionalProperties: false },
  ),
});

/**
 * A milestone of a supervision order passed unmet: the head of the responsible department is
 * warned (DOMAIN §3: "warns the department head when a milestone is missed").
 */
export const SupervisionMilestoneMissed = defineEvent({
  type: 'SupervisionMilestoneMissed',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      round: Round,
      milestone: SupervisionMilestoneSchema,
      dueAt: IsoTime,
      missedAt: IsoTime,
      department: BodyName,
      warn: DepartmentHeadSchema,
    },
    { additionalProperties: false },
  ),
});

const TeamRole = Type.Object({ role: BodyName }, { additionalProperties: false });

/**
 * A major case formed a crisis task force (DOMAIN §3 crisis): its lead, members and one
 * spokesperson, by organisational role. `planBy` is the task force's plan clock, absent when a
 * plan was already on the table when the team formed.
 */
export const CrisisTeamFormed = defineEvent({
  type: 'CrisisTeamFormed',
  topic: TOPICS.resolution,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      formedAt: IsoTime,
      round: Round,
      lead: TeamRole,
      members: Type.Array(TeamRole),
      spokesperson: TeamRole,
      planBy: Type.Optional(IsoTime),
    },
    { additionalProperties: false },
  ),
});

export const RESOLUTION_EVENTS = [
  CaseOpened,
  CaseTriageUpdated,
  CaseWithdrawn,
  CaseReopened,
  CaseAssigned,
  CustomerContacted,
  InvestigationRecorded,
  RemedyProposed,
  RemedyApproved,
  RemedyRejected,
  RemedyAccepted,
  RemedyDeclined,
  ActionScheduled,
  ActionCompleted,
  ComplaintResolved,
  SlaWarning,
  SlaBreached,
  SupervisionOrderIssued,
  SupervisionMilestoneMissed,
  CrisisTeamFormed,
] as const;

export type CaseOpenedData = EventData<typeof CaseOpened>;
export type CaseTriageUpdatedData = EventData<typeof CaseTriageUpdated>;
export type CaseWithdrawnData = EventData<typeof CaseWithdrawn>;
export type CaseReopenedData = EventData<typeof CaseReopened>;
export type CaseAssignedData = EventData<typeof CaseAssigned>;
export type CustomerContactedData = EventData<typeof CustomerContacted>;
export type InvestigationRecordedData = EventData<typeof InvestigationRecorded>;
export type RemedyProposedData = EventData<typeof RemedyProposed>;
export type RemedyApprovedData = EventData<typeof RemedyApproved>;
export type RemedyRejectedData = EventData<typeof RemedyRejected>;
export type RemedyAcceptedData = EventData<typeof RemedyAccepted>;
export type RemedyDeclinedData = EventData<typeof RemedyDeclined>;
export type ActionScheduledData = EventData<typeof ActionScheduled>;
export type ActionCompletedData = EventData<typeof ActionCompleted>;
export type ComplaintResolvedData = EventData<typeof ComplaintResolved>;
export type SlaWarningData = EventData<typeof SlaWarning>;
export type SlaBreachedData = EventData<typeof SlaBreached>;
export type SupervisionOrderIssuedData = EventData<typeof SupervisionOrderIssued>;
export type SupervisionMilestoneMissedData = EventData<typeof SupervisionMilestoneMissed>;
export type CrisisTeamFormedData = EventData<typeof CrisisTeamFormed>;

export type ResolutionEvent = EventOf<(typeof RESOLUTION_EVENTS)[number]>;
