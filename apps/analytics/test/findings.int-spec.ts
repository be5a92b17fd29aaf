import type { INestApplication } from '@nestjs/common';
import { Client, type Pool } from 'pg';
import request from 'supertest';
import {
  ANALYTICS_EVENTS,
  EventRegistry,
  TOPICS,
  type HotTopicDetectedData,
  type TrendAlertRaisedData,
} from '@redress/contracts';
import { readTopicsToEnd, waitFor } from '@redress/testing';
import { FindingsOutbox } from '../src/application/findings/findings-outbox';
import { FindingsWorker } from '../src/application/findings/findings-worker';
import { LiveProjection } from '../src/application/live-projection';
import { ANALYTICS_PG_POOL } from '../src/application/tokens';
import {
  compileAnalyticsPolicy,
  DEFAULT_ANALYTICS_POLICY,
  findingsAsOf,
  type WindowRecord,
} from '../src/domain';
import { clock, history, onHistoryDay, publishHistory } from './complaint-history';
import {
  freshWorld,
  rebuildThroughApi,
  startAnalytics,
  tokenFor,
  type AnalyticsTestWorld,
} from './analytics-app';

jest.setTimeout(240_000);

/**
 * The detectors in the service, from events on real Kafka to findings on
 * `complaints.analytics.v1`, the BI views and the API: 32 days of complaints about four products
 * from two regions, and on day 24 a surge — 30 complaints about battery swelling in SKU-A's batch
 * B7, and 25 more east/logistics complaints.
 */
const policy = compileAnalyticsPolicy(DEFAULT_ANALYTICS_POLICY);
const DAY0 = clock.indexOf(Date.parse('2026-10-01T00:00:00+08:00'));
const SURGE_DAY = 24;

const supervisor = tokenFor({ sub: 'sup-lin', roles: ['supervisor'] });
const head = tokenFor({ sub: 'head-wu', roles: ['department_head'], department: 'quality' });
const admin = tokenFor({ sub: 'admin-he', roles: ['admin'] });
const agent = tokenFor({ sub: 'agent-li', roles: ['agent'], department: 'quality' });

let world: AnalyticsTestWorld;
let app: INestApplication | undefined;
let bi: Client;

const { days, batchSurge, regionSurge } = history(DAY0, SURGE_DAY);
const onDay = (day: number, hour: number) => onHistoryDay(DAY0, day, hour);
const publishDays = (from: number, to: number) =>
  publishHistory(days.slice(from, to).flat(), world.kafka);

const analyticsEvents = new EventRegistry(ANALYTICS_EVENTS);

/** Every record of the analytics topic, parsed against the contract. */
async function published() {
  await app!.get(FindingsOutbox).drain({ timeoutMs: 60_000 });
  const events: Array<NonNullable<ReturnType<typeof analyticsEvents.parse>>> = [];
  await readTopicsToEnd(
    [TOPICS.analytics],
    (m) => {
      const event = analyticsEvents.parse(m.json);
      if (event === null) throw new Error(`not an analytics event: ${JSON.stringify(m.value)}`);
      events.push(event);
    },
    world.kafka,
  );
  return events;
}

async function start(env: Record<string, string> = {}): Promise<INestApplication> {
  const started = await startAnalytics(world, {
    ANALYTICS_FINDINGS_INTERVAL_MS: '3600000',
    ...env,
  });
  await started.get(LiveProjection).joined();
  return started;
}

const get = (path: string, token: string) =>
  request(app!.getHttpServer()).get(path).auth(token, { type: 'bearer' });

beforeAll(async () => {
  world = await freshWorld('findings');
  app = await start();
  bi = new Client({ connectionString: world.biReaderUrl });
  await bi.connect();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await bi?.end();
});

