import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { AuthUser } from '@redress/platform';
import type { AnalyticsConfig } from '../src/analytics.config';
import type { FindingsQueries } from '../src/application/findings/findings-queries';
import { applyToProjection, type PartitionBatch } from '../src/application/projection-writer';
import { ProjectionVersions } from '../src/application/projection-versions';
import { AnalyticsQueries } from '../src/application/queries/analytics-queries';
import { inTransaction } from '../src/application/transaction';
import type { ProjectedEvent } from '../src/domain/complaint-projection';
import { migrate } from '../src/persistence/data-source';
import {
  biViewsSql,
  projectionTables,
  rawViewQueries,
  rollupViewQueries,
  type BiViewName,
} from '../src/persistence/projection-schema';
import { freshWorld } from './analytics-app';

jest.setTimeout(120_000);

const TZ = 'Asia/Shanghai';
let pool: Pool;
let versions: ProjectionVersions;
let version: number;

beforeAll(async () => {
  const world = await freshWorld('rollup');
  await migrate(world.databaseUrl);
  pool = new Pool({ connectionString: world.databaseUrl, max: 6 });
  versions = new ProjectionVersions(pool, TZ);
  version = await versions.ensureLive();
});

afterAll(async () => {
  await pool?.end();
});

/** A small seeded generator (mulberry32): the same history each run. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T,
  };
}

const DEPARTMENTS = ['quality', 'logistics', 'billing'];
const CATEGORIES = ['defect', 'delay', 'overcharge', 'service'];
const SEVERITIES = ['general', 'major', 'critical'];
const CHANNELS = ['web', 'phone', 'wechat'];
const REGIONS = ['shanghai', 'beijing', 'guangdong'];

type Source = 'intake' | 'triage' | 'resolution' | 'followup';

/**
 * A complaint's events by topic: registered near a local midnight of March–April 2026 (so a
 * few hours decide its day), triaged, sometimes reclassified to another department and category
 * (it moves between the rollup's rows), contacted, resolved, sometimes reopened and resolved
 * again, rated, closed; some never triaged or never resolved.
 */
function complaintEvents(rng: ReturnType<typeof random>, tag: string) {
  const id = randomUUID();
  const events: Array<{ source: Source; event: ProjectedEvent }> = [];
  const at = (ms: number) => new Date(ms).toISOString();
  const e = (source: Source, type: string, time: number, v: number, data: object) =>
    events.push({
      source,
      event: {
        id: randomUUID(),
        type,
        source: `/redress/${source}`,
        time: at(time),
        streamVersion: v,
        data: { complaintId: id, ...data },
      },
    });
  // 16:00 UTC is midnight in Shanghai: ± 3 hours around it.
  const received =
    Date.UTC(2026, 2, 1 + rng.int(60), 16) + (rng.int(360) - 180) * 60_000 + rng.int(60_000);
  e('intake', 'ComplaintRegistered', received, 1, {
    trackingNo: `RD-${id.slice(0, 8)}`,
    channel: rng.pick(CHANNELS),
    customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz' },
    subject: { type: 'product', productSku: 'YG-200' },
    region: rng.pick(REGIONS),
    registeredAt: at(received),
  });
  if (rng.next() < 0.1) return { id, events };
  const triaged = received + 60_000;
  const grading = () => ({
    type: rng.pick(['product', 'service']),
    category: rng.pick(CATEGORIES),
    severity: rng.pick(SEVERITIES),
    escalationClass: 'general',
    department: `${rng.pick(DEPARTMENTS)}-${tag}`,
    customerTier: 'unknown',
  });
  const deadlines = {
    respondBy: at(received + 2 * 3_600_000),
    resolveBy: at(received + 48 * 3_600_000),
  };
  e('triage', 'ComplaintTriaged', triaged, 1, {
    ...grading(),
    deadlines,
    triagedAt: at(triaged),
  });
  if (rng.next() < 0.2) {
    e('triage', 'ComplaintReclassified', triaged + 3_600_000, 2, {
      after: grading(),
      deadlines,
    });
  }
  if (rng.next() < 0.15) return { id, events };
  const contacted = received + rng.int(4 * 3_600_000);
  e('resolution', 'CustomerContacted', contacted, 2, { round: 1, contactedAt: at(contacted) });
  let v = 3;
  if (rng.next() < 0.3) {
    e('resolution', 'RemedyApproved', contacted + 3_600_000, v++, {
      remainingApprovals: [],
      approvedAt: at(contacted + 3_600_000),
    });
  }
  if (rng.next() < 0.1) {
    e('resolution', 'SlaBreached', received + 48 * 3_600_000, v++, {
      round: 1,
      clock: 'resolve',
    });
  }
  if (rng.next() < 0.15) return { id, events };
  const resolved = contacted + rng.int(72 * 3_600_000);
  e('resolution', 'ComplaintResolved', resolved, v++, { resolvedAt: at(resolved), round: 1 });
  if (rng.next() < 0.7) {
    e('followup', 'SatisfactionRecorded', resolved + 86_400_000, 1, {
      satisfaction: 1 + rng.int(5),
      recordedAt: at(resolved + 86_400_000),
    });
  }
  if (rng.next() < 0.2) {
    e('followup', 'ComplaintReopened', resolved + 2 * 86_400_000, 2, {
      reopenedAt: at(resolved + 2 * 86_400_000),
    });
    e('resolution', 'ComplaintResolved', resolved + 3 * 86_400_000, v++, {
      resolvedAt: at(resolved + 3 * 86_400_000),
      round: 2,
    });
  }
  if (rng.next() < 0.6) {
    e('followup', 'ComplaintClosed', resolved + 5 * 86_400_000, 3, {
      closedAt: at(resolved + 5 * 86_400_000),
      outcome: 'resolved',
    });
  }
  return { id, events };
}

