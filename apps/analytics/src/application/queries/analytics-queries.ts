import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainError, InvalidInput } from '@redress/contracts';
import { canSeeDepartment, seesAllDepartments, type AuthUser } from '@redress/platform';
import type { AnalyticsConfig } from '../../analytics.config';
import {
  ROLLUP_DIMENSIONS,
  ROLLUP_INPUT_COLUMNS,
  ROLLUP_MEASURES,
  reportFiguresSql,
  projectionTables,
} from '../../persistence/projection-schema';
import { FindingsQueries } from '../findings/findings-queries';
import { ProjectionVersions } from '../projection-versions';
import { ANALYTICS_CONFIG, ANALYTICS_PG_POOL } from '../tokens';

export class ComplaintNotInAnalytics extends DomainError {
  readonly kind = 'not_found';
  constructor(complaintId: string) {
    super(`analytics has no event of complaint ${complaintId}`);
  }
}

/** Complaints received in [from, to), of one department when `department` is given. */
export interface Period {
  from: string;
  to: string;
  department?: string;
}

/** The dimensions the overview and the monthly report break volume down by. */
const DIMENSIONS = ['department', 'type', 'category', 'channel', 'region', 'severity'] as const;

/**
 * The read side of the Analytics API over the live projection version. Department scope as
 * everywhere: a department-scoped role sees its department's complaints, `supervisor` and
 * `admin` all.
 */
@Injectable()
export class AnalyticsQueries {
  constructor(
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
    private readonly versions: ProjectionVersions,
    private readonly findings: FindingsQueries,
  ) {}

  /** Every event of one complaint from every service, in the order they happened. */
  async timeline(complaintId: string, user: AuthUser) {
    const t = projectionTables(await this.versions.required());
    const { rows: row } = await this.pool.query<{ department: string | null }>(
      `SELECT department FROM ${t.complaints} WHERE complaint_id = $1`,
      [complaintId],
    );
    if (row.length === 0) throw new ComplaintNotInAnalytics(complaintId);
    const department = row[0]?.department;
    if (
      !seesAllDepartments(user) &&
      (department === null || department === undefined || !canSeeDepartment(user, department))
    ) {
      throw new ComplaintNotInAnalytics(complaintId);
    }
    const { rows } = await this.pool.query<{
      event_id: string;
      type: string;
      source: string;
      time: Date;
      stream_version: number;
      data: unknown;
    }>(
      `SELECT event_id, type, source, time, stream_version, data FROM ${t.events}
        WHERE complaint_id = $1 ORDER BY time, source, stream_version`,
      [complaintId],
    );
    return {
      complaintId,
      events: rows.map((r) => ({
        eventId: r.event_id,
        type: r.type,
        source: r.source,
        time: r.time.toISOString(),
        streamVersion: r.stream_version,
        data: r.data,
      })),
    };
  }

