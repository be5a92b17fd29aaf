import type { Pool } from 'pg';
import request from 'supertest';
import { FixedClock } from '@redress/business-time';
import { TOPICS } from '@redress/contracts';
import {
  TopicReader,
  publishEvents,
  uniqueName,
  waitFor,
  type ReadMessage,
} from '@redress/testing';
import { RESOLUTION_PG_POOL } from '../src/application/tokens';
import {
  startResolution,
  startResolutionFromNow,
  tokenFor,
  triaged,
  wholeQueue,
  type RunningResolution,
} from './resolution-app';

jest.setTimeout(90_000);

// A major complaint: its clocks run around the clock (DOMAIN §2), so the arithmetic is plain.
const OPENED = '2026-11-23T02:00:00.000Z';
const RESPOND_BY = '2026-11-23T02:15:00.000Z';
const PLAN_BY = '2026-11-23T04:00:00.000Z';
const RESOLVE_BY = '2026-11-25T02:00:00.000Z';
const clock = new FixedClock(OPENED);
const group = uniqueName('resolution-restart-test');
let resolution: RunningResolution | undefined;
let reader: TopicReader;

afterAll(async () => {
  await resolution?.app.close();
  await reader?.stop();
});

const typeOf = (m: ReadMessage) => (m.json as { type: string }).type;
const dataOf = (m: ReadMessage) => (m.json as { data: Record<string, unknown> }).data;

describe('SLA clocks across a restart', () => {
  it('warns and breaches once each when the service was down as the warning fell due', async () => {
    ({ resolution, reader } = await startResolutionFromNow(clock, group));
    const event = triaged(OPENED, {
      severity: 'major',
      escalationClass: 'major',
      approver: 'product-decision-committee',
      deadlines: { respondBy: RESPOND_BY, planBy: PLAN_BY, resolveBy: RESOLVE_BY },
    });
    const id = event.data.complaintId;
    await publishEvents(TOPICS.triage, [event]);
    await reader.waitForMessages((m) => m.key === id && typeOf(m) === 'CaseOpened');
    const pool = resolution.app.get<Pool>(RESOLUTION_PG_POOL);
    const armed = await waitFor(
      async () => {
        const { rows } = await pool.query<{ key: string }>(
          `SELECT key FROM resolution.timers WHERE key LIKE '%' || $1`,
          [id],
        );
        return rows.length > 0 ? rows.map((r) => r.key) : undefined;
      },
      { description: 'timers armed' },
    );
    expect(armed).toEqual(
      expect.arrayContaining([`sla-warning:respond:${id}`, `sla-breach:respond:${id}`]),
    );

    // Down between scheduling and firing: past the respond clock's warning point (80 % of its
    // 15 minutes) when it comes back, the warning fires then; the breach at the due time.
    await resolution.app.close();
    resolution = undefined;
    clock.set('2026-11-23T02:13:00.000Z');
    resolution = await startResolution({ clock, env: { RESOLUTION_CONSUMER_GROUP: group } });

    const respond = (type: string) => (m: ReadMessage) =>
      m.key === id && typeOf(m) === type && dataOf(m).clock === 'respond';
    const [warning] = await reader.waitForMessages(respond('SlaWarning'));
    expect(reader.messages.filter(respond('SlaBreached'))).toHaveLength(0);
    clock.set('2026-11-23T02:20:00.000Z');
    const [breach] = await reader.waitForMessages(respond('SlaBreached'));
    expect(dataOf(warning!)).toMatchObject({ dueAt: RESPOND_BY, round: 1 });
    expect(dataOf(breach!)).toMatchObject({ dueAt: RESPOND_BY, round: 1 });

    // Firing again finds nothing more for this clock: each was recorded once.
    await resolution.timers.fireDue();
    await resolution.messaging.drain();
    const { rows } = await resolution.app.get<Pool>(RESOLUTION_PG_POOL).query<{ type: string }>(
      `SELECT type FROM resolution.events WHERE stream_id = $1 AND type IN ('SlaWarning', 'SlaBreached')
           AND data->>'clock' = 'respond'`,
      [id],
    );
    expect(rows.map((r) => r.type).sort()).toEqual(['SlaBreached', 'SlaWarning']);
    expect(reader.messages.filter(respond('SlaBreached'))).toHaveLength(1);

    // The queue's breached filter finds it.
    const token = tokenFor({ sub: 'sup', roles: ['supervisor'] });
    const breached = await wholeQueue(
      request(resolution.app.getHttpServer()),
      '/cases?slaState=breached&limit=100',
      token,
    );
    expect(breached).toContainEqual(
      expect.objectContaining({ complaintId: id, slaState: 'breached' }),
    );
  });
});
