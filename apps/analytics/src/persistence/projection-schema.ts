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
  /** The daily rollup (`dailyRollupSql`): what the overview, the report and BI's views sum. */
  daily: string;
}

export function projectionTables(version: number): ProjectionTables {
  if (!Number.isInteger(version) || version < 1) {
    throw new RangeError(`projection version must be a positive integer, got ${version}`);
  }
  return {
    complaints: `analytics.complaints_v${version}`,
    events: `analytics.events_v${version}`,
    offsets: `analytics.offsets_v${version}`,
    daily: `analytics.daily_v${version}`,
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

/**
 * The version's tables and indexes. `unlogged` for a version being rebuilt: its writes skip the
 * WAL until `durableTablesSql` makes the tables logged, before the version goes live (a crash
 * meanwhile empties them, and the rebuild, which fails with it, is started again).
 */
export function projectionTablesSql(
  version: number,
  options: { unlogged?: boolean } = {},
): string[] {
  const t = projectionTables(version);
  const table = options.unlogged === true ? 'UNLOGGED TABLE' : 'TABLE';
  const columns = COMPLAINT_COLUMNS.map(([name, type]) =>
    name === 'complaint_id' ? `${name} ${type} PRIMARY KEY` : `${name} ${type}`,
  ).join(',\n  ');
  return [
    `CREATE ${table} IF NOT EXISTS ${t.complaints} (\n  ${columns}\n)`,
    `CREATE INDEX IF NOT EXISTS complaints_v${version}_received_idx ON ${t.complaints} (received_at)`,
    `CREATE INDEX IF NOT EXISTS complaints_v${version}_department_idx ON ${t.complaints} (department, received_at)`,
    // Imported history, for the backtest's look whether an import brought anything new.
    `CREATE INDEX IF NOT EXISTS complaints_v${version}_imported_idx ON ${t.complaints} (received_at)
      WHERE imported`,
    // Every event of every complaint, the timeline of `GET /analytics/complaints/:id/timeline`.
    `CREATE ${table} IF NOT EXISTS ${t.events} (
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
    // The monthly report's typical cases: the few case studies, without a scan of every event.
    `CREATE INDEX IF NOT EXISTS events_v${version}_case_study_idx ON ${t.events} (time, complaint_id)
      WHERE type = 'CaseStudyPublished'`,
    // Where each partition's next record is: written in the transaction of the records' effects,
    // so a record is applied exactly once whatever the crash point.
    `CREATE ${table} IF NOT EXISTS ${t.offsets} (
      topic text NOT NULL,
      partition int NOT NULL,
      next_offset bigint NOT NULL,
      PRIMARY KEY (topic, partition)
    )`,
    // The latest event time applied from each partition: the detectors' watermark is the
    // earliest of these over the partitions they observe, so a partition consumed behind the
    // others (a catch-up) holds the windows open instead of making its events late.
    `ALTER TABLE ${t.offsets} ADD COLUMN IF NOT EXISTS max_event_time timestamptz`,
    // Per day (in the version's rollup time zone) × department × dimension value: the sums the
    // overview, the monthly report and the views `monthly_report`, `sla_compliance` and
    // `department_scorecard` read instead of the complaint rows. Kept by the writer in the
    // transaction that writes the rows (`rollupDeltaSql`). A value may be NULL (not triaged yet).
    `CREATE ${table} IF NOT EXISTS ${t.daily} (
      day date NOT NULL,
      department text,
      dimension text NOT NULL,
      value text,
      ${ROLLUP_MEASURES.map((m) => `${m.name} ${m.type} NOT NULL DEFAULT 0`).join(',\n      ')}
    )`,
    `CREATE UNIQUE INDEX IF NOT EXISTS daily_v${version}_key ON ${t.daily}
      (day, department, dimension, value) NULLS NOT DISTINCT`,
  ];
}

/**
 * The dimensions of the rollup: the overview's breakdowns and the monthly report's (`all` is the
 * totals). The department a row belongs to is a column of its own as well, for department scope.
 */
export const ROLLUP_DIMENSIONS = [
  'all',
  'type',
  'department',
  'channel',
  'region',
  'category',
  'severity',
] as const;

/**
 * The rollup's measures: every one a sum over complaints (so a complaint's change is its new
 * contribution minus its old one), each rate of the report a quotient of two of them.
 */
export const ROLLUP_MEASURES = [
  { name: 'complaints', type: 'int', of: '1' },
  { name: 'resolved', type: 'int', of: 'CASE WHEN {resolved_at} IS NOT NULL THEN 1 ELSE 0 END' },
  { name: 'closed', type: 'int', of: 'CASE WHEN {closed_at} IS NOT NULL THEN 1 ELSE 0 END' },
  {
    name: 'response_measured',
    type: 'int',
    of: 'CASE WHEN {response_met} IS NOT NULL THEN 1 ELSE 0 END',
  },
  { name: 'response_met', type: 'int', of: 'CASE WHEN {response_met} THEN 1 ELSE 0 END' },
  {
    name: 'resolution_measured',
    type: 'int',
    of: 'CASE WHEN {resolution_met} IS NOT NULL THEN 1 ELSE 0 END',
  },
  { name: 'resolution_met', type: 'int', of: 'CASE WHEN {resolution_met} THEN 1 ELSE 0 END' },
  {
    name: 'satisfaction_count',
    type: 'int',
    of: 'CASE WHEN {satisfaction} IS NOT NULL THEN 1 ELSE 0 END',
  },
  { name: 'satisfaction_sum', type: 'bigint', of: 'coalesce({satisfaction}, 0)' },
  {
    name: 'reopened',
    type: 'int',
    of: 'CASE WHEN {resolved_at} IS NOT NULL AND {reopen_count} > 0 THEN 1 ELSE 0 END',
  },
  {
    name: 'first_contact_resolved',
    type: 'int',
    of: 'CASE WHEN {resolved_at} IS NOT NULL AND {first_contact_resolution} THEN 1 ELSE 0 END',
  },
  {
    // Seconds from receipt to first resolution, summed: the scorecard's average time to resolve.
    name: 'resolve_seconds',
    type: 'numeric',
    of: 'CASE WHEN {resolved_at} IS NOT NULL THEN extract(epoch FROM {resolved_at} - {received_at}) ELSE 0 END',
  },
] as const;

/** The complaint columns the rollup reads. */
export const ROLLUP_INPUT_COLUMNS = [
  'received_at',
  'department',
  'type',
  'channel',
  'region',
  'category',
  'severity',
  'resolved_at',
  'closed_at',
  'response_met',
  'resolution_met',
  'satisfaction',
  'reopen_count',
  'first_contact_resolution',
] as const;

/**
 * `INSERT … SELECT` adding to the rollup the contributions of the rows of `source` (a table or
 * subquery aliased `x`, with the columns `ROLLUP_INPUT_COLUMNS` and a `sign`: 1 adds a row, -1
 * takes it away). `zone` is an SQL expression of the time zone the days are counted in. Rows are
 * inserted in key order, so concurrent writers lock the rollup's rows in one order.
 */
export function rollupDeltaSql(version: number, source: string, zone: string): string {
  const t = projectionTables(version);
  const measure = (of: string) => of.replace(/\{(\w+)\}/g, 'x.$1');
  const values = ROLLUP_DIMENSIONS.map((d) =>
    d === 'all' ? `('all', 'all')` : `('${d}', x.${d})`,
  ).join(', ');
  const names = ROLLUP_MEASURES.map((m) => m.name);
  return `INSERT INTO ${t.daily} AS r (day, department, dimension, value, ${names.join(', ')})
    SELECT (x.received_at AT TIME ZONE ${zone})::date, x.department, d.dimension, d.value,
           ${ROLLUP_MEASURES.map((m) => `sum(x.sign * (${measure(m.of)}))`).join(',\n           ')}
      FROM ${source}
      CROSS JOIN LATERAL (VALUES ${values}) AS d(dimension, value)
     WHERE (x.received_at AT TIME ZONE ${zone}) IS NOT NULL
     GROUP BY 1, 2, 3, 4
    HAVING ${ROLLUP_MEASURES.map((m) => `sum(x.sign * (${measure(m.of)})) <> 0`).join(' OR ')}
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, department, dimension, value) DO UPDATE SET
      ${names.map((n) => `${n} = r.${n} + EXCLUDED.${n}`).join(', ')}`;
}

/** Fills an empty rollup from the version's complaint rows (a version made before rollups). */
export function rollupBackfillSql(version: number, zone: string): string {
  const t = projectionTables(version);
  return rollupDeltaSql(
    version,
    `(SELECT 1 AS sign, ${ROLLUP_INPUT_COLUMNS.join(', ')} FROM ${t.complaints}) AS x`,
    zone,
  );
}

/** The version's unlogged tables made logged (a rewrite into the WAL, once per rebuild). */
export function durableTablesSql(version: number): string {
  const t = projectionTables(version);
  const names = [t.complaints, t.events, t.offsets, t.daily]
    .map((name) => sqlText(name))
    .join(', ');
  return `SELECT format('ALTER TABLE %s SET LOGGED', oid::regclass) AS statement
            FROM pg_class
           WHERE oid = ANY (ARRAY[${names}]::regclass[]) AND relpersistence = 'u'`;
}

export function dropProjectionTablesSql(version: number): string[] {
  const t = projectionTables(version);
  return [t.daily, t.offsets, t.events, t.complaints].map(
    (table) => `DROP TABLE IF EXISTS ${table}`,
  );
}

/**
 * The views of `analytics_bi` over one projection version (CONTRACT "BI views"); replacing them
 * is how a rebuilt version goes live, in one transaction with the version's state. The views
 * `monthly_report`, `sla_compliance` and `department_scorecard` read the version's daily rollup
 * when it counts days in the configured time zone (`rollupZone`), else the complaint rows (a
 * version built before a change of the time zone, until the next rebuild); both give the same
 * rows (test/rollup.int-spec.ts).
 */
/**
 * The monthly report's figures over rollup rows, one select list for the BI view and the API's
 * overview alike; `asFloat` casts the rates for a JSON answer (the view keeps numeric).
 */
export function reportFiguresSql(asFloat = false): string {
  const rate = (num: string, den: string, scale: number) =>
    `round(sum(${num})::numeric / nullif(sum(${den}), 0), ${scale})${asFloat ? '::float' : ''}`;
  return [
    'sum(complaints)::int AS complaints',
    'sum(resolved)::int AS resolved',
    'sum(closed)::int AS closed',
    `${rate('response_met', 'response_measured', 4)} AS response_met_rate`,
    `${rate('resolution_met', 'resolution_measured', 4)} AS resolution_met_rate`,
    `${rate('satisfaction_sum', 'satisfaction_count', 2)} AS avg_satisfaction`,
    `${rate('reopened', 'resolved', 4)} AS reopen_rate`,
    `${rate('first_contact_resolved', 'resolved', 4)} AS first_contact_resolution_rate`,
  ].join(', ');
}

export function biViewsSql(
  version: number,
  timeZone: string,
  rollupZone?: string | null,
): string[] {
  const queries =
    rollupZone === timeZone
      ? rollupViewQueries(version, timeZone)
      : rawViewQueries(version, timeZone);
  return Object.entries(queries).map(
    ([name, query]) => `CREATE OR REPLACE VIEW analytics_bi.${name} AS ${query}`,
  );
}

export type BiViewName =
  'complaints' | 'daily_volume' | 'sla_compliance' | 'department_scorecard' | 'monthly_report';

/** The views' queries over the complaint rows. */
export function rawViewQueries(version: number, timeZone: string): Record<BiViewName, string> {
  const t = projectionTables(version);
  const tz = sqlText(timeZone);
  const visible = COMPLAINT_COLUMNS.filter(([name]) => name !== 'state')
    .map(([name]) => name)
    .join(', ');
  return {
    complaints: `SELECT ${visible} FROM ${t.complaints}`,
    daily_volume: dailyVolumeQuery(version, timeZone),
    sla_compliance: `SELECT date_trunc('month', received_at AT TIME ZONE ${tz})::date AS month, department, severity,
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
    department_scorecard: `SELECT date_trunc('month', received_at AT TIME ZONE ${tz})::date AS month, department,
             count(*)::int AS complaints,
             count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved,
             round(avg(CASE WHEN resolved_at IS NULL THEN NULL WHEN first_contact_resolution THEN 1 ELSE 0 END), 4) AS first_contact_resolution_rate,
             round((avg(extract(epoch FROM resolved_at - received_at)) / 3600)::numeric, 2) AS avg_hours_to_resolve,
             round(avg(satisfaction), 2) AS avg_satisfaction,
             round(avg(CASE WHEN resolved_at IS NULL THEN NULL WHEN reopen_count > 0 THEN 1 ELSE 0 END), 4) AS reopen_rate
        FROM ${t.complaints}
       WHERE received_at IS NOT NULL AND department IS NOT NULL
       GROUP BY 1, 2`,
    monthly_report: `SELECT date_trunc('month', c.received_at AT TIME ZONE ${tz})::date AS month,
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
  };
}

/** `daily_volume` groups by more dimensions at once than the rollup keeps: complaint rows. */
function dailyVolumeQuery(version: number, timeZone: string): string {
  const t = projectionTables(version);
  const tz = sqlText(timeZone);
  return `SELECT (received_at AT TIME ZONE ${tz})::date AS day, department, category, channel, region,
             severity, count(*)::int AS complaints,
             count(*) FILTER (WHERE imported)::int AS imported
        FROM ${t.complaints}
       WHERE received_at IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6`;
}

/** The views' queries over the daily rollup (days counted in `timeZone`). */
export function rollupViewQueries(version: number, timeZone: string): Record<BiViewName, string> {
  const t = projectionTables(version);
  const rate = (num: string, den: string, scale: number) =>
    `round(sum(${num})::numeric / nullif(sum(${den}), 0), ${scale})`;
  const month = `date_trunc('month', day::timestamp)::date AS month`;
  return {
    ...rawViewQueries(version, timeZone),
    sla_compliance: `SELECT ${month}, department, value AS severity,
             sum(complaints)::int AS complaints,
             sum(response_measured)::int AS response_measured,
             sum(response_met)::int AS response_met,
             sum(resolution_measured)::int AS resolution_measured,
             sum(resolution_met)::int AS resolution_met,
             ${rate('resolution_met', 'resolution_measured', 4)} AS resolution_met_rate,
             ${rate('response_met', 'response_measured', 4)} AS response_met_rate
        FROM ${t.daily}
       WHERE dimension = 'severity'
       GROUP BY 1, 2, 3
      HAVING sum(complaints) > 0`,
    department_scorecard: `SELECT ${month}, department,
             sum(complaints)::int AS complaints,
             sum(resolved)::int AS resolved,
             ${rate('first_contact_resolved', 'resolved', 4)} AS first_contact_resolution_rate,
             round(sum(resolve_seconds) / nullif(sum(resolved), 0) / 3600, 2) AS avg_hours_to_resolve,
             ${rate('satisfaction_sum', 'satisfaction_count', 2)} AS avg_satisfaction,
             ${rate('reopened', 'resolved', 4)} AS reopen_rate
        FROM ${t.daily}
       WHERE dimension = 'all' AND department IS NOT NULL
       GROUP BY 1, 2
      HAVING sum(complaints) > 0`,
    monthly_report: `SELECT ${month}, dimension, value,
             ${reportFiguresSql()}
        FROM ${t.daily}
       GROUP BY 1, 2, 3
      HAVING sum(complaints) > 0`,
  };
}

/** A string as an SQL literal. */
export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
