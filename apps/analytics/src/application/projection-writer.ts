import type { Sql } from '@redress/event-store';
import {
  emptyRow,
  project,
  resolutionMet,
  responseMet,
  statusOf,
  type ComplaintRow,
  type ProjectedEvent,
} from '../domain/complaint-projection';
import {
  COMPLAINT_COLUMNS,
  ROLLUP_INPUT_COLUMNS,
  projectionTables,
  rollupDeltaSql,
} from '../persistence/projection-schema';

/** Seeds the complaint lock keys, apart from other advisory locks of the database. */
const LOCK_SEED = 7_265_302;

/** Events of one partition, in order, and the offset to read next once they are applied. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  nextOffset: string;
  events: ProjectedEvent[];
}

export interface AppliedBatch {
  /** Events applied now; the rest were already in the projection (a redelivery). */
  applied: number;
  complaints: number;
}

/**
 * Applies consumed events to one projection version in the caller's transaction, four statements
 * whatever the batch size: the events go into the timeline table first, and only those new to it
 * (by event id) are folded — so a record redelivered by Kafka, or an event published twice by an
 * outbox after a crash, is counted once; the complaints' rows are read, folded
 * (`project`, commutative over topics) and written back; the partitions' next offsets are stored
 * with them.
 */
export async function applyToProjection(
  tx: Sql,
  version: number,
  batches: readonly PartitionBatch[],
): Promise<AppliedBatch> {
  const t = projectionTables(version);
  const all = batches.flatMap((b) => b.events);
  const fresh = await insertEvents(tx, t.events, all);
  const events = all.filter((e) => fresh.has(e.id));
  const ids = [...new Set(events.map(complaintOf).filter((id): id is string => id !== undefined))];
  const rows = new Map<string, ComplaintRow>();
  if (ids.length > 0) {
    // Batches of different partitions (intake's and resolution's, say) may hold events of one
    // complaint and run side by side: each takes the complaints' locks, in one order so two never
    // wait on each other, before it reads their rows — else the later commit would write back a
    // row without the other's events. (A row lock cannot serve: the row may not exist yet.)
    await tx.query(
      `SELECT count(pg_advisory_xact_lock(hashtextextended(id, ${LOCK_SEED})))
         FROM (SELECT unnest($1::text[]) AS id ORDER BY 1) AS ids`,
      [[...ids].sort()],
    );
    // No row lock besides: every writer of the rows holds the complaints' advisory locks, and a
    // `FOR UPDATE` would write each row's lock into its page (and the WAL) before the upsert
    // writes the row again.
    const { rows: stored } = await tx.query<{ complaint_id: string; state: ComplaintRow }>(
      `SELECT complaint_id, state FROM ${t.complaints} WHERE complaint_id = ANY($1::uuid[])`,
      [ids],
    );
    for (const row of stored) rows.set(row.complaint_id, row.state);
    for (const event of events) {
      const id = complaintOf(event);
      if (id === undefined) continue;
      rows.set(id, project(rows.get(id) ?? emptyRow(id), event));
    }
    await upsertComplaints(tx, version, [...rows.values()]);
  }
  await storeOffsets(tx, t.offsets, batches);
  return { applied: events.length, complaints: rows.size };
}

/** The complaint an event is about (every topic but analytics' own is keyed by one). */
function complaintOf(event: ProjectedEvent): string | undefined {
  const id = event.data.complaintId;
  return typeof id === 'string' ? id : undefined;
}

