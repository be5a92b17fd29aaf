import { Injectable } from '@nestjs/common';
import type { HotTopicCooledData, HotTopicDetectedData } from '@redress/contracts';
import { queryPrepared, type Sql } from '@redress/event-store';
import { hotTopicScope } from '../../domain';
import { HotTopicSweeps } from './hot-topic-sweeps';

/**
 * The hot topics of analytics as triage keeps them (`triage.hot_topics`, `hot_topic_members`):
 * what each covers among new complaints (its scope, `hotTopicScope`) and which complaints it
 * names. A decision finds an active topic of its complaint by either (`TriageRecords.context`).
 */
@Injectable()
export class HotTopics {
  constructor(private readonly sweeps: HotTopicSweeps) {}

  /**
   * `HotTopicDetected`: records the topic, replaces its members by those the event names (none
   * from an older producer) and records the sweep of its open complaints — its members when the
   * event names them, else those its scope covers, else none — all in the event's transaction.
   */
  async detected(
    tx: Sql,
    eventId: string,
    topic: HotTopicDetectedData,
    correlationId: string,
    now: Date,
  ): Promise<void> {
    const scope = hotTopicScope(topic);
    await queryPrepared(
      tx,
      `INSERT INTO triage.hot_topics (topic_id, kind, key, subject_type, category, product_sku,
           batch_no, purchase_channel, by_scope, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (topic_id) DO UPDATE SET kind = EXCLUDED.kind, key = EXCLUDED.key,
         subject_type = EXCLUDED.subject_type, category = EXCLUDED.category,
         product_sku = EXCLUDED.product_sku, batch_no = EXCLUDED.batch_no,
         purchase_channel = EXCLUDED.purchase_channel, by_scope = EXCLUDED.by_scope,
         detected_at = EXCLUDED.detected_at, cooled_at = NULL`,
      [
        topic.topicId,
        topic.kind ?? null,
        topic.key ?? null,
        scope?.subjectType ?? topic.subjectType,
        scope?.category ?? null,
        scope?.productSku ?? null,
        scope?.batchNo ?? null,
        scope?.purchaseChannel ?? null,
        scope !== undefined,
        topic.detectedAt,
      ],
    );
    const members = topic.members ?? [];
    // One statement: the members the event no longer names leave, the new ones join.
    await queryPrepared(
      tx,
      `WITH gone AS (DELETE FROM triage.hot_topic_members
                      WHERE topic_id = $1 AND complaint_id <> ALL ($2::uuid[]))
       INSERT INTO triage.hot_topic_members (topic_id, complaint_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [topic.topicId, members],
    );
    if (topic.members !== undefined) {
      await this.sweeps.open(tx, eventId, topic.topicId, { members: true }, correlationId, now);
    } else if (scope !== undefined) {
      await this.sweeps.open(tx, eventId, topic.topicId, { scope }, correlationId, now);
    }
  }

  /** `HotTopicCooled`: the topic stops raising new complaints; grades already given stay. */
  async cooled(tx: Sql, topic: HotTopicCooledData): Promise<void> {
    await queryPrepared(tx, 'UPDATE triage.hot_topics SET cooled_at = $2 WHERE topic_id = $1', [
      topic.topicId,
      topic.cooledAt,
    ]);
  }
}
