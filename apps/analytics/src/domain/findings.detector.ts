import { InvalidInput, SUBJECT_TYPES, type SubjectType } from '@redress/contracts';
import type { CompiledAnalyticsPolicy, Dimension, SubjectKind } from './analytics-policy';
import { FindingsEngine, subjectKey, type MemberSource } from './findings.engine';
import type { ClosedWindow, ComplaintObservation, WindowRecord } from './findings';
import { PhraseWindow } from './hot-words.detector';
import { PhraseExtractor } from './text-phrases';
import { instantMs, WindowClock } from './windows';

const TYPE_BITS = new Map<SubjectType, number>(SUBJECT_TYPES.map((t, i) => [t, 1 << i]));

interface Subject {
  count: number;
  ids: string[] | null;
}

/** The counts of one window still open: it takes observations until it closes. */
class OpenWindow {
  observations = 0;
  readonly dimensions = new Map<Dimension, Map<string, number>>();
  readonly subjects = new Map<string, Subject>();
  readonly phrases: PhraseWindow;
  /** The window's texts, to find the complaints of a phrase that becomes a topic. */
  private readonly texts: Array<{ complaintId: string; text: string }> = [];

  constructor(
    readonly index: number,
    private readonly extractor: PhraseExtractor,
    private readonly trackMembers: boolean,
  ) {
    this.phrases = new PhraseWindow(extractor);
  }

  count(dimension: Dimension, value: string): void {
    let values = this.dimensions.get(dimension);
    if (values === undefined) {
      values = new Map();
      this.dimensions.set(dimension, values);
    }
    values.set(value, (values.get(value) ?? 0) + 1);
  }

  countSubject(key: string, complaintId: string): void {
    const s = this.subjects.get(key);
    if (s === undefined) {
      this.subjects.set(key, { count: 1, ids: this.trackMembers ? [complaintId] : null });
      return;
    }
    s.count += 1;
    s.ids?.push(complaintId);
  }

  addText(
    complaintId: string,
    text: string,
    spreadOver: string | undefined,
    typeBit: number,
  ): void {
    this.phrases.addDocument(text, spreadOver, typeBit);
    if (this.trackMembers) this.texts.push({ complaintId, text });
  }

  record(bounds: { start: string; end: string }): WindowRecord {
    const dimensions: WindowRecord['dimensions'] = {};
    for (const [d, values] of this.dimensions) dimensions[d] = [...values];
    return {
      index: this.index,
      start: bounds.start,
      end: bounds.end,
      observations: this.observations,
      documents: this.phrases.documents,
      dimensions,
      subjects: [...this.subjects].map(([key, s]) => [key, s.count]),
      phrases: this.phrases.columns(),
    };
  }

  /**
   * Subjects' complaints are kept as they come (one id each); a phrase's are looked up in the
   * window's texts when it becomes a topic, which is rare, rather than kept for every phrase.
   */
  members(): MemberSource | undefined {
    if (!this.trackMembers) return undefined;
    return {
      subject: (key) => this.subjects.get(key)?.ids ?? undefined,
      phrase: (phrase) =>
        this.texts.filter((t) => this.extractor.contains(t.text, phrase)).map((t) => t.complaintId),
    };
  }
}

export interface ObserveResult {
  /** Windows this observation's time closed, oldest first. */
  closed: ClosedWindow[];
  /** True when its window had already closed: it is counted nowhere. */
  late: boolean;
}

/**
 * The detectors as a projection consumes them: feed observations in event-time order; a window
 * closes once event time has passed its end by the allowed lateness (the watermark is the latest
 * event time seen, or what `advanceTo` says), and closing it returns its record to store and its
 * findings to publish. Nothing here reads the wall clock: replaying the same observations gives
 * the same windows, findings and ids.
 */
export class FindingsDetector {
  private readonly engine: FindingsEngine;
  private readonly clock: WindowClock;
  private readonly extractor: PhraseExtractor;
  private readonly open = new Map<number, OpenWindow>();
  private readonly dimensions: ReadonlySet<Dimension>;
  private readonly subjectKinds: ReadonlySet<SubjectKind>;
  private readonly trackMembers: boolean;
  private watermarkMs = Number.NEGATIVE_INFINITY;
  private lateCount = 0;

  /**
   * `trackMembers` (default true) keeps the window's complaint ids and texts to name a topic's
   * members; a run that only recomputes counts can do without them.
   */
  constructor(
    private readonly compiled: CompiledAnalyticsPolicy,
    options: { trackMembers?: boolean } = {},
  ) {
    const { policy } = compiled;
    this.engine = new FindingsEngine(compiled);
    this.clock = new WindowClock(policy.windows.utcOffsetMinutes);
    this.extractor = new PhraseExtractor(policy.hotWords);
    this.dimensions = new Set(policy.surges.dimensions);
    this.subjectKinds = new Set(policy.hotTopics.subjects.kinds);
    this.trackMembers = options.trackMembers ?? true;
  }

  /** Observations that arrived after their window closed. */
  get late(): number {
    return this.lateCount;
  }

