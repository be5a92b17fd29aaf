import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { TOPICS } from '@redress/contracts';
import { cloudEvent, publishEvents, waitFor } from '@redress/testing';
import { LiveProjection } from '../src/application/live-projection';
import { freshWorld, startAnalytics, type AnalyticsTestWorld } from './analytics-app';

jest.setTimeout(120_000);

let app: INestApplication | undefined;
let bi: Client;
let world: AnalyticsTestWorld;

beforeAll(async () => {
  world = await freshWorld('live');
  app = await startAnalytics(world);
  await app.get(LiveProjection).joined();
  bi = new Client({ connectionString: world.biReaderUrl });
  await bi.connect();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await bi?.end();
});

function at<T>(event: ReturnType<typeof cloudEvent<T>>, time: string) {
  event.time = time;
  return event;
}

async function rowOf(id: string) {
  const { rows } = await bi.query(
    `SELECT status, channel, department, resolution_met, satisfaction, closure_outcome, event_count
       FROM complaints WHERE complaint_id = $1`,
    [id],
  );
  return rows[0] as Record<string, unknown> | undefined;
}

describe('live consumption from every topic into the BI views', () => {
  it('projects a complaint’s events from four services, each once across a restart', async () => {
    const id = randomUUID();
    const registeredAt = '2026-11-23T02:00:00.000Z';
    const registered = at(
      cloudEvent('/redress/intake', 'ComplaintRegistered', id, {
        complaintId: id,
        trackingNo: `RD-20261123-${id.slice(0, 8).toUpperCase()}`,
        channel: 'wechat',
        customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz', maskedName: '张*' },
        subject: { type: 'product', productSku: 'YG-200' },
        description: '酸奶里有异物',
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
        registeredAt,
      }),
      registeredAt,
    );
    const triaged = at(
      cloudEvent('/redress/triage', 'ComplaintTriaged', id, {
        complaintId: id,
        type: 'product',
        category: 'quality',
        severity: 'general',
        escalationClass: 'general',
        department: 'quality',
        customerTier: 'unknown',
        deadlines: { resolveBy: '2026-11-26T02:00:00.000Z' },
        rulesFired: [{ rule: 'sla:general', reason: 'resolve within 24 working hours' }],
        policyVersion: 1,
        confidence: 0.8,
        needsReview: false,
        notify: [],
        approver: 'project-general-manager',
        reportToHeadquarters: false,
        registeredAt,
        triagedAt: registeredAt,
      }),
      registeredAt,
    );
    const resolved = at(
      cloudEvent(
        '/redress/resolution',
        'ComplaintResolved',
        id,
        {
          complaintId: id,
          resolvedAt: '2026-11-24T02:00:00.000Z',
          round: 1,
          department: 'quality',
          severity: 'general',
          escalationClass: 'general',
          category: 'quality',
        },
        4,
      ),
      '2026-11-24T02:00:00.000Z',
    );
    const surveyed = at(
      cloudEvent(
        '/redress/followup',
        'ComplaintClosed',
        id,
        {
          complaintId: id,
          closedAt: '2026-11-25T02:00:00.000Z',
          outcome: 'satisfied',
        },
        3,
      ),
      '2026-11-25T02:00:00.000Z',
    );
    // Follow-up's closure first: the topics' interleaving does not matter.
    await publishEvents(TOPICS.followup, [surveyed], world.kafka);
    await publishEvents(TOPICS.intake, [registered], world.kafka);
    await publishEvents(TOPICS.triage, [triaged], world.kafka);
    await publishEvents(TOPICS.resolution, [resolved], world.kafka);
    const row = await waitFor(
      async () => {
        const r = await rowOf(id);
        return r?.event_count === 4 ? r : undefined;
      },
      { description: 'the complaint in analytics_bi.complaints', timeoutMs: 60_000 },
    );
    expect(row).toMatchObject({
      status: 'closed',
      channel: 'wechat',
      department: 'quality',
      resolution_met: true,
      closure_outcome: 'satisfied',
    });

    // An outbox that published the resolution twice, and a restart: still one of each.
    await publishEvents(TOPICS.resolution, [resolved], world.kafka);
    await app!.get(LiveProjection).caughtUp();
    await app!.close();
    app = await startAnalytics(world);
    await app.get(LiveProjection).joined();
    await app.get(LiveProjection).caughtUp();
    expect(await rowOf(id)).toMatchObject({ event_count: 4 });
  });
});
