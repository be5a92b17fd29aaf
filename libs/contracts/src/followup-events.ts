import { Type } from '@sinclair/typebox';
import { TOPICS } from './topics';
import { defineEvent, type EventData, type EventOf } from './registry';
import { ComplaintClosed, ComplaintReopened } from './lifecycle-events';
import { MoneySchema } from './resolution-events';
import { EscalationClassSchema, SeveritySchema } from './triage-events';

/**
 * Events of `complaints.followup.v1` (DOMAIN §4: the satisfaction callback, second handling,
 * closure and archive, corrective and preventive action, the case library). `ComplaintReopened`
 * and `ComplaintClosed`, which other services read, are defined with the lifecycle events. None
 * carries personal data: the customer is reached through intake's record, never copied here;
 * staff appear by their token subject; free text is written by staff about the case.
 */
const IsoTime = Type.String({ format: 'date-time' });
const Id = Type.String({ format: 'uuid' });
const BodyName = Type.String({ minLength: 1, maxLength: 64 });
const StaffId = Type.String({ minLength: 1, maxLength: 200 });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Round = Type.Integer({ minimum: 1 });
const Category = Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 });
const Rating = Type.Integer({ minimum: 1, maximum: 5 });
const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

/** What a callback attempt came to (issue 12). */
export const ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'refused', 'wrong_number'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** DOMAIN §4 (003): corrective action fixes this case's cause; preventive keeps it from recurring. */
export const CORRECTIVE_ACTION_KINDS = ['corrective', 'preventive'] as const;
export type CorrectiveActionKind = (typeof CORRECTIVE_ACTION_KINDS)[number];

/** DOMAIN §4 (000): repairing the relationship. */
export const GOODWILL_KINDS = ['coupon', 'trial_invitation', 'gift', 'visit', 'other'] as const;
export type GoodwillKind = (typeof GOODWILL_KINDS)[number];

export const CLOSURE_OUTCOMES = ['satisfied', 'unreachable', 'no_survey'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/** The grading a follow-up carries from `ComplaintResolved`, for department scope and policy. */
const Grading = {
  department: BodyName,
  severity: SeveritySchema,
  escalationClass: EscalationClassSchema,
  category: Category,
};

/**
 * A satisfaction callback was scheduled for a resolved round (DOMAIN §4: within 24 h by default,
 * never later than 7 days), on `calendar`. `noSurvey`: the policy closes it without one (a minor
 * complaint answered at the first contact) — `ComplaintClosed` follows at once.
 */
export const FollowUpScheduled = defineEvent({
  type: 'FollowUpScheduled',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      round: Round,
      scheduledAt: IsoTime,
      resolvedAt: IsoTime,
      dueAt: IsoTime,
      calendar: literals(['business', '24/7'] as const),
      maxAttempts: Type.Integer({ minimum: 1, maximum: 20 }),
      ...Grading,
      noSurvey: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
});

/**
 * One try to reach the customer. Unless reached, the next try is due at `nextAttemptAt`; after
 * the policy's last try the complaint closes as unreachable (`ComplaintClosed`, flagged for
 * review).
 */
export const FollowUpAttempted = defineEvent({
  type: 'FollowUpAttempted',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      round: Round,
      attempt: Type.Integer({ minimum: 1 }),
      attemptedAt: IsoTime,
      attemptedBy: StaffId,
      outcome: literals(ATTEMPT_OUTCOMES),
      note: Type.Optional(Text(2000)),
      nextAttemptAt: Type.Optional(IsoTime),
    },
    { additionalProperties: false },
  ),
});

/**
 * The customer's verdict (DOMAIN §4): satisfaction 1–5, whether the problem is really solved,
 * efficiency, attitude and outcome ratings. `verdict` is the policy's reading: `unsatisfied`
 * (not solved, or satisfaction at or under the bar) reopens the complaint.
 */
export const SatisfactionRecorded = defineEvent({
  type: 'SatisfactionRecorded',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      round: Round,
      recordedAt: IsoTime,
      recordedBy: StaffId,
      satisfaction: Rating,
      resolved: Type.Boolean(),
      ratings: Type.Object(
        { efficiency: Rating, attitude: Rating, outcome: Rating },
        { additionalProperties: false },
      ),
      comment: Type.Optional(Text(2000)),
      verdict: literals(['satisfied', 'unsatisfied'] as const),
      ...Grading,
    },
    { additionalProperties: false },
  ),
});

