/**
 * The projection's tables, one set per projection version (`complaints_v<N>` …), so a rebuild
 * fills a new version while BI reads the live one, and the views of `analytics_bi` move to the new
 * version in one transaction (ARCHITECTURE.md "Read side"). Column names are BI's (snake_case),
 * documented in docs/bi-guide.md.
 */
export interface ProjectionTables {
  complaints: string;
  events: string;
  offsets: string;
}

export function projectionTables(version: number): ProjectionTables {
  if (!Number.isInteger(version) || version < 1) {
    throw new RangeError(`projection version must be a positive integer, got ${version}`);
  }
  return {
    complaints: `analytics.complaints_v${version}`,
    events: `analytics.events_v${version}`,
    offsets: `analytics.offsets_v${version}`,
  };
}

/** The events the detectors observe (DOMAIN §5): what a complaint is about, and where it went. */
export const OBSERVATION_TYPES = ['ComplaintRegistered', 'ComplaintTriaged'] as const;

/** The columns of the complaint row, in the order the writer sends them. */
export const COMPLAINT_COLUMNS = [
  ['complaint_id', 'uuid'],
  ['tracking_no', 'text'],
  ['channel', 'text'],
  ['subject_type', 'text'],
  ['type', 'text'],
  ['category', 'text'],
  ['subcategory', 'text'],
  ['severity', 'text'],
  ['escalation_class', 'text'],
  ['department', 'text'],
  ['region', 'text'],
  ['product_sku', 'text'],
  ['product_model', 'text'],
  ['batch_no', 'text'],
  ['customer_tier', 'text'],
  ['complainant_count', 'int'],
  ['imported', 'boolean'],
  ['status', 'text'],
  ['received_at', 'timestamptz'],
  ['registered_at', 'timestamptz'],
  ['acknowledged_at', 'timestamptz'],
  ['triaged_at', 'timestamptz'],
  ['first_contact_at', 'timestamptz'],
  ['plan_approved_at', 'timestamptz'],
  ['resolved_at', 'timestamptz'],
  ['last_resolved_at', 'timestamptz'],
  ['reopened_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['withdrawn_at', 'timestamptz'],
  ['respond_by', 'timestamptz'],
  ['resolve_by', 'timestamptz'],
  ['response_met', 'boolean'],
  ['resolution_met', 'boolean'],
  ['first_contact_resolution', 'boolean'],
  ['sla_warnings', 'int'],
  ['sla_breaches', 'int'],
  ['supervised', 'boolean'],
  ['crisis', 'boolean'],
  ['satisfaction', 'int'],
  ['reopen_count', 'int'],
  ['closure_outcome', 'text'],
  ['event_count', 'int'],
  ['last_event_at', 'timestamptz'],
  // The whole row as the fold keeps it (fields BI does not see, e.g. grading_version).
  ['state', 'jsonb'],
] as const;

export function projectionTablesSql(version: number): string[] {
  const t = projectionTables(version);
  const columns = COMPLAINT_COLUMNS.map(([name, type]) =>
    name === 'complaint_id' ? `${name} ${type} PRIMARY KEY` : `${name} ${type}`,
  ).join(',\n  ');
  return [
    `CREATE TABLE IF NOT EXISTS ${t.complaints} (\n  ${columns}\n)`,
    `CREATE INDEX IF NOT EXISTS complaints_v${version}_received_idx ON ${t.complaints} (received_at)`,
    `CREATE INDEX IF NOT EXISTS complaints_v${version}_department_idx ON ${t.complaints} (department, received_at)`,
    // Imported history, for the backtest's look whether an import brought anything new.
    `CREATE INDEX IF NOT EXISTS complaints_v${version}_imported_idx ON ${t.complaints} (received_at)
      WHERE imported`,
    // Every event of every complaint, the timeline of `GET /analytics/complaints/:id/timeline`.
    `CREATE TABLE IF NOT EXISTS ${t.events} (
      event_id uuid PRIMARY KEY,
      complaint_id uuid NOT NULL,
      type text NOT NULL,
      source text NOT NULL,
      time timestamptz NOT NULL,
      stream_version int NOT NULL,
      data jsonb NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS events_v${version}_complaint_idx ON ${t.events} (complaint_id, time, event_id)`,
    // The detectors' observations by event time (registrations and triage decisions only), and
    // their watermark: the latest such time (FindingsWorker).
    `CREATE INDEX IF NOT EXISTS events_v${version}_observation_idx ON ${t.events} (time)
      WHERE type IN (${OBSERVATION_TYPES.map((type) => `'${type}'`).join(', ')})`,
    // Where each partition's next record is: written in the transaction of the records' effects,
    // so a record is applied exactly once whatever the crash point.
    `CREATE TABLE IF NOT EXISTS ${t.offsets} (
      topic text NOT NULL,
      partition int NOT NULL,
      next_offset bigint NOT NULL,
      PRIMARY KEY (topic, partition)
    )`,
    // The latest event time applied from each partition: the detectors' watermark is the
    // earliest of these over the partitions they observe, so a partition consumed behind the
    // others (a catch-up) holds the windows open instead of making its events late.
    `ALTER TABLE ${t.offsets} ADD COLUMN IF NOT EXISTS max_event_time timestamptz`,
  ];
}

export function dropProjectionTablesSql(version: number): string[] {
  const t = projectionTables(version);
  return [t.offsets, t.events, t.complaints].map((table) => `DROP TABLE IF EXISTS ${table}`);
}

/**
 * The views of `analytics_bi` over one projection version (CONTRACT "BI views"); replacing them
 * is how a rebuilt version goes live, in one transaction with the version's state.
 */
export function biViewsSql(version: number, timeZone: string): string[] {
  const t = projectionTables(version);
  const tz = `'${timeZone.replace(/'/g, "''")}'`;
  const visible = COMPLAINT_COLUMNS.filter(([name]) => name !== 'state')
    .map(([name]) => name)
    .join(', ');
  return [
    `CREATE OR REPLACE VIEW analytics_bi.complaints AS SELECT ${visible} FROM ${t.complaints}`,
    `CREATE OR REPLACE VIEW analytics_bi.daily_volume AS
      SELECT (received_at AT TIME ZONE ${tz})::date AS day, department, category, channel, region,
             severity, count(*)::int AS complaints,
             count(*) FILTER (WHERE imported)::int AS imported
        FROM ${t.complaints}
       WHERE received_at IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6`,
    `CREATE OR REPLACE VIEW analytics_bi.sla_compliance AS
      SELECT date_trunc('month', received_at AT TIME ZONE ${tz})::date AS month, department, severity,
             count(*)::int AS complaints,
             count(*) FILTER (WHERE response_met IS NOT NULL)::int AS response_measured,
             count(*) FILTER (WHERE response_met)::int AS response_met,
             count(*) FILTER (WHERE resolution_met IS NOT NULL)::int AS resolution_measured,
             count(*) FILTER (WHERE resolution_met)::int AS resolution_met,
             round(avg(CASE WHEN resolution_met IS NULL THEN NULL WHEN resolution_met THEN 1 ELSE 0 END), 4) AS resolution_met_rate,
             round(avg(CASE WHEN response_met IS NULL THEN NULL WHEN response_met THEN 1 ELSE 0 END), 4) AS response_met_rate
        FROM ${t.complaints}
       WHERE received_at IS NOT NULL
       GROUP BY 1, 2, 3`,
    `CREATE OR REPLACE VIEW analytics_bi.department_scorecard AS
      SELECT date_trunc('month', received_at AT TIME ZONE ${tz})::date AS month, department,
             count(*)::int AS complaints,
             count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved,
             round(avg(CASE WHEN resolved_at IS NULL THEN NULL WHEN first_contact_resolution THEN 1 ELSE 0 END), 4) AS first_contact_resolution_rate,
             round((avg(extract(epoch FROM resolved_at - received_at)) / 3600)::numeric, 2) AS avg_hours_to_resolve,
             round(avg(satisfaction), 2) AS avg_satisfaction,
             round(avg(CASE WHEN resolved_at IS NULL THEN NULL WHEN reopen_count > 0 THEN 1 ELSE 0 END), 4) AS reopen_rate
        FROM ${t.complaints}
       WHERE received_at IS NOT NULL AND department IS NOT NULL
       GROUP BY 1, 2`,
    // The monthly report's breakdowns (GET /analytics/reports/monthly): one row per month,
    // dimension and value, with the month's outcomes for those complaints.
    `CREATE OR REPLACE VIEW analytics_bi.monthly_report AS
      SELECT date_trunc('month', c.received_at AT TIME ZONE ${tz})::date AS month,
             d.dimension, d.value,
             count(*)::int AS complaints,
             count(*) FILTER (WHERE c.resolved_at IS NOT NULL)::int AS resolved,
             count(*) FILTER (WHERE c.closed_at IS NOT NULL)::int AS closed,
             round(avg(CASE WHEN c.response_met IS NULL THEN NULL WHEN c.response_met THEN 1 ELSE 0 END), 4) AS response_met_rate,
             round(avg(CASE WHEN c.resolution_met IS NULL THEN NULL WHEN c.resolution_met THEN 1 ELSE 0 END), 4) AS resolution_met_rate,
             round(avg(c.satisfaction), 2) AS avg_satisfaction,
             round(avg(CASE WHEN c.resolved_at IS NULL THEN NULL WHEN c.reopen_count > 0 THEN 1 ELSE 0 END), 4) AS reopen_rate,
             round(avg(CASE WHEN c.resolved_at IS NULL THEN NULL WHEN c.first_contact_resolution THEN 1 ELSE 0 END), 4) AS first_contact_resolution_rate
        FROM ${t.complaints} c
        CROSS JOIN LATERAL (VALUES ('all', 'all'), ('type', c.type), ('department', c.department),
                                   ('channel', c.channel), ('region', c.region),
                                   ('category', c.category), ('severity', c.severity))
             AS d(dimension, value)
       WHERE c.received_at IS NOT NULL
       GROUP BY 1, 2, 3`,
  ];
}