async function insertEvents(
  tx: Sql,
  table: string,
  events: readonly ProjectedEvent[],
): Promise<Set<string>> {
  const records = [];
  for (const e of events) {
    const complaintId = complaintOf(e);
    if (complaintId === undefined) continue;
    records.push({
      event_id: e.id,
      complaint_id: complaintId,
      type: e.type,
      source: e.source,
      time: e.time,
      stream_version: e.streamVersion,
      data: e.data,
    });
  }
  if (records.length === 0) return new Set();
  // One JSON document rather than seven arrays: the driver sends it as it is, where it would
  // escape every element of an array literal in JavaScript (the costliest part of a replay).
  const { rows } = await tx.query<{ event_id: string }>(
    `INSERT INTO ${table} (event_id, complaint_id, type, source, time, stream_version, data)
     SELECT * FROM json_to_recordset($1::json)
       AS e(event_id uuid, complaint_id uuid, type text, source text, time timestamptz,
            stream_version int, data jsonb)
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [JSON.stringify(records)],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** The row's columns as BI reads them, by column name (`COMPLAINT_COLUMNS`). */
export function complaintRecord(
  row: ComplaintRow,
): Record<(typeof COMPLAINT_COLUMNS)[number][0], unknown> {
  return {
    complaint_id: row.complaintId,
    tracking_no: row.trackingNo,
    channel: row.channel,
    subject_type: row.subjectType,
    type: row.type,
    category: row.category,
    subcategory: row.subcategory,
    severity: row.severity,
    escalation_class: row.escalationClass,
    department: row.department,
    region: row.region,
    product_sku: row.productSku,
    product_model: row.productModel,
    batch_no: row.batchNo,
    customer_tier: row.customerTier,
    complainant_count: row.complainantCount,
    imported: row.imported,
    status: statusOf(row),
    received_at: row.receivedAt,
    registered_at: row.registeredAt,
    acknowledged_at: row.acknowledgedAt,
    triaged_at: row.triagedAt,
    first_contact_at: row.firstContactAt,
    plan_approved_at: row.planApprovedAt,
    resolved_at: row.firstResolvedAt,
    last_resolved_at: row.lastResolvedAt,
    reopened_at: row.lastReopenedAt,
    closed_at: row.closedAt,
    withdrawn_at: row.withdrawnAt,
    respond_by: row.respondBy,
    resolve_by: row.resolveBy,
    response_met: responseMet(row),
    resolution_met: resolutionMet(row),
    // Resolved in its first round without a remedy plan and never reopened: answered at contact.
    first_contact_resolution:
      row.firstResolvedAt === undefined
        ? null
        : row.planApprovedAt === undefined && row.reopenCount === 0,
    sla_warnings: row.slaWarnings,
    sla_breaches: row.slaBreaches,
    supervised: row.supervised,
    crisis: row.crisis,
    satisfaction: row.satisfaction,
    reopen_count: row.reopenCount,
    closure_outcome: row.closureOutcome,
    event_count: row.eventCount,
    last_event_at: row.lastEventAt,
    state: row,
  };
}

/**
 * `INSERT … ON CONFLICT DO UPDATE` of every column but the key, and in the same statement the
 * daily rollup's change: each row's contribution before (read in the statement's snapshot, so
 * before the upsert) taken away, its contribution after added. Per projection version.
 */
const upsertSql = new Map<number, string>();

async function upsertComplaints(tx: Sql, version: number, rows: readonly ComplaintRow[]) {
  let sql = upsertSql.get(version);
  if (sql === undefined) {
    const table = projectionTables(version).complaints;
    const names = COMPLAINT_COLUMNS.map(([name]) => name);
    const updates = names
      .filter((name) => name !== 'complaint_id')
      .map((name) => `${name} = EXCLUDED.${name}`)
      .join(', ');
    const inputs = ROLLUP_INPUT_COLUMNS.join(', ');
    // The days are counted in the version's rollup time zone (none: no rollup kept).
    const zone = `(SELECT rollup_time_zone FROM analytics.projection_versions WHERE version = ${version})`;
    // The rows as one JSON document, its members named as the table's columns (see insertEvents).
    sql = `WITH old AS (
         SELECT -1 AS sign, ${inputs} FROM ${table} WHERE complaint_id = ANY($2::uuid[])
       ), new AS (
         INSERT INTO ${table} (${names.join(', ')})
         SELECT ${names.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)
         ON CONFLICT (complaint_id) DO UPDATE SET ${updates}
         RETURNING 1 AS sign, ${inputs}
       )
       ${rollupDeltaSql(version, '(SELECT * FROM old UNION ALL SELECT * FROM new) AS x', zone)}`;
    upsertSql.set(version, sql);
  }
  await tx.query(sql, [
    JSON.stringify(rows.map(complaintRecord)),
    rows.map((row) => row.complaintId),
  ]);
}

async function storeOffsets(tx: Sql, table: string, all: readonly PartitionBatch[]) {
  // One row per partition: the last batch of a partition says where it goes on.
  const batches = [...new Map(all.map((b) => [`${b.topic}/${b.partition}`, b])).values()];
  if (batches.length === 0) return;
  const latest = new Map<string, number>();
  for (const b of all) {
    const key = `${b.topic}/${b.partition}`;
    for (const e of b.events) {
      const ms = Date.parse(e.time);
      if (!((latest.get(key) ?? -Infinity) >= ms)) latest.set(key, ms);
    }
  }
  await tx.query(
    `INSERT INTO ${table} (topic, partition, next_offset, max_event_time)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::timestamptz[])
     ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset,
       max_event_time = greatest(${table}.max_event_time, EXCLUDED.max_event_time)`,
    [
      batches.map((b) => b.topic),
      batches.map((b) => b.partition),
      batches.map((b) => b.nextOffset),
      batches.map((b) => {
        const ms = latest.get(`${b.topic}/${b.partition}`);
        return ms === undefined || Number.isNaN(ms) ? null : new Date(ms).toISOString();
      }),
    ],
  );
}
