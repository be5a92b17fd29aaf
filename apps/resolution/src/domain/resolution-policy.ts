import { aroundTheClock, type Duration, type WorkClock } from '@redress/business-time';
import {
  CLOCK_CALENDARS,
  ESCALATION_CLASSES,
  ROLES,
  schemaProblems,
  SEVERITIES,
  SUPERVISION_MILESTONES,
  zeroDurations,
  type ClockCalendar,
  type SchemaProblem,
  type Severity,
} from '@redress/contracts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { InvalidResolutionPolicy } from './errors';

/**
 * The resolution service's rules as data (STYLE.md: policy documents are data validated by a
 * schema). Every value below is a default an enterprise changes by configuration, never code;
 * each default cites its DOMAIN.md source or the decision recorded in the service README.
 */
const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

const BodyName = Type.String({ minLength: 1, maxLength: 64 });
const DurationSchema = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 0 })),
    hours: Type.Optional(Type.Number({ minimum: 0 })),
    minutes: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const bySeverity = <T extends TSchema>(schema: T) =>
  Type.Object(
    { minor: schema, general: schema, serious: schema, major: schema },
    { additionalProperties: false },
  );

/**
 * Who may approve for one approver body. `scope: 'case_department'`: only for complaints of the
 * approver's own department (a project general manager); `'all_departments'`: across departments,
 * for approvals only (CONTRACT changes of 2026-12-04: legal, committees). `departments` narrows
 * the approvers to staff of those departments (a committee's members).
 */