/**
 * Applies the events as consumers would: each topic's events in a shuffled order (late and
 * out-of-order arrivals, e.g. a resolution before its registration), in batches of a few, the
 * four topics' batches in transactions side by side.
 */
async function applyShuffled(
  rng: ReturnType<typeof random>,
  events: Array<{ source: Source; event: ProjectedEvent }>,
) {
  const bySource = new Map<Source, ProjectedEvent[]>();
  for (const { source, event } of events) {
    bySource.set(source, [...(bySource.get(source) ?? []), event]);
  }
  await Promise.all(
    [...bySource].map(async ([source, list]) => {
      for (let i = list.length - 1; i > 0; i -= 1) {
        const j = rng.int(i + 1);
        [list[i], list[j]] = [list[j] as ProjectedEvent, list[i] as ProjectedEvent];
      }
      let offset = 0;
      while (offset < list.length) {
        const size = 1 + rng.int(40);
        const batch: PartitionBatch = {
          topic: `complaints.${source}.v1`,
          partition: 0,
          nextOffset: String(offset + size),
          events: list.slice(offset, offset + size),
        };
        offset += size;
        await inTransaction(pool, (tx) => applyToProjection(tx, version, [batch]));
      }
    }),
  );
}

/** Rows of a query over the projection, sorted, as JSON: for exact comparisons. */
async function rowsOf(sql: string, params: unknown[] = []): Promise<string[]> {
  const { rows } = await pool.query(sql, params);
  return rows.map((row) => JSON.stringify(row)).sort();
}

const admin: AuthUser = { sub: 'sup', roles: ['supervisor'] } as AuthUser;

