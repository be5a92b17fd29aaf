import { Type } from '@sinclair/typebox';
import { TOPICS } from './topics';
import { defineEvent, type EventData } from './registry';
import { ComplaintResolved } from './resolution-events';
import { SubjectTypeSchema } from './vocabulary';

/**
 * Events of resolution, follow-up and analytics that other services already rely on: triage
 * needs to know what is resolved, closed, reopened and hot. Each names the fields its
 * consumers read; the issue that builds the owning service adds the rest of its events and may
 * add optional fields to these (extra fields are accepted, so such an addition is not a
 * breaking change). `ComplaintResolved` is defined with the rest of resolution's events
 * (`resolution-events.ts`), whose payloads refuse unknown members like intake's and triage's.
 */
const IsoTime = Type.String({ format: 'date-time' });
const Id = Type.String({ format: 'uuid' });

/**
 * The complaint is closed and archived (DOMAIN §4). The optional fields (CONTRACT changes of
 * 2026-12-04, same version) are written by the follow-up service: `outcome` (`satisfied`,
 * `unreachable` — flagged for review in `needsReview` — or `no_survey`), the archive
 * `classification` (`<department>/<category>/<severity>`), and `retainUntil` (closure plus the
 * retention period, 3 years by default).
 */
export const ComplaintClosed = defineEvent({
  type: 'ComplaintClosed',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object({
    complaintId: Id,
    closedAt: IsoTime,
    outcome: Type.Optional(
      Type.Union([
        Type.Literal('satisfied'),
        Type.Literal('unreachable'),
        Type.Literal('no_survey'),
      ]),
    ),
    classification: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    retainUntil: Type.Optional(IsoTime),
    round: Type.Optional(Type.Integer({ minimum: 1 })),
    needsReview: Type.Optional(Type.Boolean()),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  }),
});

/**
 * The customer is not satisfied: a second handling (DOMAIN §4, 000). `round` is the round that
 * was resolved and is now reopened; `satisfaction` the score that reopened it, if a survey did.
 */
export const ComplaintReopened = defineEvent({
  type: 'ComplaintReopened',
  topic: TOPICS.followup,
  schemaVersion: 1,
  schema: Type.Object({
    complaintId: Id,
    reopenedAt: IsoTime,
    reason: Type.Optional(Type.String()),
    round: Type.Optional(Type.Integer({ minimum: 1 })),
    satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  }),
});

/** What a hot topic is about: a concrete subject, or a phrase spreading across subjects. */
export const HOT_TOPIC_KINDS = ['product', 'batch', 'store', 'phrase'] as const;
export type HotTopicKind = (typeof HOT_TOPIC_KINDS)[number];

/** The most complaint ids one `HotTopicDetected` names (the event stays well under a megabyte). */
export const HOT_TOPIC_MEMBERS_MAX = 5000;

/** Scanned windows of a finding: from the first one's start to the last one's end. */
export const FindingWindowSchema = Type.Object(
  { start: IsoTime, end: IsoTime },
  { additionalProperties: false },
);

/**
 * A cluster of similar complaints analytics considers a hot topic (DOMAIN.md §5). The optional
 * fields (CONTRACT changes of 2026-12-04, same version) are written by the analytics service:
 * `kind` and `key` say what the topic is about (`product` and its SKU, `batch` as
 * `<sku>#<batchNo>`, `store` and the purchase channel, or `phrase` and the phrase); `members` the
 * complaints it was detected from (at most `HOT_TOPIC_MEMBERS_MAX`, sorted; `complaintCount` counts
 * them all); `window`, `observed`, `expected` and `score` the test that found it.
 */
export const HotTopicDetected = defineEvent({
  type: 'HotTopicDetected',
  topic: TOPICS.analytics,
  schemaVersion: 1,
  schema: Type.Object({
    topicId: Type.String({ minLength: 1 }),
    detectedAt: IsoTime,
    subjectType: SubjectTypeSchema,
    category: Type.Optional(Type.String()),
    productSku: Type.Optional(Type.String()),
    complaintCount: Type.Integer({ minimum: 1 }),
    kind: Type.Optional(Type.Union(HOT_TOPIC_KINDS.map((k) => Type.Literal(k)))),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    members: Type.Optional(Type.Array(Id, { maxItems: HOT_TOPIC_MEMBERS_MAX })),
    window: Type.Optional(FindingWindowSchema),
    observed: Type.Optional(Type.Integer({ minimum: 0 })),
    expected: Type.Optional(Type.Number({ minimum: 0 })),
    score: Type.Optional(Type.Number({ minimum: 0 })),
  }),
});

/** The topic subsided; `kind` and `key` (optional) repeat what it was about. */
export const HotTopicCooled = defineEvent({
  type: 'HotTopicCooled',
  topic: TOPICS.analytics,
  schemaVersion: 1,
  schema: Type.Object({
    topicId: Type.String({ minLength: 1 }),
    cooledAt: IsoTime,
    kind: Type.Optional(Type.Union(HOT_TOPIC_KINDS.map((k) => Type.Literal(k)))),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  }),
});

export const LIFECYCLE_EVENTS = [
  ComplaintResolved,
  ComplaintClosed,
  ComplaintReopened,
  HotTopicDetected,
  HotTopicCooled,
] as const;

export type ComplaintClosedData = EventData<typeof ComplaintClosed>;
export type ComplaintReopenedData = EventData<typeof ComplaintReopened>;
export type HotTopicDetectedData = EventData<typeof HotTopicDetected>;
export type HotTopicCooledData = EventData<typeof HotTopicCooled>;