  /** The latest event time seen (ISO), null before the first observation. */
  get watermark(): string | null {
    return Number.isFinite(this.watermarkMs) ? new Date(this.watermarkMs).toISOString() : null;
  }

  get sizes(): FindingsEngine['sizes'] {
    return this.engine.sizes;
  }

  observe(o: ComplaintObservation): ObserveResult {
    const ms = instantMs(o.at);
    if (Number.isNaN(ms)) throw new InvalidInput('at', 'must be an ISO 8601 instant');
    if (o.complaintId === '') throw new InvalidInput('complaintId', 'must not be empty');
    const closed = this.advance(ms);
    const index = this.clock.indexOf(ms);
    const next = this.engine.nextWindow;
    if (next !== null && index < next) {
      this.lateCount += 1;
      return { closed, late: true };
    }
    let window = this.open.get(index);
    if (window === undefined) {
      window = new OpenWindow(index, this.extractor, this.trackMembers);
      this.open.set(index, window);
    }
    this.add(window, o);
    return { closed, late: false };
  }

  /** The next window to close; null before the first observation or resumed window. */
  get nextWindow(): number | null {
    return this.engine.nextWindow;
  }

  /**
   * Takes up where windows closed before (by this detector in another process, say) left off:
   * each stored record goes through the engine again, oldest first, so the baselines and the
   * active topics are as they were; what closing it found was published then and is dropped here.
   * Only before any observation; a window missing between two records counts as empty.
   */
  resume(record: WindowRecord): void {
    if (this.open.size > 0) throw new Error('resume before the first observation');
    const next = this.engine.nextWindow;
    if (next !== null && record.index < next) {
      throw new RangeError(`window ${record.index} resumed out of order: ${next} is next`);
    }
    for (let w = next ?? record.index; w < record.index; w += 1) {
      this.engine.close(this.engine.emptyRecord(w));
    }
    this.engine.close(record);
    const closedAt = instantMs(record.end) + this.compiled.allowedLatenessMs;
    if (closedAt > this.watermarkMs) this.watermarkMs = closedAt;
  }

  /** Moves event time on without an observation (e.g. a quiet night): closes what is due. */
  advanceTo(at: string): ClosedWindow[] {
    const ms = instantMs(at);
    if (Number.isNaN(ms)) throw new InvalidInput('at', 'must be an ISO 8601 instant');
    return this.advance(ms);
  }

  private advance(ms: number): ClosedWindow[] {
    if (ms > this.watermarkMs) this.watermarkMs = ms;
    // Window W closes when W's end + lateness ≤ watermark, i.e. W + 1 ≤ the window of (watermark − lateness).
    const closeBelow = this.clock.indexOf(this.watermarkMs - this.compiled.allowedLatenessMs);
    let next = this.engine.nextWindow;
    if (next === null) {
      if (this.open.size === 0) return [];
      next = Math.min(...this.open.keys());
    }
    const closed: ClosedWindow[] = [];
    for (let w = next; w < closeBelow; w += 1) closed.push(this.closeWindow(w));
    return closed;
  }

  private closeWindow(index: number): ClosedWindow {
    const window = this.open.get(index);
    this.open.delete(index);
    const record =
      window === undefined
        ? this.engine.emptyRecord(index)
        : window.record(this.clock.bounds(index));
    const found = this.engine.close(record, window?.members());
    return { ...found, record };
  }

  private add(window: OpenWindow, o: ComplaintObservation): void {
    window.observations += 1;
    const dims = this.dimensions;
    if (o.channel !== undefined && dims.has('channel')) window.count('channel', o.channel);
    if (o.department !== undefined && dims.has('department')) {
      window.count('department', o.department);
    }
    if (o.productSku !== undefined && dims.has('product')) window.count('product', o.productSku);
    if (o.region !== undefined && o.category !== undefined && dims.has('region_category')) {
      window.count('region_category', `${o.region}/${o.category}`);
    }
    const kinds = this.subjectKinds;
    if (o.productSku !== undefined && kinds.has('product')) {
      window.countSubject(subjectKey('product', o.productSku), o.complaintId);
    }
    if (o.batchNo !== undefined && kinds.has('batch')) {
      window.countSubject(subjectKey('batch', `${o.productSku ?? ''}#${o.batchNo}`), o.complaintId);
    }
    if (o.purchaseChannel !== undefined && kinds.has('store')) {
      window.countSubject(subjectKey('store', o.purchaseChannel), o.complaintId);
    }
    if (o.text !== undefined && o.text !== '') {
      // A phrase spreads across products, or across stores for complaints without a product.
      const spreadOver =
        o.productSku !== undefined
          ? `p:${o.productSku}`
          : o.purchaseChannel !== undefined
            ? `s:${o.purchaseChannel}`
            : undefined;
      const typeBit = o.subjectType === undefined ? 0 : (TYPE_BITS.get(o.subjectType) ?? 0);
      window.addText(o.complaintId, o.text, spreadOver, typeBit);
    }
  }
}
