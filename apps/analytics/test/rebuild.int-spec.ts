import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client, type Pool } from 'pg';
import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import { cloudEvent, publishEvents } from '@redress/testing';
import { LiveProjection } from '../src/application/live-projection';
import { ANALYTICS_PG_POOL } from '../src/application/tokens';
import {
  freshWorld,
  rebuildThroughApi,
  startAnalytics,
  tokenFor,
  type AnalyticsTestWorld,
} from './analytics-app';

jest.setTimeout(180_000);

let app: INestApplication;
let world: AnalyticsTestWorld;
const admin = tokenFor({ sub: 'admin-he', roles: ['admin'] });

beforeAll(async () => {
  world = await freshWorld('rebuild');
  app = await startAnalytics(world);
  await app.get(LiveProjection).joined();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

/** A complaint's registration and resolution, on two topics. */
function complaintEvents(i: number) {
  const id = randomUUID();
  const at = new Date(Date.UTC(2026, 10, 1 + (i % 28), 2, i % 60)).toISOString();
  const registered = cloudEvent('/redress/intake', 'ComplaintRegistered', id, {
    complaintId: id,
    trackingNo: `RD-20261101-${id.slice(0, 8).toUpperCase()}`,
    channel: ['web', 'hotline', 'app'][i % 3],
    customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz' },
    subject: { type: 'product' },
    description: '包装破损',
    desiredRemedies: [],
    complainantCount: 1,
    flags: {
      lawsuitFiled: false,
      legalThreat: false,
      mediaExposed: false,
      mediaThreat: false,
      regulatorInvolved: false,
      safetyIncident: false,
    },
    attachments: [],
    registeredAt: at,
  });
  registered.time = at;
  const resolved = cloudEvent(
    '/redress/resolution',
    'ComplaintResolved',
    id,
    {
      complaintId: id,
      resolvedAt: at,
      round: 1,
    },
    3,
  );
  return { intake: [registered], resolution: i % 2 === 0 ? [resolved] : [] };
}

async function publish(from: number, count: number): Promise<void> {
  const batch = Array.from({ length: count }, (_, k) => complaintEvents(from + k));
  await publishEvents(
    TOPICS.intake,
    batch.flatMap((b) => b.intake),
    world.kafka,
  );
  await publishEvents(
    TOPICS.resolution,
    batch.flatMap((b) => b.resolution),
    world.kafka,
  );
}

async function rows(version: number): Promise<unknown[]> {
  const pool = app.get<Pool>(ANALYTICS_PG_POOL);
  const { rows: all } = await pool.query(
    `SELECT * FROM analytics.complaints_v${version} ORDER BY complaint_id`,
  );
  return all;
}

const rebuild = () => rebuildThroughApi(app, admin);

describe('rebuild by replay', () => {
  it('fills a new version while live processing goes on, switches, and equals a later rebuild', async () => {
    await publish(0, 300);
    await app.get(LiveProjection).caughtUp();
    const bi = new Client({ connectionString: world.biReaderUrl });
    await bi.connect();
    try {
      // BI reads all the while: never an empty projection.
      let reading = true;
      const counts: number[] = [];
      const reader = (async () => {
        while (reading) {
          const { rows: r } = await bi.query('SELECT count(*)::int AS n FROM complaints');
          counts.push(r[0].n as number);
        }
      })();
      // Under live load: more complaints arrive during the rebuild.
      const load = (async () => {
        for (let round = 0; round < 10; round += 1) await publish(300 + round * 30, 30);
      })();
      const first = await rebuild();
      await load;
      reading = false;
      await reader;
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(300);
      expect(first.version).toBe(2);

      // Live processing goes on in the new version; a second rebuild of the same log equals it.
      await app.get(LiveProjection).caughtUp();
      const live = await rows(first.version);
      expect(live).toHaveLength(600);
      // Every complaint's registration and resolution are in its row (none lost to a race).
      expect(
        live.filter((r) => (r as { tracking_no: string | null }).tracking_no === null),
      ).toEqual([]);
      expect(live.filter((r) => (r as { status: string }).status === 'resolved')).toHaveLength(300);
      const second = await rebuild();
      await app.get(LiveProjection).caughtUp();
      expect(await rows(second.version)).toEqual(live);
      const { rows: viewed } = await bi.query('SELECT count(*)::int AS n FROM complaints');
      expect(viewed[0].n).toBe(600);
    } finally {
      await bi.end();
    }
  });
});

describe('shutdown during a rebuild', () => {
  it('stops live consumption for good: the ending rebuild does not start it again', async () => {
    const own = await startAnalytics(await freshWorld('rebuild_shutdown'));
    const live = own.get(LiveProjection);
    await live.joined();
    expect(live.consuming).toBe(true);
    await request(own.getHttpServer())
      .post('/analytics/rebuild')
      .auth(admin, { type: 'bearer' })
      .expect(202);
    // The rebuild is still replaying: shutting down ends it, and its failure path must not
    // resume live consumption on a database pool that is being closed.
    await own.close();
    expect(live.consuming).toBe(false);
  });
});
