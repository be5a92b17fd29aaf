import { Injectable } from '@nestjs/common';
import { queryPrepared, type Sql } from '@redress/event-store';
import type {
  ComplaintFacts,
  ComplaintStatus,
  EscalationTimer,
  TriageContext,
  TriageDecision,
} from '../domain';
import { classRank } from '../domain/grades';

/** One row of `triage.complaints`: what triage knows about a complaint and its decision. */
export interface TriageRecord {
  complaintId: string;
  customerRef: string | null;
  clusterKey: string | null;
  lifecycle: ComplaintStatus;
  facts: ComplaintFacts | null;
  decision: TriageDecision | null;
  streamVersion: number;
}

interface TriageRow {
  complaint_id: string;
  customer_ref: string | null;
  cluster_key: string | null;
  lifecycle: ComplaintStatus;
  facts: ComplaintFacts | null;
  decision: TriageDecision | null;
  stream_version: number;
}

const DAY_MS = 86_400_000;

function toRecord(row: TriageRow): TriageRecord {
  return {
    complaintId: row.complaint_id,
    customerRef: row.customer_ref,
    clusterKey: row.cluster_key,
    lifecycle: row.lifecycle,
    facts: row.facts,
    decision: row.decision,
    streamVersion: row.stream_version,
  };
}

/**
 * The tables behind triage's decisions, always used inside the transaction that appends the
 * events they reflect: complaints with their current decision, the counts the escalation rules
 * need (cluster of complainants, repeat after closure, hot topics) and the durable timers.
 */