/**
 * The responsible department is asked to act (DOMAIN §4, 003/004): corrective or preventive, with
 * an owner and a due date; tracked to completion.
 */
export const CorrectiveActionRequested = defineEvent({
  type: 'CorrectiveActionRequested',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      actionId: Id,
      kind: literals(CORRECTIVE_ACTION_KINDS),
      requestedAt: IsoTime,
      requestedBy: StaffId,
      department: BodyName,
      owner: StaffId,
      description: Text(2000),
      dueAt: IsoTime,
    },
    { additionalProperties: false },
  ),
});

export const CorrectiveActionCompleted = defineEvent({
  type: 'CorrectiveActionCompleted',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      actionId: Id,
      completedAt: IsoTime,
      completedBy: StaffId,
      note: Type.Optional(Text(2000)),
      late: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});

/** A corrective or preventive action passed its due date unfinished: its department is warned. */
export const CorrectiveActionOverdue = defineEvent({
  type: 'CorrectiveActionOverdue',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      actionId: Id,
      dueAt: IsoTime,
      overdueAt: IsoTime,
      department: BodyName,
      owner: StaffId,
    },
    { additionalProperties: false },
  ),
});

/** A gesture to repair the relationship (DOMAIN §4, 000), recorded once the complaint closed. */
export const GoodwillGestureRecorded = defineEvent({
  type: 'GoodwillGestureRecorded',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      gestureId: Id,
      recordedAt: IsoTime,
      recordedBy: StaffId,
      kind: literals(GOODWILL_KINDS),
      value: Type.Optional(MoneySchema),
      note: Type.Optional(Text(2000)),
    },
    { additionalProperties: false },
  ),
});

/**
 * A typical case went into the case library (DOMAIN §4, 003: a major case gets its report within
 * one week of closure). Searchable by category and keywords; `language` of the text (zh, en).
 */
export const CaseStudyPublished = defineEvent({
  type: 'CaseStudyPublished',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      caseStudyId: Id,
      publishedAt: IsoTime,
      publishedBy: StaffId,
      title: Text(200),
      summary: Text(8000),
      lessons: Type.Optional(Text(8000)),
      keywords: Type.Array(Text(64), { maxItems: 20 }),
      language: Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', maxLength: 35 }),
      ...Grading,
    },
    { additionalProperties: false },
  ),
});

/**
 * The case report of a major complaint is due (`due_soon`) or late (`overdue`): a reminder to
 * the responsible department (DOMAIN §4, 003: within one week of closure).
 */
export const CaseStudyReminded = defineEvent({
  type: 'CaseStudyReminded',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object(
    {
      complaintId: Id,
      stage: literals(['due_soon', 'overdue'] as const),
      dueAt: IsoTime,
      remindedAt: IsoTime,
      department: BodyName,
    },
    { additionalProperties: false },
  ),
});

export const FOLLOWUP_EVENTS = [
  FollowUpScheduled,
  FollowUpAttempted,
  SatisfactionRecorded,
  ComplaintReopened,
  ComplaintClosed,
  CorrectiveActionRequested,
  CorrectiveActionCompleted,
  CorrectiveActionOverdue,
  GoodwillGestureRecorded,
  CaseStudyPublished,
  CaseStudyReminded,
] as const;

export type FollowUpScheduledData = EventData<typeof FollowUpScheduled>;
export type FollowUpAttemptedData = EventData<typeof FollowUpAttempted>;
export type SatisfactionRecordedData = EventData<typeof SatisfactionRecorded>;
export type CorrectiveActionRequestedData = EventData<typeof CorrectiveActionRequested>;
export type CorrectiveActionCompletedData = EventData<typeof CorrectiveActionCompleted>;
export type CorrectiveActionOverdueData = EventData<typeof CorrectiveActionOverdue>;
export type GoodwillGestureRecordedData = EventData<typeof GoodwillGestureRecorded>;
export type CaseStudyPublishedData = EventData<typeof CaseStudyPublished>;
export type CaseStudyRemindedData = EventData<typeof CaseStudyReminded>;

export type FollowUpEvent = EventOf<(typeof FOLLOWUP_EVENTS)[number]>;
