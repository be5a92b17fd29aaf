import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { HotTopicDetectedData } from '@redress/contracts';
import { queryPrepared, type EventStore, type Sql } from '@redress/event-store';
import { ComplaintTriage } from '../complaint-triage';
import { TRIAGE_EVENT_STORE } from '../tokens';
import { TRIAGE_ACTOR } from '../triage-events';
import { TriageRecords } from '../triage-records';

/** Complaints re-assessed per transaction: short enough not to hold the relays back. */
export const SWEEP_PAGE_SIZE = 100;

interface SweepRow {
  event_id: string;
  topic_id: string;
  subject_type: string;
  category: string | null;
  product_sku: string | null;
  correlation_id: string;
  after_complaint_id: string | null;
}

/**
 * A hot topic raises every open complaint it covers (DOMAIN §5, `escalation.hotTopic`), which in
 * a product crisis can be thousands. `HotTopicDetected` only records a sweep (in the transaction
 * that processes the event); the sweep then re-assesses the members page by page, each page its
 * own short transaction that also moves the sweep's cursor, so no transaction holds the outbox
 * relays back for long, the event is never dead-lettered for its size, and a sweep cut short by a
 * crash goes on from its last page when the service starts again. Replicas share the work: a page
 * locks its sweep `FOR UPDATE SKIP LOCKED`.
 */
@Injectable()
export class HotTopicSweeps implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HotTopicSweeps');
  private draining: Promise<number> | undefined;
  private stopped = false;

  constructor(
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    private readonly records: TriageRecords,
    private readonly triage: ComplaintTriage,
  ) {}

  /** Sweeps left unfinished by a stop or a crash go on in the background. */
  onApplicationBootstrap(): void {
    this.drain().catch((error: unknown) =>
      this.logger.error(`resuming hot-topic sweeps failed: ${String(error)}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.draining?.catch(() => undefined);
  }

  /** Records the sweep of a detected hot topic, in the transaction that processes the event. */
  async open(
    tx: Sql,
    eventId: string,
    topic: HotTopicDetectedData,
    correlationId: string,
    now: Date,
  ): Promise<void> {
    await queryPrepared(
      tx,
      `INSERT INTO triage.hot_topic_sweeps
         (event_id, topic_id, subject_type, category, product_sku, correlation_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [
        eventId,
        topic.topicId,
        topic.subjectType,
        topic.category ?? null,
        topic.productSku ?? null,
        correlationId,
        now,
      ],
    );
  }

  /**
   * Works through every open sweep this process can lock, page by page, until none is left.
   * Resolves with the complaints re-assessed. One drain at a time in this process.
   */
  async drain(): Promise<number> {
    while (this.draining) await this.draining.catch(() => undefined);
    this.draining = this.drainAll();
    try {
      return await this.draining;
    } finally {
      this.draining = undefined;
    }
  }

  private async drainAll(): Promise<number> {
    let reassessed = 0;
    while (!this.stopped) {
      const page = await this.store.transaction((tx) => this.sweepPage(tx));
      if (page === undefined) return reassessed;
      reassessed += page;
    }
    return reassessed;
  }

  /** One page of the oldest open sweep nobody else holds; undefined when there is none. */
  private async sweepPage(tx: Sql): Promise<number | undefined> {
    const { rows } = await queryPrepared<SweepRow>(
      tx,
      `SELECT event_id, topic_id, subject_type, category, product_sku, correlation_id,
              after_complaint_id
         FROM triage.hot_topic_sweeps WHERE done_at IS NULL
        ORDER BY created_at, event_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [],
    );
    const sweep = rows[0];
    if (!sweep) return undefined;
    const members = await this.records.hotTopicMembers(
      tx,
      { subjectType: sweep.subject_type, productSku: sweep.product_sku, category: sweep.category },
      sweep.after_complaint_id,
      SWEEP_PAGE_SIZE,
    );
    const cause = {
      actor: TRIAGE_ACTOR,
      correlationId: sweep.correlation_id,
      causationId: sweep.event_id,
    };
    for (const member of members) {
      await this.triage.reassessComplaint(tx, member.complaintId, cause);
    }
    const last = members.reduce<string | null>(
      (max, m) => (max === null || m.complaintId > max ? m.complaintId : max),
      sweep.after_complaint_id,
    );
    const done = members.length < SWEEP_PAGE_SIZE;
    await queryPrepared(
      tx,
      `UPDATE triage.hot_topic_sweeps
          SET after_complaint_id = $2, reassessed = reassessed + $3,
              done_at = CASE WHEN $4 THEN now() END
        WHERE event_id = $1`,
      [sweep.event_id, last, members.length, done],
    );
    if (done) {
      this.logger.log(`hot topic ${sweep.topic_id}: sweep of its open complaints finished`);
    }
    return members.length;
  }
}
