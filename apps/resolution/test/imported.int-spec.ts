import type { Pool } from 'pg';
import request from 'supertest';
import { FixedClock } from '@redress/business-time';
import { TOPICS, type CloudEvent } from '@redress/contracts';
import {
  TopicReader,
  publishEvents,
  uniqueName,
  waitFor,
  type ReadMessage,
} from '@redress/testing';
import { RESOLUTION_PG_POOL } from '../src/application/tokens';
import {
  startResolutionFromNow,
  tokenFor,
  triaged,
  upstream,
  type RunningResolution,
} from './resolution-app';

jest.setTimeout(60_000);

// Monday 23 November 2026, 10:00 in Shanghai: the day of the import.
const MONDAY_10 = '2026-11-23T02:00:00.000Z';
// When the company received the imported complaints: two years earlier.
const RECEIVED = '2024-11-25T02:00:00.000Z';
const clock = new FixedClock(MONDAY_10);
const group = uniqueName('resolution-imported-test');
const supervisor = tokenFor({ sub: 'sup-chen', roles: ['supervisor'] });
const agent = tokenFor({ sub: 'agent-li', roles: ['agent'], department: 'quality' });
let resolution: RunningResolution;
let reader: TopicReader;

beforeAll(async () => {
  ({ resolution, reader } = await startResolutionFromNow(clock, group));
}, 120_000);

afterAll(async () => {
  await resolution?.app.close();
  await reader?.stop();
});

const http = () => request(resolution.app.getHttpServer());
const pool = () => resolution.app.get<Pool>(RESOLUTION_PG_POOL);
const typeOf = (m: ReadMessage) => (m.json as { type: string }).type;

/** Triage's decision about a complaint imported today, received two years ago. */
function importedTriaged() {
  return triaged(RECEIVED, { imported: true, triagedAt: MONDAY_10 });
}

function withdrawal(complaintId: string, streamversion: number): CloudEvent {
  return upstream(
    'intake',
    'ComplaintWithdrawn',
    complaintId,
    { complaintId, withdrawnAt: MONDAY_10 },
    MONDAY_10,
    streamversion,
  );
}

async function processed(eventId: string): Promise<boolean> {
  const { rowCount } = await pool().query(
    'SELECT 1 FROM resolution.processed_events WHERE event_id = $1',
    [eventId],
  );
  return rowCount === 1;
}

async function untilProcessed(...events: CloudEvent[]): Promise<void> {
  for (const event of events) {
    await waitFor(() => processed(event.id), { description: `${event.type} ${event.id} handled` });
  }
}

/** What resolution keeps about a complaint: its stream, queue row, timers and parked events. */
async function traces(complaintId: string) {
  const count = async (sql: string) =>
    (await pool().query<{ n: number }>(sql, [complaintId])).rows[0]!.n;
  return {
    events: await count(
      'SELECT count(*)::int AS n FROM resolution.events WHERE stream_id = $1::text',
    ),
    cases: await count('SELECT count(*)::int AS n FROM resolution.cases WHERE complaint_id = $1'),
    timers: await count(
      `SELECT count(*)::int AS n FROM resolution.timers WHERE key LIKE '%' || $1::text`,
    ),
    parked: await count(
      'SELECT count(*)::int AS n FROM resolution.parked_events WHERE complaint_id = $1',
    ),
  };
}

const NOTHING = { events: 0, cases: 0, timers: 0, parked: 0 };

describe('an imported complaint', () => {
  it('opens no case, while a live complaint decided beside it still opens one', async () => {
    const history = importedTriaged();
    const live = triaged(MONDAY_10);
    const id = history.data.complaintId;
    await publishEvents(TOPICS.triage, [history, live]);

    await reader.waitForMessages(
      (m) => m.key === live.data.complaintId && typeOf(m) === 'CaseOpened',
    );
    await untilProcessed(history);
    expect(await traces(id)).toEqual(NOTHING);
    // No case: nothing can resolve it, so follow-up (which acts on ComplaintResolved) is sent
    // nothing to schedule.
    await http().get(`/cases/${id}`).auth(supervisor, { type: 'bearer' }).expect(404);
    await http()
      .post(`/cases/${id}/resolution`)
      .auth(agent, { type: 'bearer' })
      .send({ summary: 'history' })
      .expect(404);
    await resolution.messaging.drain({ timeoutMs: 10_000 });
    expect(reader.messages.filter((m) => m.key === id)).toEqual([]);
  });

  it('drops a withdrawal parked before its decision arrived, and one that comes after', async () => {
    const history = importedTriaged();
    const id = history.data.complaintId;
    const early = withdrawal(id, 3);
    await publishEvents(TOPICS.intake, [early]);
    await untilProcessed(early);
    expect((await traces(id)).parked).toBe(1);

    await publishEvents(TOPICS.triage, [history]);
    await untilProcessed(history);
    expect(await traces(id)).toEqual(NOTHING);

    const late = withdrawal(id, 4);
    await publishEvents(TOPICS.intake, [late]);
    await untilProcessed(late);
    expect(await traces(id)).toEqual(NOTHING);
    await resolution.messaging.drain({ timeoutMs: 10_000 });
    expect(reader.messages.filter((m) => m.key === id)).toEqual([]);
  });
});
