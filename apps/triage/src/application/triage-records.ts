import { Injectable } from '@nestjs/common';
import { queryPrepared, type Sql } from '@redress/event-store';
import {
  clusterWindow,
  type ClusterWindow,
  type ComplaintFacts,
  type ComplaintStatus,
  type TriageContext,
  type TriageDecision,
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
/**
 * The most complaints of one cluster read around a complaint to count its complainants. A
 * cluster that busy is far past every rule's threshold; reading more would only slow a product
 * crisis down.
 */
const CLUSTER_SCAN_LIMIT = 1_000;

const RECORD_COLUMNS =
  'complaint_id, customer_ref, cluster_key, lifecycle, facts, decision, stream_version';

/** A complaint about to be decided, and what the escalation rules ask about its neighbours. */
export interface ContextQuery {
  complaintId: string;
  customerRef: string;
  clusterKey: string;
  registeredAt: string;
  subject: { type: string; productSku?: string | undefined; category: string };
  /** The policy's cluster window. */
  windowDays: number;
}

/** The context of a decision, with the cluster window its count was found in. */
export type DecisionContext = TriageContext & { clusterWindow: ClusterWindow };

interface ContextRow {
  nearby: Array<[customerRef: string, registeredAtMs: number]> | null;
  closed: boolean;
  topic_id: string | null;
}

/**
 * The three facts about other complaints, as columns of one SELECT ($1 cluster key, $2 this
 * complaint, $3–$4 the span around it, $5 customer, $6–$8 subject for hot topics): the
 * cluster's complaints nearby, a closed complaint of the same customer and subject, and an
 * active hot topic.
 */
const CONTEXT_COLUMNS = `
  (SELECT json_agg(json_build_array(customer_ref, extract(epoch FROM registered_at) * 1000))
     FROM (SELECT customer_ref, registered_at FROM triage.complaints
            WHERE cluster_key = $1 AND lifecycle <> 'withdrawn' AND complaint_id <> $2
              AND registered_at > $3 AND registered_at < $4
            ORDER BY registered_at DESC LIMIT ${CLUSTER_SCAN_LIMIT}) AS around) AS nearby,
  EXISTS (SELECT 1 FROM triage.complaints
           WHERE customer_ref = $5 AND cluster_key = $1 AND lifecycle = 'closed'
             AND complaint_id <> $2) AS closed,
  (SELECT topic_id FROM triage.hot_topics
    WHERE cooled_at IS NULL AND subject_type = $6
      AND (product_sku IS NULL OR product_sku = $7)
      AND (category IS NULL OR category = $8)
    ORDER BY detected_at DESC LIMIT 1) AS topic_id`;

function contextParameters(about: ContextQuery): unknown[] {
  const at = Date.parse(about.registeredAt);
  const span = about.windowDays * DAY_MS;
  return [
    about.clusterKey,
    about.complaintId,
    new Date(at - span),
    new Date(at + span),
    about.customerRef,
    about.subject.type,
    about.subject.productSku ?? null,
    about.subject.category,
  ];
}

function toContext(
  row: ContextRow | undefined,
  about: ContextQuery,
  lifecycle: ComplaintStatus,
): DecisionContext {
  const others = (row?.nearby ?? []).map(([customerRef, ms]) => ({
    customerRef,
    registeredAt: new Date(ms),
  }));
  const window = clusterWindow(
    { customerRef: about.customerRef, registeredAt: new Date(about.registeredAt) },
    others,
    about.windowDays,
  );
  return {
    status: lifecycle,
    clusterCount: window.count,
    clusterWindow: window,
    repeatAfterClosure: row?.closed ?? false,
    ...(row?.topic_id ? { activeHotTopic: { topicId: row.topic_id } } : {}),
  };
}

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
 * need (cluster of complainants, repeat after closure, hot topics).
 */
@Injectable()
export class TriageRecords {
  /** Locks the complaint's row (if any) for the rest of the transaction. */
  async load(tx: Sql, complaintId: string): Promise<TriageRecord | undefined> {
    const { rows } = await queryPrepared<TriageRow>(
      tx,
      `SELECT ${RECORD_COLUMNS} FROM triage.complaints WHERE complaint_id = $1 FOR UPDATE`,
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
   * Serialises the decisions of one cluster for the rest of the transaction, so two complaints
   * of one cluster decided at the same moment (on different partitions, or side by side on one)
   * count each other: whichever takes the lock second sees the first. Read the context with a
   * statement that starts after this one (its snapshot then sees what committed before).
   */
  async lockCluster(tx: Sql, clusterKey: string): Promise<void> {
    await queryPrepared(tx, 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [clusterKey]);
  }

  /**
   * `lockCluster` for the cluster a triaged complaint belongs to, read without locking its row,
   * so that the row is locked after the cluster, in the order a registration takes them. Returns
   * the key locked, or undefined for a complaint not triaged yet.
   */
  async lockClusterOf(tx: Sql, complaintId: string): Promise<string | undefined> {
    const { rows } = await queryPrepared<{ cluster_key: string }>(
      tx,
      `SELECT cluster_key, pg_advisory_xact_lock(hashtextextended(cluster_key, 0))
         FROM triage.complaints WHERE complaint_id = $1 AND cluster_key IS NOT NULL`,
      [complaintId],
    );
    return rows[0]?.cluster_key;
  }

  /** The facts the escalation rules need about other complaints, under `lockCluster`. */
  async context(
    tx: Sql,
    about: ContextQuery,
    lifecycle: ComplaintStatus,
  ): Promise<DecisionContext> {
    const { rows } = await queryPrepared<ContextRow>(
      tx,
      `SELECT ${CONTEXT_COLUMNS}`,
      contextParameters(about),
    );
    return toContext(rows[0], about, lifecycle);
  }

  /**
   * `load` and `context` in one round-trip, under the cluster's lock (`lockCluster`, or taken
   * with BEGIN): for a registration, whose cluster is known before its row is read.
   */
  async loadWithContext(
    tx: Sql,
    about: ContextQuery,
  ): Promise<{ record: TriageRecord | undefined; context: DecisionContext }> {
    const { rows } = await queryPrepared<ContextRow & Partial<TriageRow>>(
      tx,
      `WITH me AS (SELECT ${RECORD_COLUMNS} FROM triage.complaints WHERE complaint_id = $2 FOR UPDATE)
       SELECT me.*, ${CONTEXT_COLUMNS} FROM (VALUES (1)) AS one (x) LEFT JOIN me ON true`,
      contextParameters(about),
    );
    const row = rows[0];
    const record = row?.complaint_id ? toRecord(row as TriageRow) : undefined;
    return { record, context: toContext(row, about, record?.lifecycle ?? 'open') };
  }

  /**
   * Open complaints of the cluster registered within `window` whose escalation class is still
   * below `belowRank`.
   */
  async clusterMembers(
    tx: Sql,
    clusterKey: string,
    window: Pick<ClusterWindow, 'from' | 'until'>,
    except: string,
    belowRank: number,
  ): Promise<string[]> {
    const { rows } = await queryPrepared<{ complaint_id: string }>(
      tx,
      `SELECT complaint_id FROM triage.complaints
        WHERE cluster_key = $1 AND lifecycle = 'open' AND complaint_id <> $2
          AND registered_at >= $3 AND registered_at < $4 AND escalation_rank < $5
        ORDER BY registered_at, complaint_id`,
      [clusterKey, except, window.from, window.until, belowRank],
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
        ORDER BY cluster_key COLLATE "C", registered_at, complaint_id`,
      [topic.subjectType, topic.productSku ?? null, topic.category ?? null],
    );
    return rows.map((r) => r.complaint_id);
  }
}