@Injectable()
export class TriageRecords {
  /** Locks the complaint's row (if any) for the rest of the transaction. */
  async load(tx: Sql, complaintId: string): Promise<TriageRecord | undefined> {
    const { rows } = await queryPrepared<TriageRow>(
      tx,
      `SELECT complaint_id, customer_ref, cluster_key, lifecycle, facts, decision, stream_version
         FROM triage.complaints WHERE complaint_id = $1 FOR UPDATE`,
      [complaintId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Writes facts and decision after events were appended up to `streamVersion`. */
  async save(
    tx: Sql,
    record: {
      complaintId: string;
      customerRef: string;
      clusterKey: string;
      facts: ComplaintFacts;
      decision: TriageDecision;
      streamVersion: number;
    },
    now: Date,
  ): Promise<void> {
    const { decision } = record;
    await queryPrepared(
      tx,
      `INSERT INTO triage.complaints (complaint_id, customer_ref, subject_type, cluster_key,
         registered_at, facts, decision, escalation_rank, department, needs_review,
         policy_version, stream_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (complaint_id) DO UPDATE SET
         customer_ref = EXCLUDED.customer_ref, subject_type = EXCLUDED.subject_type,
         cluster_key = EXCLUDED.cluster_key, registered_at = EXCLUDED.registered_at,
         facts = EXCLUDED.facts, decision = EXCLUDED.decision,
         escalation_rank = EXCLUDED.escalation_rank, department = EXCLUDED.department,
         needs_review = EXCLUDED.needs_review, policy_version = EXCLUDED.policy_version,
         stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at`,
      [
        record.complaintId,
        record.customerRef,
        decision.type,
        record.clusterKey,
        record.facts.registeredAt,
        JSON.stringify(record.facts),
        JSON.stringify(decision),
        classRank(decision.escalationClass),
        decision.department,
        decision.needsReview,
        decision.policyVersion,
        record.streamVersion,
        now,
      ],
    );
  }

  /**
   * Where the complaint stands in its life. A complaint triage has not seen yet gets a row of
   * its own, so news that arrives before the registration is not lost.
   */
  async setLifecycle(tx: Sql, complaintId: string, lifecycle: ComplaintStatus, now: Date) {
    await queryPrepared(
      tx,
      `INSERT INTO triage.complaints (complaint_id, lifecycle, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (complaint_id) DO UPDATE SET lifecycle = EXCLUDED.lifecycle, updated_at = EXCLUDED.updated_at`,
      [complaintId, lifecycle, now],
    );
  }

  /**
   * The facts the escalation rules need about other complaints. Serialised per cluster with an
   * advisory lock, so two complaints of one cluster decided at the same moment on different
   * partitions still count each other.
   */
  async context(
    tx: Sql,
    complaint: {
      complaintId: string;
      customerRef: string;
      clusterKey: string;
      registeredAt: string;
    },
    subject: { type: string; productSku?: string | undefined; category: string },
    lifecycle: ComplaintStatus,
    windowDays: number,
  ): Promise<TriageContext> {
    await queryPrepared(tx, 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      complaint.clusterKey,
    ]);
    const registeredAt = new Date(complaint.registeredAt);
    // One round-trip for the three facts, after the lock (its snapshot sees what committed before).
    const { rows } = await queryPrepared<{
      cluster: number;
      closed: boolean;
      topic_id: string | null;
    }>(
      tx,
      `SELECT
         (SELECT count(DISTINCT customer_ref)::int FROM (
            SELECT customer_ref FROM triage.complaints
             WHERE cluster_key = $1 AND lifecycle <> 'withdrawn' AND complaint_id <> $2
               AND registered_at > $3 AND registered_at <= $4
            UNION SELECT $5::text) AS complainants) AS cluster,
         EXISTS (SELECT 1 FROM triage.complaints
                  WHERE customer_ref = $5 AND cluster_key = $1 AND lifecycle = 'closed'
                    AND complaint_id <> $2) AS closed,
         (SELECT topic_id FROM triage.hot_topics
           WHERE cooled_at IS NULL AND subject_type = $6
             AND (product_sku IS NULL OR product_sku = $7)
             AND (category IS NULL OR category = $8)
           ORDER BY detected_at DESC LIMIT 1) AS topic_id`,
      [
        complaint.clusterKey,
        complaint.complaintId,
        new Date(registeredAt.getTime() - windowDays * DAY_MS),
        registeredAt,
        complaint.customerRef,
        subject.type,
        subject.productSku ?? null,
        subject.category,
      ],
    );
    const row = rows[0];
    return {
      status: lifecycle,
      clusterCount: row?.cluster ?? 1,
      repeatAfterClosure: row?.closed ?? false,
      ...(row?.topic_id ? { activeHotTopic: { topicId: row.topic_id } } : {}),
    };
  }

  /**
   * Open complaints of the cluster registered within the window before `registeredAt` whose
   * escalation class is still below `belowRank`.
   */
  async clusterMembers(
    tx: Sql,
    clusterKey: string,
    registeredAt: string,
    windowDays: number,
    except: string,
    belowRank: number,
  ): Promise<string[]> {
    const until = new Date(registeredAt);
    const { rows } = await queryPrepared<{ complaint_id: string }>(
      tx,
      `SELECT complaint_id FROM triage.complaints
        WHERE cluster_key = $1 AND lifecycle = 'open' AND complaint_id <> $2
          AND registered_at > $3 AND registered_at <= $4 AND escalation_rank < $5
        ORDER BY registered_at, complaint_id`,
      [clusterKey, except, new Date(until.getTime() - windowDays * DAY_MS), until, belowRank],
    );
    return rows.map((r) => r.complaint_id);
  }

  /** Open, triaged complaints an active hot topic covers. */
  async hotTopicMembers(
    tx: Sql,
    topic: { subjectType: string; productSku?: string | undefined; category?: string | undefined },
  ): Promise<string[]> {
    const { rows } = await queryPrepared<{ complaint_id: string }>(
      tx,
      `SELECT complaint_id FROM triage.complaints
        WHERE lifecycle = 'open' AND decision IS NOT NULL AND subject_type = $1
          AND ($2::text IS NULL OR facts->'subject'->>'productSku' = $2)
          AND ($3::text IS NULL OR decision->>'category' = $3)
        ORDER BY registered_at, complaint_id`,
      [topic.subjectType, topic.productSku ?? null, topic.category ?? null],
    );
    return rows.map((r) => r.complaint_id);
  }

  /** Arms the age-based escalation timers; an armed or fired timer is left as it is. */
  async armTimers(tx: Sql, complaintId: string, timers: readonly EscalationTimer[]): Promise<void> {
    if (timers.length === 0) return;
    await queryPrepared(
      tx,
      `INSERT INTO triage.timers (complaint_id, rule, due_at)
       SELECT $1, rule, due_at FROM unnest($2::text[], $3::timestamptz[]) AS t(rule, due_at)
       ON CONFLICT (complaint_id, rule) DO NOTHING`,
      [complaintId, timers.map((t) => t.rule), timers.map((t) => t.dueAt)],
    );
  }

  /**
   * Takes up to `limit` due timers for this transaction; replicas skip what another holds.
   * Each must be marked fired in the same transaction.
   */
  async takeDueTimers(
    tx: Sql,
    now: Date,
    limit: number,
  ): Promise<Array<{ complaintId: string; rule: string; dueAt: Date }>> {
    const { rows } = await queryPrepared<{ complaint_id: string; rule: string; due_at: Date }>(
      tx,
      `SELECT complaint_id, rule, due_at FROM triage.timers
        WHERE fired_at IS NULL AND due_at <= $1
        ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((r) => ({ complaintId: r.complaint_id, rule: r.rule, dueAt: r.due_at }));
  }

  async markFired(tx: Sql, complaintId: string, rule: string, now: Date): Promise<void> {
    await queryPrepared(
      tx,
      'UPDATE triage.timers SET fired_at = $3 WHERE complaint_id = $1 AND rule = $2',
      [complaintId, rule, now],
    );
  }
}
