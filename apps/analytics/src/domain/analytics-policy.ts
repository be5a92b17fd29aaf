import {
  schemaProblems,
  TREND_DIMENSIONS,
  type SchemaProblem,
  type TrendDimension,
} from '@redress/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { InvalidAnalyticsPolicy } from './errors';

/**
 * The detectors' thresholds as data (STYLE.md: policy documents are data validated by a schema).
 * Every value is a default an enterprise changes by configuration; the comments on
 * `DEFAULT_ANALYTICS_POLICY` say where each comes from. Defaults marked "tuned" were chosen on the
 * tuning seeds of `evaluation/` and are held to their figures on other seeds by
 * `evaluation/detector-quality.spec.ts` (the figures are in the service README, "Detectors").
 */
const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

/** The dimensions whose surges raise `TrendAlertRaised` (the contract's list). */
export const DIMENSIONS = TREND_DIMENSIONS;
export type Dimension = TrendDimension;

/** The concrete subjects whose surges are hot topics (issue 13: product, batch, store). */
export const SUBJECT_KINDS = ['product', 'batch', 'store'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const SurgeTestSchema = Type.Object(
  {
    /** Trailing windows the expectation is estimated from (before the scanned ones). */
    baselineWindows: Type.Integer({ minimum: 7, maximum: 366 }),
    /** No test until this many windows of history precede the scanned ones. */
    minBaselineWindows: Type.Integer({ minimum: 1, maximum: 366 }),
    /** The test sums the last 1 … scanWindows windows and keeps the strongest (Bonferroni). */
    scanWindows: Type.Integer({ minimum: 1, maximum: 7 }),
    /** Fewest complaints in the scanned windows for an alert. */
    minCount: Type.Integer({ minimum: 1 }),
    /** Observed at least this multiple of expected: significance alone is not a surge. */
    minRatio: Type.Number({ minimum: 1 }),
    /** −log₁₀ p at or above which an alert is raised. */
    raiseScore: Type.Number({ exclusiveMinimum: 0, maximum: 300 }),
    /** While raised, a window whose own −log₁₀ p reaches this still counts as surging. */
    continueScore: Type.Number({ minimum: 0, maximum: 300 }),
    /** Consecutive windows not surging after which a raised alert is quiet again. */
    coolAfterWindows: Type.Integer({ minimum: 1, maximum: 60 }),
    /** The expectation of a window is never below this (a value never seen is not impossible). */
    expectedFloor: Type.Number({ exclusiveMinimum: 0 }),
    /** Complaints' worth of weight pulling a value's weekday profile towards its family's. */
    weekdayPseudoCount: Type.Number({ minimum: 0 }),
    /** Scale the test by the baseline's overdispersion (quasi-Poisson), never below Poisson. */
    estimateDispersion: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SurgeTest = Static<typeof SurgeTestSchema>;

export const AnalyticsPolicySchema = Type.Object(
  {
    windows: Type.Object(
      {
        /** Windows are local days at this offset from UTC. */
        utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840 }),
        /** A window closes this long after its end (event time): later events are late. */
        allowedLatenessMinutes: Type.Integer({ minimum: 0, maximum: 720 }),
      },
      { additionalProperties: false },
    ),
    surges: Type.Object(
      {
        dimensions: Type.Array(literals(DIMENSIONS), { uniqueItems: true }),
        test: SurgeTestSchema,
      },
      { additionalProperties: false },
    ),
    hotTopics: Type.Object(
      {
        subjects: Type.Object(
          {
            kinds: Type.Array(literals(SUBJECT_KINDS), { uniqueItems: true }),
            test: SurgeTestSchema,
          },
          { additionalProperties: false },
        ),
        phrases: Type.Object(
          {
            /** A hot word in complaints about at least this many distinct subjects is a topic. */
            minSubjects: Type.Integer({ minimum: 2, maximum: 8 }),
            /** While hot, a window where the phrase's −log₁₀ p reaches this still counts. */
            continueScore: Type.Number({ minimum: 0, maximum: 300 }),
            coolAfterWindows: Type.Integer({ minimum: 1, maximum: 60 }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    hotWords: Type.Object(
      {
        /** Lengths of the Chinese character n-grams counted. */
        chineseMinLength: Type.Integer({ minimum: 2, maximum: 4 }),
        chineseMaxLength: Type.Integer({ minimum: 2, maximum: 4 }),
        englishBigrams: Type.Boolean(),
        /** Added to the built-in lists of `stop-words.ts`. */
        extraStopWords: Type.Object(
          {
            chinese: Type.Array(Type.String({ minLength: 1, maxLength: 8 }), { maxItems: 2000 }),
            english: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 2000 }),
          },
          { additionalProperties: false },
        ),
        /** The baseline forgets with this half-life, in windows. */
        baselineHalfLifeWindows: Type.Number({ minimum: 1, maximum: 365 }),
        minBaselineWindows: Type.Integer({ minimum: 1, maximum: 366 }),
        /** Fewest complaints of the window containing the phrase. */
        minSupport: Type.Integer({ minimum: 2 }),
        /** The window's share of complaints with the phrase, at least this multiple of the baseline's. */
        minRatio: Type.Number({ minimum: 1 }),
        /** −log₁₀ p of the one-sided G² test at or above which a phrase is hot. */
        minScore: Type.Number({ exclusiveMinimum: 0, maximum: 300 }),
        /**
         * A longer phrase replaces a shorter one it contains when it carries at least this share
         * of the shorter one's excess over its expectation; below it the longer one is an accident
         * of context ("现包装破" around a hot "包装破损").
         */
        explainedShare: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
        /** Hot words listed per window, strongest first. */
        topN: Type.Integer({ minimum: 1, maximum: 500 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type AnalyticsPolicy = Static<typeof AnalyticsPolicySchema>;

export const DEFAULT_ANALYTICS_POLICY: AnalyticsPolicy = {
  // DOMAIN §5 speaks of daily and monthly figures: daily windows, in China Standard Time. A
  // window waits 2 hours after midnight for complaints registered just before it but relayed
  // late (the outbox relays within seconds; the margin covers a relay restarting).
  windows: { utcOffsetMinutes: 480, allowedLatenessMinutes: 120 },
  surges: {
    // Issue 13: region × category ("logistics complaints in one region jump", DOMAIN §5),
    // product, channel, department.
    dimensions: ['region_category', 'product', 'channel', 'department'],
    test: {
      // Four weeks: every weekday four times, as EARS and Farrington use whole weeks of history;
      // two weeks at least before any alert.
      baselineWindows: 28,
      minBaselineWindows: 14,
      // Tuned: summing up to 3 days finds a doubling that one day of a few complaints cannot
      // show; 1 or 5 did worse on the tuning seeds.
      scanWindows: 3,
      // An alert is about at least 5 complaints and at least twice the expectation.
      minCount: 5,
      minRatio: 2,
      // Tuned: p ≤ 1e-4 after the scan's correction; 3 doubled the false alerts, 5 lost recall.
      raiseScore: 4,
      // p ≤ 0.05 for one window keeps an alert raised; 3 windows without that end it.
      continueScore: 1.3,
      coolAfterWindows: 3,
      expectedFloor: 0.2,
      // Tuned: 20 complaints' weight towards the family's weekly cycle (0 and 100 did worse).
      weekdayPseudoCount: 20,
      // Tuned: real counts are overdispersed; without it false alerts rose tenfold on the
      // overdispersed tuning histories.
      estimateDispersion: true,
    },
  },
  hotTopics: {
    subjects: {
      kinds: ['product', 'batch', 'store'],
      test: {
        baselineWindows: 28,
        minBaselineWindows: 14,
        scanWindows: 3,
        // DOMAIN §2's hot class starts at 3 complaints of the same type: a subject's topic needs
        // as many, and the surge test on top of it.
        minCount: 3,
        minRatio: 2,
        raiseScore: 4,
        continueScore: 1.3,
        coolAfterWindows: 3,
        expectedFloor: 0.2,
        weekdayPseudoCount: 20,
        estimateDispersion: true,
      },
    },
    // A phrase hot in complaints about 3 products or stores (DOMAIN §2's "3 complaints" again);
    // a topic stays while the phrase keeps p ≤ 0.001, and cools after 3 windows without.
    phrases: { minSubjects: 3, continueScore: 3, coolAfterWindows: 3 },
  },
  hotWords: {
    // Issue 13: Chinese character n-grams of 2–4, English words and bigrams.
    chineseMinLength: 2,
    chineseMaxLength: 4,
    englishBigrams: true,
    extraStopWords: { chinese: [], english: [] },
    // About three weeks of memory (the weight of the last 14 windows equals that of all before).
    baselineHalfLifeWindows: 14,
    minBaselineWindows: 14,
    // Tuned: 4 complaints and twice the baseline's share, at p ≤ 1e-6 — a window tests tens of
    // thousands of phrases; scores of 4 and 5 listed bigrams of random characters found in 3–4
    // complaints, a support of 5 lost recall.
    minSupport: 4,
    minRatio: 2,
    minScore: 6,
    explainedShare: 0.5,
    topN: 30,
  },
};

export type PolicyProblem = SchemaProblem;

const check = TypeCompiler.Compile(AnalyticsPolicySchema);

/** Every problem of a policy document, each with its dotted path; empty when it is valid. */
export function validateAnalyticsPolicy(document: unknown): PolicyProblem[] {
  if (!check.Check(document)) return schemaProblems(check, document);
  const problems: PolicyProblem[] = [];
  const tests: Array<[string, SurgeTest]> = [
    ['surges.test', document.surges.test],
    ['hotTopics.subjects.test', document.hotTopics.subjects.test],
  ];
  for (const [path, test] of tests) {
    if (test.minBaselineWindows > test.baselineWindows) {
      problems.push({
        path: `${path}.minBaselineWindows`,
        message: 'must not exceed baselineWindows',
      });
    }
    if (test.continueScore > test.raiseScore) {
      problems.push({ path: `${path}.continueScore`, message: 'must not exceed raiseScore' });
    }
  }
  const words = document.hotWords;
  if (words.chineseMinLength > words.chineseMaxLength) {
    problems.push({
      path: 'hotWords.chineseMinLength',
      message: 'must not exceed chineseMaxLength',
    });
  }
  if (document.hotTopics.phrases.continueScore > words.minScore) {
    problems.push({
      path: 'hotTopics.phrases.continueScore',
      message: 'must not exceed hotWords.minScore',
    });
  }
  return problems;
}

/** A policy that validated, with what the detectors derive from it once. */
export interface CompiledAnalyticsPolicy {
  readonly policy: AnalyticsPolicy;
  readonly allowedLatenessMs: number;
  /** Per window, the factor the hot-word baseline keeps of its past: 2^(−1/half-life). */
  readonly hotWordDecay: number;
}

export function compileAnalyticsPolicy(document: unknown): CompiledAnalyticsPolicy {
  const problems = validateAnalyticsPolicy(document);
  if (problems.length > 0) throw new InvalidAnalyticsPolicy(problems);
  const policy = structuredClone(document as AnalyticsPolicy);
  return {
    policy,
    allowedLatenessMs: policy.windows.allowedLatenessMinutes * 60_000,
    hotWordDecay: 2 ** (-1 / policy.hotWords.baselineHalfLifeWindows),
  };
}
