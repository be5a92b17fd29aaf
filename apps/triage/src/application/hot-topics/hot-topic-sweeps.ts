import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { queryPrepared, type EventStore, type Sql } from '@redress/event-store';
import type { HotTopicScope } from '../../domain';
import { ComplaintTriage } from '../complaint-triage';
import { TRIAGE_EVENT_STORE } from '../tokens';
import { TRIAGE_ACTOR } from '../triage-events';
import { TriageRecords, type HotTopicMember } from '../triage-records';

/** Complaints re-assessed per transaction: short enough not to hold the relays back. */
export const SWEEP_PAGE_SIZE = 100;

/** What a sweep re-assesses: the open complaints the topic names, or those its scope covers. */
export type SweepTarget = { members: true } | { scope: HotTopicScope };

interface SweepRow {
  event_id: string;
  topic_id: string;
  by_members: boolean;
  subject_type: string;
  category: string | null;
  product_sku: string | null;
  batch_no: string | null;
  purchase_channel: string | null;
  correlation_id: string;
  after_complaint_id: string | null;
}

/**
 * A hot topic raises every open complaint it covers (DOMAIN §5, `escalation.hotTopic`): the
 * members analytics names when it names them, else those of its scope. In a product crisis that
 * can be thousands. `HotTopicDetected` only records a sweep (in the transaction
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
    topicId: string,
    target: SweepTarget,
    correlationId: string,
    now: Date,
  ): Promise<void> {
    const scope = 'scope' in target ? target.scope : undefined;
    await queryPrepared(
      tx,
      `INSERT INTO triage.hot_topic_sweeps
         (event_id, topic_id, by_members, subject_type, category, product_sku, batch_no,
          purchase_channel, correlation_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING`,
      [
        eventId,
        topicId,
        scope === undefined,
        scope?.subjectType ?? '',
        scope?.category ?? null,
        scope?.productSku ?? null,
        scope?.batchNo ?? null,
        scope?.purchaseChannel ?? null,
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
      `SELECT event_id, topic_id, by_members, subject_type, category, product_sku, batch_no,
              purchase_channel, correlation_id, after_complaint_id
         FROM triage.hot_topic_sweeps WHERE done_at IS NULL
        ORDER BY created_at, event_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [],
    );
    const sweep = rows[0];
    if (!sweep) return undefined;
    const members = await this.page(tx, sweep);
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

  /** The next page of the sweep's complaints, after its cursor. */
  private page(tx: Sql, sweep: SweepRow): Promise<HotTopicMember[]> {
    const after = sweep.after_complaint_id;
    if (sweep.by_members) {
      return this.records.openHotTopicMembers(tx, sweep.topic_id, after, SWEEP_PAGE_SIZE);
    }
    const scope: HotTopicScope = {
      subjectType: sweep.subject_type,
      ...(sweep.product_sku === null ? {} : { productSku: sweep.product_sku }),
      ...(sweep.category === null ? {} : { category: sweep.category }),
      ...(sweep.batch_no === null ? {} : { batchNo: sweep.batch_no }),
      ...(sweep.purchase_channel === null ? {} : { purchaseChannel: sweep.purchase_channel }),
    };
    return this.records.openInHotTopicScope(tx, scope, after, SWEEP_PAGE_SIZE);
  }
}