describe('findings from events on Kafka (DOMAIN §5)', () => {
  it('closes each day once event time has passed it and publishes its surges, once', async () => {
    await publishDays(0, 27);
    await app!.get(LiveProjection).caughtUp();
    const worker = app!.get(FindingsWorker);
    // Event time reached day 26: days 0 … 25 are closed, day 26 is not over.
    expect(await worker.closeDueWindows()).toBe(26);
    expect(await worker.closeDueWindows()).toBe(0);

    const events = await published();
    const alerts = events.filter((e) => e.type === 'TrendAlertRaised');
    const surgeWindow = clock.bounds(DAY0 + SURGE_DAY);
    const regional = alerts
      .map((e) => e.data as TrendAlertRaisedData)
      .find((a) => a.dimension === 'region_category' && a.value === 'east/logistics');
    expect(regional).toMatchObject({ raisedAt: surgeWindow.end });
    expect(regional?.observed).toBeGreaterThanOrEqual(regionSurge.length);
    const topics = events.filter((e) => e.type === 'HotTopicDetected');
    const batch = topics.find((e) => e.data.kind === 'batch')?.data as HotTopicDetectedData;
    expect(batch).toMatchObject({
      key: 'SKU-A#B7',
      productSku: 'SKU-A',
      subjectType: 'product',
      complaintCount: 30,
      detectedAt: surgeWindow.end,
    });
    expect(batch.members).toEqual(batchSurge.map((c) => c.id).sort());
    // A finding is keyed by what it is about, once each.
    const subjects = events.map((e) => e.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(events.every((e) => e.source === '/redress/analytics')).toBe(true);
    // Before the surge, nothing: the baseline is quiet.
    expect(
      alerts.filter(
        (e) =>
          Date.parse((e.data as TrendAlertRaisedData).raisedAt) <= Date.parse(surgeWindow.start),
      ),
    ).toEqual([]);
  });

  it('answers trends, hot topics and hot words for a period as they stood then', async () => {
    const surge = clock.bounds(DAY0 + SURGE_DAY);
    const period = `from=${surge.start}&to=${surge.end}`;
    const trends = await get(`/analytics/trends?${period}`, head).expect(200);
    expect(trends.body.alerts).toContainEqual(
      expect.objectContaining({ dimension: 'region_category', value: 'east/logistics' }),
    );
    // As of just before the window closed (its end + the allowed lateness): not raised yet.
    const closesAt = Date.parse(surge.end) + policy.allowedLatenessMs;
    const before = await get(
      `/analytics/trends?${period}&asOf=${new Date(closesAt - 1000).toISOString()}`,
      head,
    ).expect(200);
    expect(before.body.alerts).toEqual([]);
    const only = await get(`/analytics/trends?${period}&dimension=product`, head).expect(200);
    expect(only.body.alerts.every((a: TrendAlertRaisedData) => a.dimension === 'product')).toBe(
      true,
    );

    const bySupervisor = await get(`/analytics/hot-topics?${period}`, supervisor).expect(200);
    const batch = bySupervisor.body.topics.find((t: { kind: string }) => t.kind === 'batch');
    expect(batch).toMatchObject({ key: 'SKU-A#B7', status: 'active' });
    expect(batch.members).toHaveLength(30);
    const byHead = await get(`/analytics/hot-topics?${period}`, head).expect(200);
    expect(byHead.body.topics.find((t: { kind: string }) => t.kind === 'batch')).not.toHaveProperty(
      'members',
    );

    const words = await get(`/analytics/hot-words?${period}`, head).expect(200);
    expect(words.body.windows).toBe(1);
    const phrases = words.body.words.map((w: { phrase: string }) => w.phrase);
    expect(phrases.some((p: string) => p.includes('鼓包'))).toBe(true);
    expect(phrases.some((p: string) => p.includes('快递'))).toBe(false);

    await get(`/analytics/trends?from=${surge.end}&to=${surge.start}`, head)
      .expect(400)
      .expect((res) => expect(JSON.stringify(res.body)).toContain('to'));
    await get(`/analytics/trends?${period}&dimension=weather`, head)
      .expect(400)
      .expect((res) => expect(JSON.stringify(res.body)).toContain('dimension'));
    await get(`/analytics/hot-words?${period}&asOf=yesterday`, head).expect(400);
    await get(`/analytics/hot-topics?${period}`, agent).expect(403);

    const report = await get('/analytics/reports/monthly?month=2026-10', head).expect(200);
    expect(report.body.hotTopics).toContainEqual(
      expect.objectContaining({ kind: 'batch', key: 'SKU-A#B7', complaintCount: 30 }),
    );
    expect(report.body.trendAlerts.length).toBeGreaterThan(0);
  });

  it('stores findings equal to a recomputation from the stored windows', async () => {
    const pool = app!.get<Pool>(ANALYTICS_PG_POOL);
    const { rows } = await pool.query<{ record: WindowRecord }>(
      'SELECT record FROM analytics.finding_windows ORDER BY window_index',
    );
    const recomputed = findingsAsOf(
      rows.map((r) => r.record),
      policy,
      { asOf: onDay(40, 0), from: onDay(0, 0), to: onDay(40, 0) },
    );
    const { rows: stored } = await pool.query<{ data: TrendAlertRaisedData }>(
      `SELECT data FROM analytics.events WHERE type = 'TrendAlertRaised' ORDER BY position`,
    );
    expect(recomputed.trendAlerts.length).toBeGreaterThan(0);
    expect(stored.map((r) => r.data)).toEqual(recomputed.trendAlerts);
  });

  it('lets BI read the findings and the monthly report, and write nothing', async () => {
    const alerts = await bi.query(
      `SELECT dimension, value, observed, score FROM trend_alerts WHERE value = 'east/logistics'`,
    );
    expect(alerts.rows[0]).toMatchObject({ dimension: 'region_category' });
    const topics = await bi.query(
      `SELECT kind, key, complaint_count, status FROM hot_topics WHERE kind = 'batch'`,
    );
    expect(topics.rows).toEqual([
      { kind: 'batch', key: 'SKU-A#B7', complaint_count: 30, status: 'active' },
    ]);
    const monthly = await bi.query(
      `SELECT complaints FROM monthly_report WHERE month = '2026-10-01' AND dimension = 'all'`,
    );
    expect(monthly.rows[0]?.complaints).toBeGreaterThan(400);
    for (const view of ['trend_alerts', 'hot_topics', 'monthly_report']) {
      const { rows: privileges } = await bi.query(
        `SELECT has_table_privilege($1, 'INSERT') OR has_table_privilege($1, 'UPDATE')
                OR has_table_privilege($1, 'DELETE') AS writes`,
        [view],
      );
      expect(privileges[0]).toEqual({ writes: false });
    }
    await expect(
      bi.query(`DELETE FROM trend_alerts WHERE value = 'east/logistics'`),
    ).rejects.toThrow(/permission denied|cannot delete|read-only/);
    await expect(bi.query(`UPDATE hot_topics SET key = 'x'`)).rejects.toThrow(
      /permission denied|cannot update|read-only/,
    );
  });

  it('publishes nothing again when the projection is rebuilt by replay', async () => {
    const before = (await published()).length;
    await rebuildThroughApi(app!, admin);
    expect(await app!.get(FindingsWorker).closeDueWindows()).toBe(0);
    expect((await published()).length).toBe(before);
  });

  it('takes up where it left off after a restart, on its own schedule: the batch topic cools', async () => {
    await app!.close();
    app = await start({ ANALYTICS_FINDINGS_INTERVAL_MS: '300' });
    await publishDays(27, 32);
    await app.get(LiveProjection).caughtUp();
    const events = await waitFor(
      async () => {
        const all = await published();
        return all.some((e) => e.type === 'HotTopicCooled') ? all : undefined;
      },
      { description: 'a hot topic cooling after the restart', timeoutMs: 60_000, intervalMs: 500 },
    );
    const batch = events.find((e) => e.type === 'HotTopicDetected' && e.data.kind === 'batch');
    const cooled = events.filter(
      (e) => e.type === 'HotTopicCooled' && e.subject === batch?.subject,
    );
    expect(cooled).toHaveLength(1);
    expect(cooled[0]?.streamversion).toBe(2);
    const pool = app.get<Pool>(ANALYTICS_PG_POOL);
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM analytics.finding_windows',
    );
    // Days 0 … 30 closed (event time reached day 31), each once.
    expect(rows[0]?.n).toBe(31);
  });
});