export const ApproverAuthoritySchema = Type.Object(
  {
    roles: Type.Array(literals(ROLES), { minItems: 1, uniqueItems: true }),
    scope: literals(['case_department', 'all_departments'] as const),
    departments: Type.Optional(Type.Array(BodyName, { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ApproverAuthority = Static<typeof ApproverAuthoritySchema>;

export const ResolutionPolicySchema = Type.Object(
  {
    clocks: Type.Object(
      {
        /** A clock warns when this share of its counted time has passed. */
        warningShare: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
        /** The calendar triage's deadlines count on for each severity (triage's SLA policy). */
        calendarBySeverity: bySeverity(literals(CLOCK_CALENDARS)),
        /** Time for a new plan after the customer declines one, on the case's calendar. */
        replanWithin: bySeverity(DurationSchema),
      },
      { additionalProperties: false },
    ),
    approvals: Type.Object(
      {
        bodies: Type.Record(Type.String({ minLength: 1, maxLength: 64 }), ApproverAuthoritySchema),
        /** Authority for an approver body triage names that `bodies` does not list. */
        otherBodies: ApproverAuthoritySchema,
        legalReview: Type.Object(
          {
            body: BodyName,
            severities: Type.Array(literals(SEVERITIES), { uniqueItems: true }),
            escalationClasses: Type.Array(literals(ESCALATION_CLASSES), { uniqueItems: true }),
            /**
             * A compensation above this amount in its currency needs legal review; one in a
             * currency not listed always does.
             */
            compensationAbove: Type.Record(
              Type.String({ pattern: '^[A-Z]{3}$' }),
              Type.String({ pattern: '^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,4})?$' }),
            ),
          },
          { additionalProperties: false },
        ),
        /** Four eyes: the proposer does not approve, and one person approves for one body. */
        fourEyes: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    supervision: Type.Object(
      {
        /** Who issues supervision orders (DOMAIN §3: customer service). */
        issuedBy: BodyName,
        escalationClasses: Type.Array(literals(ESCALATION_CLASSES), { uniqueItems: true }),
        onBreach: Type.Boolean(),
        /** 003: "timeouts that caused a second complaint" — a reopening after a breached round. */
        onReopenAfterBreach: Type.Boolean(),
        milestones: Type.Array(
          Type.Object(
            { milestone: literals(SUPERVISION_MILESTONES), within: DurationSchema },
            { additionalProperties: false },
          ),
          { minItems: 1 },
        ),
      },
      { additionalProperties: false },
    ),
    crisis: Type.Object(
      {
        severities: Type.Array(literals(SEVERITIES), { uniqueItems: true }),
        escalationClasses: Type.Array(literals(ESCALATION_CLASSES), { uniqueItems: true }),
        lead: BodyName,
        members: Type.Array(BodyName, { uniqueItems: true }),
        spokesperson: BodyName,
        planWithin: DurationSchema,
        contactAfterApprovalWithin: DurationSchema,
        replanAfterDeclineWithin: DurationSchema,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ResolutionPolicy = Static<typeof ResolutionPolicySchema>;

export const DEFAULT_RESOLUTION_POLICY: ResolutionPolicy = {
  clocks: {
    warningShare: 0.8,
    // As triage's default SLA policy: major complaints around the clock, the others on the
    // business calendar (DOMAIN §2).
    calendarBySeverity: {
      minor: 'business',
      general: 'business',
      serious: 'business',
      major: '24/7',
    },
    // DOMAIN §3: "if the customer is unhappy the plan is adjusted within 1 hour" (crisis); the
    // other levels get the time DOMAIN gives to communicate a plan (24 h for general, 000) or,
    // for serious, their response target (12 h).
    replanWithin: {
      minor: { days: 1 },
      general: { hours: 24 },
      serious: { hours: 12 },
      major: { hours: 1 },
    },
  },
  approvals: {
    // DOMAIN §2 (003): major → product decision committee, important → division head, hot and
    // general → project general manager; triage names the body, this maps it to token roles.
    bodies: {
      'project-general-manager': { roles: ['department_head'], scope: 'case_department' },
      'division-head': { roles: ['supervisor'], scope: 'all_departments' },
      'product-decision-committee': { roles: ['supervisor'], scope: 'all_departments' },
      legal: { roles: ['legal'], scope: 'all_departments' },
    },
    otherBodies: { roles: ['supervisor'], scope: 'all_departments' },
    // DOMAIN §2 table III ("legal review") and issue 11: major complaints and compensation above
    // a configurable amount (a level I coupon is ~50 CNY; III is full refund plus compensation).
    legalReview: {
      body: 'legal',
      severities: ['major'],
      escalationClasses: ['major'],
      compensationAbove: { CNY: '1000' },
    },
    fourEyes: true,
  },
  supervision: {
    issuedBy: 'customer-service',
    // DOMAIN §3 (003): major, hot and important complaints, and timeouts.
    escalationClasses: ['important', 'hot', 'major'],
    onBreach: true,
    onReopenAfterBreach: true,
    // Counted from the order on the case's calendar, never later than the case's own deadline
    // for the same step while that is still ahead.
    milestones: [
      { milestone: 'customer_contacted', within: { hours: 2 } },
      { milestone: 'plan_proposed', within: { days: 1 } },
      { milestone: 'plan_approved', within: { days: 2 } },
      { milestone: 'resolved', within: { days: 5 } },
    ],
  },
  crisis: {
    // DOMAIN §3 (003, 000): a major complaint — by escalation class or severity level III —
    // forms a task force: the project GM leads, the service manager executes, one spokesperson.
    severities: ['major'],
    escalationClasses: ['major'],
    lead: 'project-general-manager',
    members: ['service-manager'],
    spokesperson: 'public-relations',
    planWithin: { hours: 24 },
    contactAfterApprovalWithin: { hours: 12 },
    replanAfterDeclineWithin: { hours: 1 },
  },
};

export type PolicyProblem = SchemaProblem;

const check = TypeCompiler.Compile(ResolutionPolicySchema);

/** Every problem of a policy document, each with its dotted path; empty when it is valid. */
export function validateResolutionPolicy(document: unknown): PolicyProblem[] {
  if (!check.Check(document)) return schemaProblems(check, document);
  const durations: Array<[string, Duration]> = [
    ...Object.entries(document.clocks.replanWithin).map(
      ([severity, d]) => [`clocks.replanWithin.${severity}`, d] as [string, Duration],
    ),
    ...document.supervision.milestones.map(
      (m, i) => [`supervision.milestones.${i}.within`, m.within] as [string, Duration],
    ),
    ['crisis.planWithin', document.crisis.planWithin],
    ['crisis.contactAfterApprovalWithin', document.crisis.contactAfterApprovalWithin],
    ['crisis.replanAfterDeclineWithin', document.crisis.replanAfterDeclineWithin],
  ];
  const problems = zeroDurations(durations);
  const seen = new Set<string>();
  document.supervision.milestones.forEach((m, i) => {
    if (seen.has(m.milestone)) {
      problems.push({ path: `supervision.milestones.${i}.milestone`, message: 'is listed twice' });
    }
    seen.add(m.milestone);
  });
  if (!seen.has('resolved')) {
    problems.push({
      path: 'supervision.milestones',
      message: 'must include the milestone "resolved": every order watches the resolution',
    });
  }
  return problems;
}

/** A validated policy with the clocks its due times count on. */
export interface CompiledResolutionPolicy {
  readonly policy: ResolutionPolicy;
  /** The business calendar for `business`, plain arithmetic for `24/7`. */
  clock(calendar: ClockCalendar): WorkClock;
  /** The calendar a case of this severity counts on. */
  calendarFor(severity: Severity): ClockCalendar;
}

export function compileResolutionPolicy(
  document: unknown,
  businessCalendar: WorkClock,
): CompiledResolutionPolicy {
  const problems = validateResolutionPolicy(document);
  if (problems.length > 0) throw new InvalidResolutionPolicy(problems);
  const policy = document as ResolutionPolicy;
  return {
    policy,
    clock: (calendar) => (calendar === '24/7' ? aroundTheClock : businessCalendar),
    calendarFor: (severity) => policy.clocks.calendarBySeverity[severity],
  };
}
