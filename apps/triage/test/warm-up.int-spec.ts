import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { systemClock } from '@redress/business-time';
import { TRIAGE_PG_POOL } from '../src/application/tokens';
import { TriageWarmUp } from '../src/application/warm-up';
import { TriageInbox } from '../src/application/inbox/triage-inbox';
import { startTriageFromNow, type RunningTriage } from './triage-app';
import type { TopicReader } from '@redress/testing';
import { registered } from './inbound';

let triage: RunningTriage;
let reader: TopicReader;
let pool: Pool;

beforeAll(async () => {
  ({ triage, reader } = await startTriageFromNow(
    systemClock,
    `triage-warm_${randomUUID().slice(0, 12)}`,
  ));
  pool = triage.app.get<Pool>(TRIAGE_PG_POOL);
}, 120_000);

afterAll(async () => {
  await reader?.stop();
  await triage?.app.close();
});

/** Rows of every table a registration writes, about these complaints and events. */
async function footprint(complaintIds: string[], eventIds: string[]): Promise<number[]> {
  const { rows } = await pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM triage.events WHERE stream_id = ANY($1::text[])) AS events,
            (SELECT count(*) FROM triage.complaints WHERE complaint_id = ANY($1::uuid[])) AS complaints,
            (SELECT count(*) FROM triage.processed_events WHERE event_id = ANY($2::text[])) AS processed,
            (SELECT count(*) FROM triage.timers t, unnest($1::text[]) AS c(id)
              WHERE t.key LIKE '%:' || c.id) AS timers`,
    [complaintIds, eventIds],
  );
  return Object.values(rows[0] ?? {}).map(Number);
}

describe('the warm-up before triage reports ready', () => {
  it('runs registrations through the whole path on several connections and leaves nothing behind', async () => {
    const report = await triage.app.get(TriageWarmUp).warmUp();
    expect(report.connections).toBeGreaterThan(1);
    expect(report.rehearsals).toBe(report.connections * 3);
    expect(new Set(report.complaintIds).size).toBe(report.rehearsals);
    expect(await footprint(report.complaintIds, report.eventIds)).toEqual([0, 0, 0, 0]);
    // Nothing reached the topic either (nothing was committed for the relay to publish).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rehearsed = new Set(report.complaintIds);
    expect(reader.messages.filter((m) => m.key !== null && rehearsed.has(m.key))).toHaveLength(0);
  }, 60_000);

  it('rehearses a registration as the inbox handles it: an invalid one is refused, not rolled back silently', async () => {
    const inbox = triage.app.get(TriageInbox);
    const event = registered({ registeredAt: new Date().toISOString() });
    await expect(
      inbox.rehearse({ ...event, data: { ...event.data, channel: 42 } }, event.subject),
    ).rejects.toThrow();
    await expect(inbox.rehearse(event, 'another-key')).rejects.toThrow(/key/);
    await inbox.rehearse(event, event.subject);
    expect(await footprint([event.data.complaintId], [event.id])).toEqual([0, 0, 0, 0]);
    // The same registration received for real afterwards is decided and stored as usual.
    await expect(inbox.receive(event, event.subject)).resolves.toBe('processed');
    const [events, complaints, processed] = await footprint([event.data.complaintId], [event.id]);
    expect(events).toBeGreaterThanOrEqual(1);
    expect([complaints, processed]).toEqual([1, 1]);
  }, 60_000);
});