  /**
   * Volume and outcomes of the complaints received in [from, to): the whole days of the period
   * (in the service's time zone) from the daily rollup, the parts of days at its ends from the
   * complaint rows — the same figures as from the rows alone (`overviewFromRows`, the path taken
   * while the live version's rollup counts days in another time zone). With `department`, only
   * that department's complaints (a row of the console's department scorecard); the caller's
   * scope is checked by the controller and applied here as well.
   */
  async overview(user: AuthUser, range: Period) {
    const live = await this.versions.liveForQueries();
    if (!live.rollup) return this.overviewFromRows(user, range);
    const tables = projectionTables(live.version);
    const tz = this.config.ANALYTICS_TIME_ZONE;
    // The first whole day in the period and the day after the last, and where they start.
    const { rows: days } = await this.pool.query<{
      first: string;
      end: string;
      first_at: Date;
      end_at: Date;
    }>(
      `SELECT first::text, "end"::text, first::timestamp AT TIME ZONE $3 AS first_at,
              "end"::timestamp AT TIME ZONE $3 AS end_at
         FROM (SELECT (date_trunc('day', ($1::timestamptz AT TIME ZONE $3) - interval '1 microsecond')
                       + interval '1 day')::date AS first,
                      ($2::timestamptz AT TIME ZONE $3)::date AS "end") AS d`,
      [range.from, range.to, tz],
    );
    const d = days[0];
    if (d === undefined) throw new Error('no day bounds');
    const params: unknown[] = [range.from, range.to, d.first, d.end, d.first_at, d.end_at];
    let scoped = '';
    if (!seesAllDepartments(user)) {
      params.push(user.department ?? null);
      scoped = ` AND department = $${params.length}`;
    }
    if (range.department !== undefined) {
      params.push(range.department);
      scoped += ` AND department = $${params.length}`;
    }
    const measures = ROLLUP_MEASURES.map((m) => m.name);
    const ofRow = (of: string) => of.replace(/\{(\w+)\}/g, '$1');
    const values = ROLLUP_DIMENSIONS.map((dim) =>
      dim === 'all' ? `('all', 'all')` : `('${dim}', ${dim})`,
    ).join(', ');
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `WITH parts AS (
         SELECT dimension, value, ${measures.join(', ')}
           FROM ${tables.daily}
          WHERE day >= $3::date AND day < $4::date${scoped}
         UNION ALL
         SELECT d.dimension, d.value, ${ROLLUP_MEASURES.map((m) => `${ofRow(m.of)} AS ${m.name}`).join(', ')}
           FROM (SELECT ${ROLLUP_INPUT_COLUMNS.join(', ')} FROM ${tables.complaints}
                  WHERE ((received_at >= $1 AND received_at < least($2::timestamptz, $5::timestamptz))
                      OR (received_at >= greatest($1::timestamptz, $5::timestamptz, $6::timestamptz)
                          AND received_at < $2))${scoped}) AS c
          CROSS JOIN LATERAL (VALUES ${values}) AS d(dimension, value)
       )
       SELECT dimension, value, ${reportFiguresSql(true)}
         FROM parts
        GROUP BY dimension, value
       HAVING sum(complaints) > 0`,
      params,
    );
    const breakdown: Record<string, Array<{ value: string | null; complaints: number }>> = {};
    for (const dimension of DIMENSIONS) {
      breakdown[dimension] = topValues(
        rows
          .filter((row) => row.dimension === dimension)
          .map((row) => ({
            value: row.value as string | null,
            complaints: row.complaints as number,
          })),
      );
    }
    return overviewResult(
      range,
      rows.find((row) => row.dimension === 'all'),
      breakdown,
    );
  }

  /** The overview from the complaint rows alone. */
  async overviewFromRows(user: AuthUser, range: Period) {
    const t = projectionTables(await this.versions.required());
    const { where, params } = this.scope(user, range);
    // One scan of the period for the totals and every breakdown (grouping sets), not one each.
    const { rows } = await this.pool.query<Record<string, unknown> & { sets: number }>(
      `SELECT GROUPING(${DIMENSIONS.join(', ')})::int AS sets, ${DIMENSIONS.join(', ')},
              count(*)::int AS complaints,
              count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed,
              round(avg(CASE WHEN response_met IS NULL THEN NULL WHEN response_met THEN 1 ELSE 0 END), 4)::float AS response_met_rate,
              round(avg(CASE WHEN resolution_met IS NULL THEN NULL WHEN resolution_met THEN 1 ELSE 0 END), 4)::float AS resolution_met_rate,
              round(avg(satisfaction), 2)::float AS avg_satisfaction,
              round(avg(CASE WHEN resolved_at IS NULL THEN NULL WHEN reopen_count > 0 THEN 1 ELSE 0 END), 4)::float AS reopen_rate,
              round(avg(CASE WHEN resolved_at IS NULL THEN NULL WHEN first_contact_resolution THEN 1 ELSE 0 END), 4)::float AS first_contact_resolution_rate
         FROM ${t.complaints} WHERE ${where}
        GROUP BY GROUPING SETS ((), ${DIMENSIONS.map((d) => `(${d})`).join(', ')})`,
      params,
    );
    // GROUPING(...) sets a bit, first dimension highest, for each dimension a row is not grouped by.
    const all = (1 << DIMENSIONS.length) - 1;
    const breakdown: Record<string, Array<{ value: string | null; complaints: number }>> = {};
    DIMENSIONS.forEach((dimension, i) => {
      const sets = all - (1 << (DIMENSIONS.length - 1 - i));
      breakdown[dimension] = topValues(
        rows
          .filter((row) => row.sets === sets)
          .map((row) => ({
            value: row[dimension] as string | null,
            complaints: row.complaints as number,
          })),
      );
    });
    return overviewResult(
      range,
      rows.find((row) => row.sets === all),
      breakdown,
    );
  }

  /**
   * The monthly report (DOMAIN §5): volume by type, department, channel and region; the most
   * frequent problems (categories); SLA compliance, satisfaction, reopen rate and first-contact
   * resolution — for the complaints received in the month, counted in the service's time zone —
   * and the month's findings: hot topics active in it, trend alerts raised in it, its hot words.
   */
  async monthly(user: AuthUser, month: string) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new InvalidInput('month', 'must be a month such as 2026-11');
    }
    const tz = this.config.ANALYTICS_TIME_ZONE;
    const { rows } = await this.pool.query<{ from: Date; to: Date }>(
      `SELECT (($1 || '-01')::timestamp AT TIME ZONE $2) AS "from",
              ((($1 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE $2) AS "to"`,
      [month, tz],
    );
    const bounds = rows[0];
    if (!bounds) throw new InvalidInput('month', 'must be a month such as 2026-11');
    const range = { from: bounds.from.toISOString(), to: bounds.to.toISOString() };
    const overview = await this.overview(user, range);
    const t = projectionTables(await this.versions.required());
    const { where, params } = this.scope(user, range);
    // The month's typical cases: the case studies follow-up published for its complaints.
    const { rows: cases } = await this.pool.query<{
      complaint_id: string;
      title: string;
      category: string;
    }>(
      `SELECT e.complaint_id, e.data->>'title' AS title, e.data->>'category' AS category
         FROM ${t.events} e JOIN ${t.complaints} c USING (complaint_id)
        WHERE e.type = 'CaseStudyPublished' AND ${where.replace(/received_at|department/g, (m) => `c.${m}`)}
        ORDER BY e.time LIMIT 20`,
      params,
    );
    const period = { ...range, asOf: new Date().toISOString() };
    const [topics, trends, words] = await Promise.all([
      this.findings.hotTopics(period, { members: false }),
      this.findings.trends(period),
      this.findings.hotWords(period),
    ]);
    return {
      month,
      timeZone: tz,
      ...overview,
      hotTopics: topics.topics.map((t) => ({
        topicId: t.topicId,
        kind: t.kind,
        key: t.key,
        detectedAt: t.detectedAt,
        complaintCount: t.complaintCount,
        status: t.status,
        ...(t.cooledAt === undefined ? {} : { cooledAt: t.cooledAt }),
      })),
      trendAlerts: trends.alerts,
      hotWords: words.words.slice(0, 20),
      typicalCases: cases.map((c) => ({
        complaintId: c.complaint_id,
        title: c.title,
        category: c.category,
      })),
    };
  }

  private scope(user: AuthUser, range: Period) {
    const params: unknown[] = [range.from, range.to];
    let where = 'received_at >= $1 AND received_at < $2';
    if (!seesAllDepartments(user)) {
      params.push(user.department ?? null);
      where += ` AND department = $${params.length}`;
    }
    if (range.department !== undefined) {
      params.push(range.department);
      where += ` AND department = $${params.length}`;
    }
    return { where, params };
  }
}

