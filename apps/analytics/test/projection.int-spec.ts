import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { applyToProjection, type PartitionBatch } from '../src/application/projection-writer';
import { ProjectionVersions } from '../src/application/projection-versions';
import { inTransaction } from '../src/application/transaction';
import type { ProjectedEvent } from '../src/domain/complaint-projection';
import { migrate } from '../src/persistence/data-source';
import { freshWorld } from './analytics-app';

jest.setTimeout(60_000);

let pool: Pool;
let version: number;

let biReaderUrl: string;

beforeAll(async () => {
  const world = await freshWorld('writer');
  biReaderUrl = world.biReaderUrl;
  const url = world.databaseUrl;
  await migrate(url);
  pool = new Pool({ connectionString: url, max: 4 });
  version = await new ProjectionVersions(pool, 'Asia/Shanghai').ensureLive();
});

afterAll(async () => {
  await pool?.end();
});

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

/** A complaint registered Monday 9 March 2026, 09:00 in Shanghai, triaged, contacted, resolved. */
function resolvedComplaint(department: string, contactedAt: string) {
  const id = randomUUID();
  const registeredAt = '2026-03-09T01:00:00.000Z';
  return {
    id,
    intake: [
      event('/redress/intake', 'ComplaintRegistered', id, registeredAt, 1, {
        trackingNo: `RD-20260309-${id.slice(0, 8).toUpperCase()}`,
        channel: 'web',
        customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz' },
        subject: { type: 'product', productSku: 'YG-200' },
        region: 'shanghai',
        registeredAt,
      }),
    ],
    triage: [
      event('/redress/triage', 'ComplaintTriaged', id, '2026-03-09T01:00:01.000Z', 1, {
        type: 'product',
        category: 'quality',
        severity: 'general',
        escalationClass: 'general',
        department,
        customerTier: 'unknown',
        deadlines: { respondBy: '2026-03-09T03:00:00.000Z', resolveBy: '2026-03-11T01:00:00.000Z' },
        triagedAt: '2026-03-09T01:00:01.000Z',
      }),
    ],
    resolution: [
      event('/redress/resolution', 'CustomerContacted', id, contactedAt, 2, {
        round: 1,
        contactedAt,
      }),
      event('/redress/resolution', 'ComplaintResolved', id, '2026-03-10T01:00:00.000Z', 3, {
        resolvedAt: '2026-03-10T01:00:00.000Z',
        round: 1,
      }),
    ],
  };
}

const batch = (topic: string, nextOffset: number, events: ProjectedEvent[]): PartitionBatch => ({
  topic,
  partition: 0,
  nextOffset: String(nextOffset),
  events,
});

function apply(batches: PartitionBatch[]) {
  return inTransaction(pool, (tx) => applyToProjection(tx, version, batches));
}

describe('the projection and the BI views', () => {
  it('folds events of every topic into one row per complaint, each event once', async () => {
    const department = `dept-${randomUUID().slice(0, 8)}`;
    const onTime = resolvedComplaint(department, '2026-03-09T02:00:00.000Z');
    const late = resolvedComplaint(department, '2026-03-09T05:00:00.000Z');
    // Resolution's events of one arrive before its registration: the row is the same.
    const first = await apply([
      batch('complaints.resolution.v1', 3, [...late.resolution]),
      batch('complaints.intake.v1', 2, [...onTime.intake, ...late.intake]),
      batch('complaints.triage.v1', 2, [...onTime.triage, ...late.triage]),
      batch('complaints.resolution.v1', 5, [...onTime.resolution]),
    ]);
    expect(first.applied).toBe(8);
    // The same records again (a redelivery after a crash before the offsets' commit).
    const again = await apply([batch('complaints.resolution.v1', 5, [...onTime.resolution])]);
    expect(again.applied).toBe(0);

    const bi = new Client({ connectionString: biReaderUrl });
    await bi.connect();
    try {
      const { rows } = await bi.query(
        `SELECT complaint_id, status, channel, department, response_met, resolution_met,
                first_contact_resolution, event_count
           FROM complaints WHERE department = $1 ORDER BY first_contact_at`,
        [department],
      );
      expect(rows).toEqual([
        expect.objectContaining({
          complaint_id: onTime.id,
          status: 'resolved',
          response_met: true,
          resolution_met: true,
          first_contact_resolution: true,
          event_count: 4,
        }),
        expect.objectContaining({
          complaint_id: late.id,
          status: 'resolved',
          response_met: false,
          event_count: 4,
        }),
      ]);
      const daily = await bi.query(
        `SELECT day::text, complaints FROM daily_volume WHERE department = $1`,
        [department],
      );
      expect(daily.rows).toEqual([{ day: '2026-03-09', complaints: 2 }]);
      const sla = await bi.query(
        `SELECT response_measured, response_met, resolution_met FROM sla_compliance WHERE department = $1`,
        [department],
      );
      expect(sla.rows).toEqual([{ response_measured: 2, response_met: 1, resolution_met: 2 }]);
      const card = await bi.query(
        `SELECT complaints, resolved, first_contact_resolution_rate::float AS fcr, reopen_rate::float AS reopen
           FROM department_scorecard WHERE department = $1`,
        [department],
      );
      expect(card.rows).toEqual([{ complaints: 2, resolved: 2, fcr: 1, reopen: 0 }]);

      // BI reads and never writes, not even the tables behind the views.
      await expect(bi.query(`DELETE FROM complaints`)).rejects.toThrow();
      await expect(bi.query(`SELECT * FROM analytics.complaints_v${version}`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await bi.end();
    }
    const { rows: offsets } = await pool.query(
      `SELECT topic, next_offset::int FROM analytics.offsets_v${version} WHERE partition = 0 ORDER BY topic`,
    );
    expect(offsets).toEqual(
      expect.arrayContaining([{ topic: 'complaints.resolution.v1', next_offset: 5 }]),
    );
  });
});
