import type {
  HotTopicCooledData,
  HotTopicDetectedData,
  HotTopicKind,
  SubjectType,
  TrendAlertRaisedData,
} from '@redress/contracts';
import type { Dimension } from './analytics-policy';
import type { HotWord, PhraseColumns } from './hot-words.detector';
import type { WindowBounds, WindowSpan } from './windows';

/**
 * What the service feeds the detectors for one complaint event, in event-time order. Each field
 * is given by the event that establishes it, once per complaint: `ComplaintRegistered` gives the
 * channel, the subject and the text at `registeredAt`; `ComplaintTriaged` gives region, category
 * and department at `triagedAt` (region × category needs both, so the service passes the region
 * it holds again there). Texts are descriptions as they are on the bus: masked already.
 */
export interface ComplaintObservation {
  complaintId: string;
  /** Event time (ISO instant); "now" is never read. */
  at: string;
  channel?: string;
  region?: string;
  category?: string;
  department?: string;
  subjectType?: SubjectType;
  productSku?: string;
  batchNo?: string;
  /** The store or purchase channel of a product complaint (`subject.purchaseChannel`). */
  purchaseChannel?: string;
  text?: string;
}

export type { HotTopicKind, TrendAlertRaisedData };

/**
 * `HotTopicDetected` with the optional fields the detectors always fill: `kind` and `key` (the
 * subject's key or the phrase), the window and the test's figures; `members` when the caller
 * keeps complaint ids.
 */
export interface HotTopicFinding extends HotTopicDetectedData {
  kind: HotTopicKind;
  key: string;
  window: WindowSpan;
  observed: number;
  expected: number;
  score: number;
  /** Complaint ids: present from the incremental detector, absent when recomputed from counts. */
  members?: string[];
}

export interface HotTopicCooledFinding extends HotTopicCooledData {
  kind: HotTopicKind;
  key: string;
}

export type Finding =
  | { type: 'TrendAlertRaised'; data: TrendAlertRaisedData }
  | { type: 'HotTopicDetected'; data: HotTopicFinding }
  | { type: 'HotTopicCooled'; data: HotTopicCooledFinding };

/**
 * The counts of one closed window: all the detectors read, and what the service stores to
 * answer for past periods (`findingsAsOf`). Plain JSON; arrays of pairs rather than objects so
 * that no value can be mistaken for an object's own property.
 */
export interface WindowRecord {
  index: number;
  start: string;
  end: string;
  /** Observations that fell in the window (late ones are not counted anywhere). */
  observations: number;
  /** Observations with a text: the hot words' denominator. */
  documents: number;
  dimensions: Partial<Record<Dimension, Array<[value: string, count: number]>>>;
  /** Keys `product:<sku>`, `batch:<sku>#<batchNo>`, `store:<purchaseChannel>`. */
  subjects: Array<[key: string, count: number]>;
  /** Every phrase of the window's texts, column by column. */
  phrases: PhraseColumns;
}

/** What closing one window found. */
export interface WindowFindings {
  window: WindowBounds;
  /** Ordered: trend alerts, hot topics detected, hot topics cooled; each by dimension or kind, then key. */
  findings: Finding[];
  /** The window's hot words, strongest first (served by the API, not published). */
  hotWords: HotWord[];
}

/** A closed window as the incremental detector hands it over: store the record, publish the findings. */
export interface ClosedWindow extends WindowFindings {
  record: WindowRecord;
}