/** A breakdown's 50 largest values, the largest first. */
function topValues(values: Array<{ value: string | null; complaints: number }>) {
  return values
    .sort((x, y) => y.complaints - x.complaints || byValue(x.value, y.value))
    .slice(0, 50);
}

/** The overview's answer from its totals' row and its breakdowns. */
function overviewResult(
  range: { from: string; to: string },
  totals: Record<string, unknown> | undefined,
  byDimension: Record<string, Array<{ value: string | null; complaints: number }>>,
) {
  // A period without complaints: zero of each count, no rate (as the rows' aggregates give).
  const r = totals ?? {
    complaints: 0,
    resolved: 0,
    closed: 0,
    response_met_rate: null,
    resolution_met_rate: null,
    avg_satisfaction: null,
    reopen_rate: null,
    first_contact_resolution_rate: null,
  };
  return {
    from: range.from,
    to: range.to,
    complaints: r.complaints,
    resolved: r.resolved,
    closed: r.closed,
    responseMetRate: r.response_met_rate,
    resolutionMetRate: r.resolution_met_rate,
    averageSatisfaction: r.avg_satisfaction,
    reopenRate: r.reopen_rate,
    firstContactResolutionRate: r.first_contact_resolution_rate,
    byDimension,
  };
}

/** Values in ascending order, no value last (as Postgres orders them). */
function byValue(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The monthly report as CSV: one line per dimension value, then the totals. */
export function monthlyReportCsv(report: Awaited<ReturnType<AnalyticsQueries['monthly']>>): string {
  const quote = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [['month', 'measure', 'dimension', 'value', 'number'].join(',')];
  const totals: Array<[string, unknown]> = [
    ['complaints', report.complaints],
    ['resolved', report.resolved],
    ['closed', report.closed],
    ['response_met_rate', report.responseMetRate],
    ['resolution_met_rate', report.resolutionMetRate],
    ['average_satisfaction', report.averageSatisfaction],
    ['reopen_rate', report.reopenRate],
    ['first_contact_resolution_rate', report.firstContactResolutionRate],
  ];
  for (const [measure, value] of totals) {
    lines.push([report.month, measure, '', '', value].map(quote).join(','));
  }
  for (const [dimension, values] of Object.entries(report.byDimension)) {
    for (const v of values) {
      lines.push(
        [report.month, 'complaints', dimension, v.value, v.complaints].map(quote).join(','),
      );
    }
  }
  for (const t of report.hotTopics) {
    lines.push([report.month, 'hot_topic', t.kind, t.key, t.complaintCount].map(quote).join(','));
  }
  for (const a of report.trendAlerts) {
    lines.push(
      [report.month, 'trend_alert', a.dimension, a.value, a.observed].map(quote).join(','),
    );
  }
  for (const w of report.hotWords) {
    lines.push([report.month, 'hot_word', w.language, w.phrase, w.observed].map(quote).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