describe('the daily rollup', () => {
  it('equals what the complaint rows give, whatever the order events arrive in', async () => {
    const tag = randomUUID().slice(0, 8);
    const rng = random(20_260_309);
    const events = Array.from({ length: 300 }, () => complaintEvents(rng, tag)).flatMap(
      (c) => c.events,
    );
    // Half the history, compared; then the rest (reopens, reclassifications, late registrations
    // of complaints already in the rows), compared again.
    const half = Math.floor(events.length / 2);
    for (const part of [events.slice(0, half), events.slice(half)]) {
      await applyShuffled(rng, part);
      const raw = rawViewQueries(version, TZ);
      const rolled = rollupViewQueries(version, TZ);
      for (const view of ['monthly_report', 'sla_compliance', 'department_scorecard'] as const) {
        const [expected, actual] = await Promise.all([
          rowsOf(raw[view as BiViewName]),
          rowsOf(rolled[view as BiViewName]),
        ]);
        expect(expected.length).toBeGreaterThan(5);
        expect(actual).toEqual(expected);
      }
      const { rows: negative } = await pool.query(
        `SELECT count(*)::int AS n FROM ${projectionTables(version).daily}
          WHERE complaints < 0 OR resolved < 0 OR closed < 0 OR satisfaction_count < 0`,
      );
      expect(negative[0].n).toBe(0);
    }

    // The API's overview: rollup for whole days and complaint rows for the ends of the period,
    // against the rows alone, for periods starting and ending at any minute.
    const queries = new AnalyticsQueries(
      pool,
      { ANALYTICS_TIME_ZONE: TZ } as AnalyticsConfig,
      versions,
      {} as FindingsQueries,
    );
    const scoped: AuthUser = {
      sub: 'agent',
      roles: ['agent'],
      department: `quality-${tag}`,
    } as AuthUser;
    const periods: Array<[string, string]> = [
      ['2026-03-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
      ['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z'], // a local month exactly
      ['2026-03-10T17:30:00.000Z', '2026-03-11T02:00:00.000Z'], // within one local day
      ['2026-03-10T15:59:00.000Z', '2026-03-11T16:01:00.000Z'], // across two midnights
    ];
    for (let i = 0; i < 8; i += 1) {
      const from = Date.UTC(2026, 2, 1) + rng.int(50 * 1440) * 60_000;
      periods.push([
        new Date(from).toISOString(),
        new Date(from + rng.int(20 * 1440) * 60_000).toISOString(),
      ]);
    }
    for (const [from, to] of periods) {
      for (const user of [admin, scoped]) {
        const [fromRollup, fromRows] = await Promise.all([
          queries.overview(user, { from, to }),
          queries.overviewFromRows(user, { from, to }),
        ]);
        expect(fromRollup).toEqual(fromRows);
      }
      // One department's (the console's scorecard) alike.
      const department = { from, to, department: `quality-${tag}` };
      const [ofRollup, ofRows] = await Promise.all([
        queries.overview(admin, department),
        queries.overviewFromRows(admin, department),
      ]);
      expect(ofRollup).toEqual(ofRows);
      expect(ofRollup).toEqual(await queries.overview(scoped, { from, to }));
    }
    const month = await queries.overview(admin, {
      from: '2026-02-28T16:00:00.000Z',
      to: '2026-03-31T16:00:00.000Z',
    });
    expect(month.complaints).toBeGreaterThan(100);
  });

  it('is filled from the rows for a version made before rollups, and the views then read it', async () => {
    const t = projectionTables(version);
    const before = await rowsOf(`SELECT * FROM analytics_bi.monthly_report`);
    // As a release before the rollup left the live version: views over the rows, no rollup.
    for (const statement of biViewsSql(version, TZ, null)) await pool.query(statement);
    await pool.query(`DROP TABLE ${t.daily}`);
    await pool.query(
      `UPDATE analytics.projection_versions SET rollup_time_zone = NULL WHERE version = $1`,
      [version],
    );
    await versions.ensureLive();
    expect(await rowsOf(`SELECT * FROM analytics_bi.monthly_report`)).toEqual(before);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM ${t.daily} WHERE complaints > 0`,
    );
    expect(rows[0].n).toBeGreaterThan(0);
    const { rows: view } = await pool.query(
      `SELECT pg_get_viewdef('analytics_bi.monthly_report') AS def`,
    );
    expect(view[0].def).toContain(`daily_v${version}`);
  });

  it('is set aside while the configured time zone differs from the one it counts days in', async () => {
    const other = new ProjectionVersions(pool, 'Europe/Berlin');
    await other.ensureLive();
    const { rows: view } = await pool.query(
      `SELECT pg_get_viewdef('analytics_bi.monthly_report') AS def`,
    );
    expect(view[0].def).not.toContain(`daily_v${version}`);
    expect(await other.liveForQueries()).toEqual({ version, rollup: false });
    await versions.ensureLive();
    expect(await versions.liveForQueries()).toEqual({ version, rollup: true });
  });

  it('is in the unlogged tables of a version being rebuilt, logged before the version goes live', async () => {
    const persistence = async (v: number) => {
      const t = projectionTables(v);
      const { rows } = await pool.query<{ p: string }>(
        `SELECT relpersistence AS p FROM pg_class
          WHERE oid = ANY (ARRAY[$1, $2, $3, $4]::regclass[])`,
        [t.complaints, t.events, t.offsets, t.daily],
      );
      return rows.map((r) => r.p).join('');
    };
    const building = await versions.startBuilding();
    expect(await persistence(building)).toBe('uuuu');
    await versions.makeDurable(building);
    expect(await persistence(building)).toBe('pppp');
    await versions.fail(building);
  });
});
