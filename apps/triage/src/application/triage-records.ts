import { Injectable } from '@nestjs/common';
import { queryPrepared, type Sql, type Statement, type StatementValue } from '@redress/event-store';
import {
  clusterWindow,
  receivedAtOf,
  type ClusterWindow,
  type ComplaintFacts,
  type ComplaintStatus,
  type HotTopicScope,
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

/** Where a lifecycle fact stands among the complaint's others: its own time, then its stream. */
export interface LifecycleOrder {
  at: string;
  streamVersion: number;
  eventId: string;
}

/** An inbound event kept until the registration of its complaint arrives. */
export interface ParkedEvent {
  id: string;
  type: string;
  time: string;
  streamversion: number;
}

/** A complaint about to be decided, and what the escalation rules ask about its neighbours. */
export interface ContextQuery {
  complaintId: string;
  customerRef: string;
  /** The concrete subject the complaint shares with others; none forms no cluster. */
  clusterKey: string | undefined;
  /** One customer's "same problem" (`subjectKey`), for a repeat after closure. */
  subjectKey: string;
  /** When the company received it: the cluster window and a repeat after closure count from it. */
  receivedAt: string;
  subject: {
    type: string;
    productSku?: string | undefined;
    batchNo?: string | undefined;
    purchaseChannel?: string | undefined;
    category: string;
  };
  /** The policy's cluster window. */
  windowDays: number;
}

/** What `saveStatement` writes: a complaint's row after its events were appended. */
export interface SavedRecord {
  complaintId: string;
  customerRef: string;
  clusterKey: string | undefined;
  subjectKey: string;
  facts: ComplaintFacts;
  decision: TriageDecision;
  streamVersion: number;
}

/** A registration's row (if any) and the context of its decision. */
export interface LoadedWithContext {
  record: TriageRecord | undefined;
  context: DecisionContext;
}

/** The context of a decision, with the cluster window its count was found in. */
export type DecisionContext = TriageContext & { clusterWindow: ClusterWindow };

interface ContextRow {
  nearby: Array<[customerRef: string, receivedAtMs: number]> | null;
  closed: boolean;
  topic_id: string | null;
}

/**
 * The three facts about other complaints, as columns of one SELECT ($1 cluster key, or null for
 * a complaint of no cluster, $2 this complaint, $3–$4 the span around it, $5 customer, $6–$8
 * and $10–$11 subject for hot topics, $9 subject key, $12 when this one was received): the
 * cluster's complaints received nearby (imported ones included: they count by when they were
 * received), a closed complaint of the same customer and subject received no later than this
 * one, and an active hot topic — one that names this complaint among its members, or whose scope
 * (`hotTopicScope`, null columns match anything) covers it.
 */
const CONTEXT_COLUMNS = `
  (SELECT json_agg(json_build_array(customer_ref, extract(epoch FROM received_at) * 1000))
     FROM (SELECT customer_ref, received_at FROM triage.complaints
            WHERE cluster_key = $1 AND lifecycle <> 'withdrawn' AND complaint_id <> $2
              AND received_at > $3 AND received_at < $4
            ORDER BY received_at DESC LIMIT ${CLUSTER_SCAN_LIMIT}) AS around) AS nearby,
  EXISTS (SELECT 1 FROM triage.complaints
           WHERE customer_ref = $5 AND subject_key = $9 AND lifecycle = 'closed'
             AND complaint_id <> $2 AND received_at <= $12) AS closed,
  (SELECT topic_id FROM triage.hot_topics
    WHERE cooled_at IS NULL
      AND (topic_id IN (SELECT topic_id FROM triage.hot_topic_members WHERE complaint_id = $2)
        OR (by_scope AND subject_type = $6
          AND (product_sku IS NULL OR product_sku = $7)
          AND (category IS NULL OR category = $8)
          AND (batch_no IS NULL OR batch_no = $10)
          AND (purchase_channel IS NULL OR purchase_channel = $11)))
    ORDER BY detected_at DESC LIMIT 1) AS topic_id`;

function contextParameters(about: ContextQuery): StatementValue[] {
  const at = Date.parse(about.receivedAt);
  const span = about.windowDays * DAY_MS;
  return [
    about.clusterKey ?? null,
    about.complaintId,
    new Date(at - span),
    new Date(at + span),
    about.customerRef,
    about.subject.type,
    about.subject.productSku ?? null,
    about.subject.category,
    about.subjectKey,
    about.subject.batchNo ?? null,
    about.subject.purchaseChannel ?? null,
    new Date(at),
  ];
}

function toContext(
  row: ContextRow | undefined,
  about: ContextQuery,
  lifecycle: ComplaintStatus,
): DecisionContext {
  const others = (row?.nearby ?? []).map(([customerRef, ms]) => ({
    customerRef,
    receivedAt: new Date(ms),
  }));
  const window = clusterWindow(
    { customerRef: about.customerRef, receivedAt: new Date(about.receivedAt) },
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

  /**
   * The statement that writes facts and decision after events were appended up to
   * `streamVersion`: sent in the append's round-trip (`EventStore.appendWith`).
   */
  saveStatement(record: SavedRecord, now: Date): Statement {
    const { decision } = record;
    return {
      prepared: true,
      text: `INSERT INTO triage.complaints (complaint_id, customer_ref, subject_type, cluster_key,
           registered_at, facts, decision, escalation_rank, department, needs_review,
           policy_version, stream_version, updated_at, subject_key, received_at, imported)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (complaint_id) DO UPDATE SET
           customer_ref = EXCLUDED.customer_ref, subject_type = EXCLUDED.subject_type,
           cluster_key = EXCLUDED.cluster_key, subject_key = EXCLUDED.subject_key,
           registered_at = EXCLUDED.registered_at, received_at = EXCLUDED.received_at,
           imported = EXCLUDED.imported,
           facts = EXCLUDED.facts, decision = EXCLUDED.decision,
           escalation_rank = EXCLUDED.escalation_rank, department = EXCLUDED.department,
           needs_review = EXCLUDED.needs_review, policy_version = EXCLUDED.policy_version,
           stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at`,
      values: [
        record.complaintId,
        record.customerRef,
        decision.type,
        record.clusterKey ?? null,
        record.facts.registeredAt,
        JSON.stringify(record.facts),
        JSON.stringify(decision),
        classRank(decision.escalationClass),
        decision.department,
        // The live review queue: an imported complaint is history nobody reviews.
        decision.needsReview && !decision.imported,
        decision.policyVersion,
        record.streamVersion,
        now,
        record.subjectKey,
        receivedAtOf(record.facts),
        record.facts.imported === true,
      ],
    };
  }

  /**
   * Where the complaint stands in its life, merged by each lifecycle event's own order (its
   * time, then its stream version, then its id), never by arrival: lifecycle facts come from
   * several topics (intake, resolution, follow-up) whose records reach triage in no particular
   * order between them, so an older fact arriving late is ignored. A complaint triage has not
   * seen yet gets a row of its own, so news that arrives before the registration is not lost.
   * Resolves true when the fact was newer than what triage knew and was applied.
   */
  async mergeLifecycle(
    tx: Sql,
    complaintId: string,
    lifecycle: ComplaintStatus,
    order: LifecycleOrder,
    now: Date,
  ): Promise<boolean> {
    const { rows } = await queryPrepared(
      tx,
      `INSERT INTO triage.complaints
         (complaint_id, lifecycle, lifecycle_at, lifecycle_seq, lifecycle_event_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (complaint_id) DO UPDATE SET
         lifecycle = EXCLUDED.lifecycle, lifecycle_at = EXCLUDED.lifecycle_at,
         lifecycle_seq = EXCLUDED.lifecycle_seq, lifecycle_event_id = EXCLUDED.lifecycle_event_id,
         updated_at = EXCLUDED.updated_at
       WHERE complaints.lifecycle_at IS NULL
          OR (complaints.lifecycle_at, complaints.lifecycle_seq, complaints.lifecycle_event_id)
           < (EXCLUDED.lifecycle_at, EXCLUDED.lifecycle_seq, EXCLUDED.lifecycle_event_id)
       RETURNING complaint_id`,
      [complaintId, lifecycle, order.at, order.streamVersion, order.eventId, now],
    );
    return rows.length > 0;
  }

  /**
   * A row for a complaint triage has not seen yet (an amendment before its registration), so
   * that a registration decided at the same moment and this transaction wait for each other:
   * whichever inserts second waits until the first commits, then sees it.
   */
  async claimRow(tx: Sql, complaintId: string, now: Date): Promise<void> {
    await queryPrepared(
      tx,
      `INSERT INTO triage.complaints (complaint_id, updated_at) VALUES ($1, $2)
       ON CONFLICT (complaint_id) DO NOTHING`,
      [complaintId, now],
    );
  }

  /** Keeps an event about a complaint not registered yet until its registration arrives. */
  async park(tx: Sql, complaintId: string, event: ParkedEvent, now: Date): Promise<void> {
    await queryPrepared(
      tx,
      `INSERT INTO triage.parked_events
         (event_id, complaint_id, type, event_time, stream_version, event, parked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [
        event.id,
        complaintId,
        event.type,
        event.time,
        event.streamversion,
        JSON.stringify(event),
        now,
      ],
    );
  }

  /**
   * The events parked for a complaint, in their stream's order, removed in this transaction.
   * Called after the registration's row is written, in a statement of its own: a parking
   * transaction that claimed the row first has committed by then and is seen.
   */
  async unpark(tx: Sql, complaintId: string): Promise<unknown[]> {
    const { text, values } = this.unparkStatement(complaintId);
    return this.parkedOf(await queryPrepared<{ event: unknown }>(tx, text, [...values]));
  }

  /**
   * `unpark` as a statement, sent after the one that writes the registration's row in the same
   * round-trip (each statement of a pipeline sees what committed before it started, as one
   * sent on its own would); `parkedOf` reads its result.
   */
  unparkStatement(complaintId: string): Statement {
    return {
      prepared: true,
      text: `WITH taken AS (DELETE FROM triage.parked_events WHERE complaint_id = $1 RETURNING *)
       SELECT event FROM taken ORDER BY stream_version, event_time, event_id`,
      values: [complaintId],
    };
  }

  parkedOf(result: { rows: unknown[] } | undefined): unknown[] {
    return ((result?.rows ?? []) as Array<{ event: unknown }>).map((row) => row.event);
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
  async loadWithContext(tx: Sql, about: ContextQuery): Promise<LoadedWithContext> {
    const { text, values } = this.loadWithContextStatement(about);
    return this.loadedWithContext(await queryPrepared(tx, text, [...values]), about);
  }

  /**
   * `loadWithContext` as a statement, for BEGIN's round-trip (after the cluster lock and the
   * ledger row: its snapshot is taken once the lock is held); `loadedWithContext` reads its result.
   */
  loadWithContextStatement(about: ContextQuery): Statement {
    return {
      prepared: true,
      text: `WITH me AS (SELECT ${RECORD_COLUMNS} FROM triage.complaints WHERE complaint_id = $2 FOR UPDATE)
       SELECT me.*, ${CONTEXT_COLUMNS} FROM (VALUES (1)) AS one (x) LEFT JOIN me ON true`,
      values: contextParameters(about),
    };
  }

  loadedWithContext(result: { rows: unknown[] }, about: ContextQuery): LoadedWithContext {
    const row = result.rows[0] as (ContextRow & Partial<TriageRow>) | undefined;
    const record = row?.complaint_id ? toRecord(row as TriageRow) : undefined;
    return { record, context: toContext(row, about, record?.lifecycle ?? 'open') };
  }

  /**
   * Open live complaints of the cluster received within `window` whose escalation class is still
   * below `belowRank` (an imported one is history: it counts, but is not escalated).
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
        WHERE cluster_key = $1 AND lifecycle = 'open' AND NOT imported AND complaint_id <> $2
          AND received_at >= $3 AND received_at < $4 AND escalation_rank < $5
        ORDER BY received_at, complaint_id`,
      [clusterKey, except, window.from, window.until, belowRank],
    );
    return rows.map((r) => r.complaint_id);
  }

  /**
   * A page of the open, triaged, live complaints a hot topic's scope covers (`hotTopicScope`):
   * the first `limit` after `after` in complaint-id order, handed out by cluster (`byCluster`).
   */
  async openInHotTopicScope(
    tx: Sql,
    scope: HotTopicScope,
    after: string | null,
    limit: number,
  ): Promise<HotTopicMember[]> {
    const { rows } = await queryPrepared<HotTopicMemberRow>(
      tx,
      `SELECT complaint_id, cluster_key FROM triage.complaints
        WHERE lifecycle = 'open' AND decision IS NOT NULL AND NOT imported AND subject_type = $1
          AND ($2::text IS NULL OR facts->'subject'->>'productSku' = $2)
          AND ($3::text IS NULL OR decision->>'category' = $3)
          AND ($4::text IS NULL OR facts->'subject'->>'batchNo' = $4)
          AND ($5::text IS NULL OR facts->'subject'->>'purchaseChannel' = $5)
          AND ($6::uuid IS NULL OR complaint_id > $6)
        ORDER BY complaint_id LIMIT $7`,
      [
        scope.subjectType,
        scope.productSku ?? null,
        scope.category ?? null,
        scope.batchNo ?? null,
        scope.purchaseChannel ?? null,
        after,
        limit,
      ],
    );
    return byCluster(rows);
  }

  /**
   * A page of the open, triaged, live complaints a hot topic names as its members: the first
   * `limit` after `after` in complaint-id order, handed out by cluster (`byCluster`).
   */
  async openHotTopicMembers(
    tx: Sql,
    topicId: string,
    after: string | null,
    limit: number,
  ): Promise<HotTopicMember[]> {
    const { rows } = await queryPrepared<HotTopicMemberRow>(
      tx,
      `SELECT c.complaint_id, c.cluster_key
         FROM triage.hot_topic_members m JOIN triage.complaints c USING (complaint_id)
        WHERE m.topic_id = $1 AND c.lifecycle = 'open' AND c.decision IS NOT NULL AND NOT c.imported
          AND ($2::uuid IS NULL OR m.complaint_id > $2)
        ORDER BY m.complaint_id LIMIT $3`,
      [topicId, after, limit],
    );
    return byCluster(rows);
  }
}

interface HotTopicMemberRow {
  complaint_id: string;
  cluster_key: string | null;
}

/** An open complaint a hot topic raises, and the cluster whose lock its re-assessment takes. */
export interface HotTopicMember {
  complaintId: string;
  clusterKey: string | null;
}

/**
 * A page of complaints in cluster-key order, so that a transaction taking several cluster locks
 * takes them in the order every other one does.
 */
function byCluster(rows: HotTopicMemberRow[]): HotTopicMember[] {
  return rows
    .map((r) => ({ complaintId: r.complaint_id, clusterKey: r.cluster_key }))
    .sort((a, b) => byClusterKey(a.clusterKey, b.clusterKey));
}

/**
 * The one order of cluster keys in which transactions take several cluster locks: code points
 * (JavaScript's order for every character outside the astral planes), no cluster last.
 */
function byClusterKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
