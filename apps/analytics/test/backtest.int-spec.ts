import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { TOPICS, type TrendAlertRaisedData } from '@redress/contracts';
import { readTopicsToEnd } from '@redress/testing';
import { Backtest } from '../src/application/findings/backtest';
import { FindingsOutbox } from '../src/application/findings/findings-outbox';
import { FindingsWorker } from '../src/application/findings/findings-worker';
import { LiveProjection } from '../src/application/live-projection';
import { clock, history, publishHistory } from './complaint-history';
import { freshWorld, startAnalytics, tokenFor, type AnalyticsTestWorld } from './analytics-app';

jest.setTimeout(180_000);

/**
 * Issue 14's backtest: an enterprise imports 32 days of history (received in May 2026, imported
 * now) with a planted surge on day 20, and then sees it on the day it would have been raised
 * live — not before, and without it being published as news.
 */
const DAY0 = clock.indexOf(Date.parse('2026-05-01T00:00:00+08:00'));
const SURGE_DAY = 20;
const SETTLE_MS = 60_000;
const { days, batchSurge } = history(DAY0, SURGE_DAY, 'B9');

const supervisor = tokenFor({ sub: 'sup-gao', roles: ['supervisor'] });

let world: AnalyticsTestWorld;
let app: INestApplication;
let bi: Client;

const get = (path: string) =>
  request(app.getHttpServer()).get(path).auth(supervisor, { type: 'bearer' });

beforeAll(async () => {
  world = await freshWorld('backtest');
  app = await startAnalytics(world, {
    ANALYTICS_FINDINGS_INTERVAL_MS: '3600000',
    ANALYTICS_BACKTEST_SETTLE_MS: String(SETTLE_MS),
  });
  await app.get(LiveProjection).joined();
  bi = new Client({ connectionString: world.biReaderUrl });
  await bi.connect();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await bi?.end();
});

describe('the backtest of imported history', () => {
  const surge = clock.bounds(DAY0 + SURGE_DAY);
  const dayBefore = clock.bounds(DAY0 + SURGE_DAY - 1);

  it('runs once the import has settled, and finds the planted surge on its day, not before', async () => {
    await publishHistory(days.flat(), world.kafka, new Date().toISOString());
    await app.get(LiveProjection).caughtUp();
    // The live detectors leave imported complaints alone: no day of May closes live.
    expect(await app.get(FindingsWorker).closeDueWindows()).toBe(0);
    const empty = await get(`/analytics/trends?from=${surge.start}&to=${surge.end}`).expect(200);
    expect(empty.body.alerts).toEqual([]);

    const backtest = app.get(Backtest);
    const now = Date.now();
    // First look: the import may still be going on.
    expect(await backtest.runIfDue(now)).toBeUndefined();
    expect(await backtest.runIfDue(now + SETTLE_MS / 2)).toBeUndefined();
    const run = await backtest.runIfDue(now + SETTLE_MS + 1);
    expect(run).toMatchObject({ imported: days.flat().length, windows: 32, cutoffWindow: null });
    // Up to date: nothing more to do.
    expect(await backtest.runIfDue(now + 3 * SETTLE_MS)).toBeUndefined();

    const trends = await get(`/analytics/trends?from=${surge.start}&to=${surge.end}`).expect(200);
    const regional = trends.body.alerts.find(
      (a: TrendAlertRaisedData) =>
        a.dimension === 'region_category' && a.value === 'east/logistics',
    );
    expect(regional).toMatchObject({ raisedAt: surge.end, source: 'backtest' });
    // As of the surge day's end (before the allowed lateness), it had not been raised yet.
    const early = await get(
      `/analytics/trends?from=${surge.start}&to=${surge.end}&asOf=${surge.end}`,
    ).expect(200);
    expect(early.body.alerts).toEqual([]);
    const before = await get(
      `/analytics/trends?from=${clock.bounds(DAY0).start}&to=${dayBefore.end}`,
    ).expect(200);
    expect(before.body.alerts).toEqual([]);

    const topics = await get(`/analytics/hot-topics?from=${surge.start}&to=${surge.end}`).expect(
      200,
    );
    const batch = topics.body.topics.find((t: { kind: string }) => t.kind === 'batch');
    expect(batch).toMatchObject({ key: 'SKU-A#B9', source: 'backtest', detectedAt: surge.end });
    expect(batch.members).toEqual(batchSurge.map((c) => c.id).sort());
    const words = await get(`/analytics/hot-words?from=${surge.start}&to=${surge.end}`).expect(200);
    expect(words.body.words.some((w: { phrase: string }) => w.phrase.includes('鼓包'))).toBe(true);

    const view = await bi.query(
      `SELECT source, raised_at FROM trend_alerts WHERE value = 'east/logistics'`,
    );
    expect(view.rows).toEqual([{ source: 'backtest', raised_at: new Date(surge.end) }]);
  });

  it('publishes nothing: history is not news', async () => {
    await app.get(FindingsOutbox).drain({ timeoutMs: 30_000 });
    let published = 0;
    await readTopicsToEnd([TOPICS.analytics], () => (published += 1), world.kafka);
    expect(published).toBe(0);
  });

  it('runs again when more history is imported, replacing the last run whole', async () => {
    const more = days
      .slice(0, 2)
      .flat()
      .map((c) => ({ ...c, id: randomUUID() }));
    await publishHistory(more, world.kafka, new Date().toISOString());
    await app.get(LiveProjection).caughtUp();
    const backtest = app.get(Backtest);
    const now = Date.now();
    expect(await backtest.runIfDue(now)).toBeUndefined();
    const run = await backtest.runIfDue(now + SETTLE_MS + 1);
    expect(run).toMatchObject({ imported: days.flat().length + more.length, run: 2 });
    const { rows } = await bi.query(
      `SELECT count(*)::int AS n FROM trend_alerts WHERE value = 'east/logistics'`,
    );
    expect(rows[0]?.n).toBe(1);
  });
});
