import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import request from 'supertest';
import { FixedClock } from '@redress/business-time';
import { TOPICS, type CloudEvent, type ComplaintDeadlinesReissuedData } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import { TopicReader, cloudEvent, publishEvents, uniqueName, waitFor } from '@redress/testing';
import { TRIAGE_EVENT_STORE, TRIAGE_PG_POOL } from '../src/application/tokens';
import { registered } from './inbound';
import { of, startTriageFromNow, tokenFor, type RunningTriage } from './triage-app';

jest.setTimeout(60_000);

// Registered Monday 23 November 2026, 10:00 in Shanghai (a working day).
const REGISTERED_AT = '2026-11-23T02:00:00.000Z';
// Resolved Tuesday 15:00, reopened by follow-up Wednesday 25 November, 10:00 in Shanghai.
const RESOLVED_AT = '2026-11-24T07:00:00.000Z';
const REOPENED_AT = '2026-11-25T02:00:00.000Z';
const clock = new FixedClock(REGISTERED_AT);
const group = uniqueName('triage-reopen-test');
let triage: RunningTriage;
let reader: TopicReader;

beforeAll(async () => {
  ({ triage, reader } = await startTriageFromNow(clock, group));
}, 120_000);

afterAll(async () => {
  await triage?.app.close();
  await reader?.stop();
});

/** An event of follow-up's or resolution's stream, stamped with the time its service wrote it. */
function upstreamEvent<T>(
  service: string,
  type: string,
  complaintId: string,
  data: T,
  time: string,
  streamversion: number,
  id?: ReturnType<typeof randomUUID>,
): CloudEvent<string, T> {
  const event = cloudEvent(`/redress/${service}`, type, complaintId, data, streamversion);
  event.time = time;
  if (id) event.id = id;
  return event;
}

/** Registers a general complaint, lets triage triage it, and has resolution resolve it. */
async function triagedAndResolved(): Promise<{ id: string; triaged: Record<string, unknown> }> {
  clock.set(REGISTERED_AT);
  const event = registered({
    registeredAt: REGISTERED_AT,
    description: '屏幕有划痕',
  });
  const id = event.data.complaintId;
  await publishEvents(TOPICS.intake, [event]);
  const [triaged] = await reader.waitForMessages(of(id, 'ComplaintTriaged'));
  const data = (triaged!.json as { data: Record<string, unknown> }).data;
  expect(data.severity).toBe('general');
  await publishEvents(TOPICS.resolution, [
    upstreamEvent(
      'resolution',
      'ComplaintResolved',
      id,
      { complaintId: id, resolvedAt: RESOLVED_AT },
      RESOLVED_AT,
      5,
    ),
  ]);
  await waitFor(async () => (await lifecycleOf(id)) === 'resolved', {
    description: 'the resolution to be recorded',
  });
  return { id, triaged: data };
}

function reopening(id: string, eventId?: ReturnType<typeof randomUUID>) {
  return upstreamEvent(
    'followup',
    'ComplaintReopened',
    id,
    { complaintId: id, reopenedAt: REOPENED_AT, reason: 'the screen was not replaced' },
    REOPENED_AT,
    3,
    eventId,
  );
}

async function lifecycleOf(complaintId: string): Promise<string | undefined> {
  const { rows } = await triage.app
    .get<Pool>(TRIAGE_PG_POOL)
    .query<{ lifecycle: string }>(
      'SELECT lifecycle FROM triage.complaints WHERE complaint_id = $1',
      [complaintId],
    );
  return rows[0]?.lifecycle;
}

async function reissuedInStream(complaintId: string): Promise<number> {
  const stream = await triage.app.get<EventStore>(TRIAGE_EVENT_STORE).readStream(complaintId);
  return stream.filter((e) => e.type === 'ComplaintDeadlinesReissued').length;
}

describe('the deadlines of a reopened complaint', () => {
  it('publishes ComplaintDeadlinesReissued counted from reopenedAt on the business calendar, and serves them', async () => {
    const { id, triaged } = await triagedAndResolved();
    // Follow-up's reopening reaches triage an hour after it happened.
    clock.set('2026-11-25T03:00:00.000Z');
    const reopened = reopening(id);
    await publishEvents(TOPICS.followup, [reopened]);

    const [message] = await reader.waitForMessages(of(id, 'ComplaintDeadlinesReissued'));
    expect(message!.json).toMatchObject({
      source: '/redress/triage',
      subject: id,
      causationid: reopened.id,
      correlationid: reopened.correlationid,
    });
    const data = (message!.json as { data: ComplaintDeadlinesReissuedData }).data;
    expect(data).toEqual({
      complaintId: id,
      reissuedAt: '2026-11-25T03:00:00.000Z',
      reopenedAt: REOPENED_AT,
      severity: 'general',
      escalationClass: triaged.escalationClass,
      approver: triaged.approver,
      // General: 24 working hours from Wednesday 10:00 — Wednesday 8 h, Thursday 9 h, Friday
      // 09:00–16:00 (Shanghai), whatever time triage heard of the reopening.
      deadlines: { resolveBy: '2026-11-27T08:00:00.000Z' },
      policyVersion: triaged.policyVersion,
    });

    const served = await request(triage.app.getHttpServer())
      .get(`/triage/${id}`)
      .set('Authorization', `Bearer ${tokenFor({ roles: ['supervisor'] })}`)
      .expect(200);
    expect(served.body.deadlines).toEqual(data.deadlines);

    // The age rules count from receipt (DOMAIN §2), not from the reopening: the 30-day timer
    // stays armed at registration + 30 days.
    const { rows } = await triage.app.get<Pool>(TRIAGE_PG_POOL).query<{ due_at: Date }>(
      `SELECT due_at FROM triage.timers
        WHERE kind = 'triage.escalation' AND payload->>'complaintId' = $1
          AND payload->>'rule' = 'escalation:unresolved-30d'`,
      [id],
    );
    expect(rows.map((r) => r.due_at.toISOString())).toEqual(['2026-12-23T02:00:00.000Z']);
  });

  it('emits nothing more when the reopening is delivered again, under its own id or another', async () => {
    const { id } = await triagedAndResolved();
    clock.set('2026-11-25T02:05:00.000Z');
    // Ids chosen so that the copy sorts after the original: the lifecycle order takes it as
    // the newer fact, and only the stream's own record of the reopening stops a second issue.
    const original = reopening(id, `0${randomUUID().slice(1)}` as ReturnType<typeof randomUUID>);
    const copy = reopening(id, `f${randomUUID().slice(1)}` as ReturnType<typeof randomUUID>);
    await publishEvents(TOPICS.followup, [original]);
    await reader.waitForMessages(of(id, 'ComplaintDeadlinesReissued'));

    clock.set('2026-11-25T04:00:00.000Z');
    // Follow-up's next event for the complaint, on the same partition after the copies: once it
    // is recorded, the copies before it have been handled.
    const closed = upstreamEvent(
      'followup',
      'ComplaintClosed',
      id,
      { complaintId: id, closedAt: '2026-11-25T03:30:00.000Z' },
      '2026-11-25T03:30:00.000Z',
      4,
    );
    await publishEvents(TOPICS.followup, [original, copy, closed]);
    await waitFor(async () => (await lifecycleOf(id)) === 'closed', {
      description: 'the closure after the copies to be recorded',
    });

    expect(await reissuedInStream(id)).toBe(1);
    await triage.messaging.drain({ timeoutMs: 10_000 });
    expect(reader.messages.filter(of(id, 'ComplaintDeadlinesReissued'))).toHaveLength(1);
  });
});
