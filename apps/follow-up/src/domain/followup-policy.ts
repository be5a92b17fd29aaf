import { aroundTheClock, type Duration, type WorkClock } from '@redress/business-time';
import {
  ESCALATION_CLASSES,
  schemaProblems,
  SEVERITIES,
  zeroDurations,
  type SchemaProblem,
  type Severity,
} from '@redress/contracts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { InvalidFollowUpPolicy } from './errors';

/**
 * The follow-up service's rules as data (STYLE.md: policy documents are data validated by a
 * schema). Every value is a default an enterprise changes by configuration; each cites its
 * DOMAIN.md source or the decision recorded in the service README.
 */
const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

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

export const FollowUpPolicySchema = Type.Object(
  {
    callbacks: Type.Object(
      {
        /** The calendar callbacks and their retries are due on. */
        calendar: literals(['business', '24/7'] as const),
        /** Counted from the resolution on `calendar`, per severity. */
        dueWithin: bySeverity(DurationSchema),
        /** Never later than this after the resolution, whatever the calendar (wall-clock time). */
        latest: DurationSchema,
        /** Tries before an unanswered callback closes the complaint as unreachable. */
        maxAttempts: Type.Integer({ minimum: 1, maximum: 20 }),
        /** The next try after one that did not reach the customer, on `calendar`. */
        retryAfter: DurationSchema,
      },
      { additionalProperties: false },
    ),
    survey: Type.Object(
      {
        /** Satisfaction at or under this reopens the complaint (with "not solved"). */
        reopenAtOrBelow: Type.Integer({ minimum: 0, maximum: 5 }),
      },
      { additionalProperties: false },
    ),
    noSurvey: Type.Object(
      {
        /** Severities whose complaints close without a survey when resolved without a remedy. */
        severities: Type.Array(literals(SEVERITIES), { uniqueItems: true }),
      },
      { additionalProperties: false },
    ),
    archive: Type.Object(
      { retainYears: Type.Integer({ minimum: 1, maximum: 100 }) },
      { additionalProperties: false },
    ),
    caseStudy: Type.Object(
      {
        /** Complaints of these severities or classes need a case report after closure. */
        severities: Type.Array(literals(SEVERITIES), { uniqueItems: true }),
        escalationClasses: Type.Array(literals(ESCALATION_CLASSES), { uniqueItems: true }),
        /** Due this long after closure (wall-clock), with a reminder `remindBefore` the due time. */
        within: DurationSchema,
        remindBefore: DurationSchema,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type FollowUpPolicy = Static<typeof FollowUpPolicySchema>;

export const DEFAULT_FOLLOWUP_POLICY: FollowUpPolicy = {
  callbacks: {
    // DOMAIN §4: "within 24 h" (002); on the business calendar that is one working day — the
    // same time the next working day — and never later than 7 days (000: 3–7 days).
    calendar: 'business',
    dueWithin: {
      minor: { days: 1 },
      general: { days: 1 },
      serious: { days: 1 },
      major: { days: 1 },
    },
    latest: { days: 7 },
    maxAttempts: 3,
    retryAfter: { hours: 4 },
  },
  // Issue 12: satisfaction at or under 2 of 5, or "not really solved", reopens (000).
  survey: { reopenAtOrBelow: 2 },
  // Issue 12: minor complaints answered at the first contact (resolved without a remedy plan).
  noSurvey: { severities: ['minor'] },
  // DOMAIN §4 (000): keep all records for at least 3 years.
  archive: { retainYears: 3 },
  // DOMAIN §4 (003): a major case gets its case report within one week.
  caseStudy: {
    severities: ['major'],
    escalationClasses: ['major'],
    within: { days: 7 },
    remindBefore: { days: 2 },
  },
};

export type PolicyProblem = SchemaProblem;

const check = TypeCompiler.Compile(FollowUpPolicySchema);

/** Every problem of a policy document, each with its dotted path; empty when it is valid. */
export function validateFollowUpPolicy(document: unknown): PolicyProblem[] {
  if (!check.Check(document)) return schemaProblems(check, document);
  const positive: Array<[string, Duration]> = [
    ...Object.entries(document.callbacks.dueWithin).map(
      ([severity, d]) => [`callbacks.dueWithin.${severity}`, d] as [string, Duration],
    ),
    ['callbacks.latest', document.callbacks.latest],
    ['callbacks.retryAfter', document.callbacks.retryAfter],
    ['caseStudy.within', document.caseStudy.within],
  ];
  return zeroDurations(positive);
}

/** A validated policy with the clocks its due times count on. */
export interface CompiledFollowUpPolicy {
  readonly policy: FollowUpPolicy;
  /** The calendar of callbacks and retries. */
  readonly callbackClock: WorkClock;
  /** The business calendar: corrective actions due "within N working days". */
  readonly businessClock: WorkClock;
  /** Wall-clock arithmetic: caps, retention, case-study due times. */
  readonly wallClock: WorkClock;
  dueWithin(severity: Severity): Duration;
}

export function compileFollowUpPolicy(
  document: unknown,
  businessCalendar: WorkClock,
): CompiledFollowUpPolicy {
  const problems = validateFollowUpPolicy(document);
  if (problems.length > 0) throw new InvalidFollowUpPolicy(problems);
  const policy = document as FollowUpPolicy;
  return {
    policy,
    callbackClock: policy.callbacks.calendar === '24/7' ? aroundTheClock : businessCalendar,
    businessClock: businessCalendar,
    wallClock: aroundTheClock,
    dueWithin: (severity) => policy.callbacks.dueWithin[severity],
  };
}
