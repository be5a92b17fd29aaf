import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ProjectedEvent } from '../src/domain/complaint-projection';
import { DIRECT, freshWorld, project, startAnalytics, tokenFor } from './analytics-app';

jest.setTimeout(60_000);

let app: INestApplication;
const department = `dept-${randomUUID().slice(0, 8)}`;
const analyst = tokenFor({ sub: 'analyst-ma', roles: ['analyst'], department });
const outsider = tokenFor({ sub: 'analyst-qi', roles: ['analyst'], department: 'logistics' });
const supervisor = tokenFor({ sub: 'sup', roles: ['supervisor'] });

function event(
  source: string,
  type: string,
  complaintId: string,
  time: string,
  streamVersion: number,
  data: Record<string, unknown>,
): ProjectedEvent {
  return { id: randomUUID(), type, source, time, streamVersion, data: { complaintId, ...data } };
}

const ids = [randomUUID(), randomUUID(), randomUUID()];

beforeAll(async () => {
  app = await startAnalytics(await freshWorld('api'));
  // Three complaints received in November 2026 (Shanghai time): two on the web, one by hotline,
  // one of them closed after a published case study.
  const events = ids.flatMap((id, i) => {
    const at = `2026-11-${10 + i}T02:00:00.000Z`;
    return [
      event('/redress/intake', 'ComplaintRegistered', id, at, 1, {
        channel: i === 2 ? 'hotline' : 'web',
        customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz' },
        subject: { type: 'product' },
        region: 'shanghai',
        registeredAt: at,
      }),
      event('/redress/triage', 'ComplaintTriaged', id, at, 1, {
        type: 'product',
        category: i === 0 ? 'packaging' : 'quality',
        severity: 'general',
        escalationClass: 'general',
        department,
        customerTier: 'unknown',
        deadlines: { resolveBy: `2026-11-${13 + i}T02:00:00.000Z` },
        triagedAt: at,
      }),
    ];
  });
  const first = ids[0]!;
  events.push(
    event('/redress/resolution', 'ComplaintResolved', first, '2026-11-11T02:00:00.000Z', 5, {
      resolvedAt: '2026-11-11T02:00:00.000Z',
      round: 1,
    }),
    event('/redress/followup', 'SatisfactionRecorded', first, '2026-11-12T02:00:00.000Z', 2, {
      satisfaction: 4,
      recordedAt: '2026-11-12T02:00:00.000Z',
    }),
    event('/redress/followup', 'ComplaintClosed', first, '2026-11-12T02:00:00.000Z', 3, {
      closedAt: '2026-11-12T02:00:00.000Z',
      outcome: 'satisfied',
    }),
    event('/redress/followup', 'CaseStudyPublished', first, '2026-11-13T02:00:00.000Z', 4, {
      title: '包装破损的处理',
      category: 'packaging',
    }),
  );
  await project(app, [{ topic: DIRECT, partition: 0, nextOffset: '100', events }]);
});

afterAll(async () => {
  await app?.close();
});

const http = () => request(app.getHttpServer());

describe('the Analytics API over the projection', () => {
  it('shows one complaint’s events from every service in order, within scope', async () => {
    const res = await http()
      .get(`/analytics/complaints/${ids[0]}/timeline`)
      .auth(analyst, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ComplaintRegistered',
      'ComplaintTriaged',
      'ComplaintResolved',
      'SatisfactionRecorded',
      'ComplaintClosed',
      'CaseStudyPublished',
    ]);
    expect(
      (
        await http()
          .get(`/analytics/complaints/${ids[0]}/timeline`)
          .auth(outsider, { type: 'bearer' })
      ).status,
    ).toBe(404);
    expect(
      (
        await http()
          .get(`/analytics/complaints/${randomUUID()}/timeline`)
          .auth(supervisor, { type: 'bearer' })
      ).status,
    ).toBe(404);
  });

  it('answers the overview of a period, and 400 naming a bad bound', async () => {
    const res = await http()
      .get('/analytics/overview?from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00')
      .auth(analyst, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      complaints: 3,
      resolved: 1,
      closed: 1,
      averageSatisfaction: 4,
    });
    expect(res.body.byDimension.channel).toEqual([
      { value: 'web', complaints: 2 },
      { value: 'hotline', complaints: 1 },
    ]);
    const bad = await http()
      .get('/analytics/overview?from=yesterday&to=2026-12-01')
      .auth(analyst, { type: 'bearer' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'from' }));
  });

  it('answers the overview of one department for the scorecard, 403 outside the caller’s scope', async () => {
    const period = 'from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00';
    const own = await http()
      .get(`/analytics/overview?${period}&department=${department}`)
      .auth(supervisor, { type: 'bearer' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ complaints: 3, resolved: 1, averageSatisfaction: 4 });
    expect(own.body.byDimension.department).toEqual([{ value: department, complaints: 3 }]);
    const other = await http()
      .get(`/analytics/overview?${period}&department=logistics-${department}`)
      .auth(supervisor, { type: 'bearer' });
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ complaints: 0, averageSatisfaction: null });
    const outside = await http()
      .get(`/analytics/overview?${period}&department=${department}`)
      .auth(outsider, { type: 'bearer' });
    expect(outside.status).toBe(403);
  });

  it('reports the month in JSON and CSV, with the month’s typical cases', async () => {
    const json = await http()
      .get('/analytics/reports/monthly?month=2026-11')
      .auth(analyst, { type: 'bearer' });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ month: '2026-11', complaints: 3, timeZone: 'Asia/Shanghai' });
    expect(json.body.typicalCases).toEqual([
      { complaintId: ids[0], title: '包装破损的处理', category: 'packaging' },
    ]);
    expect(json.body.byDimension.category).toEqual([
      { value: 'quality', complaints: 2 },
      { value: 'packaging', complaints: 1 },
    ]);
    const csv = await http()
      .get('/analytics/reports/monthly?month=2026-11')
      .set('Accept', 'text/csv')
      .auth(analyst, { type: 'bearer' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual(
      expect.arrayContaining(['2026-11,complaints,,,3', '2026-11,complaints,channel,web,2']),
    );
    const bad = await http()
      .get('/analytics/reports/monthly?month=2026-13')
      .auth(analyst, { type: 'bearer' });
    expect(bad.status).toBe(400);
  });
});
