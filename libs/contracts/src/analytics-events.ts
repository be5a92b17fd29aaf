import { Type } from '@sinclair/typebox';
import { FindingWindowSchema, HotTopicCooled, HotTopicDetected } from './lifecycle-events';
import { defineEvent, type EventData, type EventOf } from './registry';
import { TOPICS } from './topics';

/** The dimensions whose surges raise `TrendAlertRaised` (DOMAIN §5; region × category is one). */
export const TREND_DIMENSIONS = ['region_category', 'product', 'channel', 'department'] as const;
export type TrendDimension = (typeof TREND_DIMENSIONS)[number];

/**
 * One value of a dimension surged against its own trailing baseline (CONTRACT changes of
 * 2026-12-04). `value` is the dimension's value (`<region>/<category>` for region × category);
 * `window` the scanned windows that made the case; `observed` complaints in them against
 * `expected`; `score` is −log₁₀ p of the service's stated test. `alertId` is derived from the
 * dimension, value and window, so a replay of the same history names the same alert.
 */
export const TrendAlertRaised = defineEvent({
  type: 'TrendAlertRaised',
  topic: TOPICS.analytics,
  schemaVersion: 1,
  schema: Type.Object({
    alertId: Type.String({ minLength: 1, maxLength: 100 }),
    raisedAt: Type.String({ format: 'date-time' }),
    dimension: Type.Union(TREND_DIMENSIONS.map((d) => Type.Literal(d))),
    value: Type.String({ minLength: 1, maxLength: 300 }),
    window: FindingWindowSchema,
    observed: Type.Integer({ minimum: 0 }),
    expected: Type.Number({ minimum: 0 }),
    score: Type.Number({ minimum: 0 }),
  }),
});

/** Everything `complaints.analytics.v1` carries. */
export const ANALYTICS_EVENTS = [HotTopicDetected, HotTopicCooled, TrendAlertRaised] as const;

export type TrendAlertRaisedData = EventData<typeof TrendAlertRaised>;
export type AnalyticsEvent = EventOf<(typeof ANALYTICS_EVENTS)[number]>;
