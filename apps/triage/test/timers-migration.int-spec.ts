import { randomUUID } from 'node:crypto';
import { Timers } from '@redress/timers';
import { createScratchSchema, type ScratchSchema } from '@redress/testing';
import { escalationPayload, escalationTimerKey } from '../src/application/timers/escalation-timer';
import {
  moveBackFromTimersLibSql,
  moveToTimersLibSql,
} from '../src/persistence/migrations/1764700000000-durable-timers-lib';

let scratch: ScratchSchema;

beforeEach(async () => {
  scratch = await createScratchSchema('triage_timers_migration');
  // triage.timers as the first migration created it.
  await scratch.pool.query(`
    CREATE TABLE timers (
      complaint_id uuid NOT NULL,
      rule text NOT NULL,
      due_at timestamptz NOT NULL,
      fired_at timestamptz,
      PRIMARY KEY (complaint_id, rule)
    )`);
  await scratch.pool.query(`CREATE INDEX timers_due_idx ON timers (due_at) WHERE fired_at IS NULL`);
});

afterEach(() => scratch.drop());

async function run(statements: string[]): Promise<void> {
  const client = await scratch.pool.connect();
  try {
    await client.query('BEGIN');
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

describe('moving escalation timers to the timers lib', () => {
  it('moves every armed timer with its due time, under the key and payload triage fires by', async () => {
    const young = randomUUID();
    const old = randomUUID();
    const week = new Date('2026-11-30T02:00:00.000Z');
    const month = new Date('2026-12-23T02:00:00.000Z');
    await scratch.pool.query(
      `INSERT INTO timers (complaint_id, rule, due_at, fired_at) VALUES
         ($1, 'escalation:unresolved-7d', $3, NULL),
         ($1, 'escalation:unresolved-30d', $4, NULL),
         ($2, 'escalation:unresolved-7d', $3, $3),
         ($2, 'escalation:unresolved-30d', $4, NULL)`,
      [young, old, week, month],
    );

    await run(moveToTimersLibSql(scratch.schema));

    const timers = new Timers(scratch.schema);
    const { rows } = await scratch.pool.query<{ key: string }>(
      `SELECT key FROM timers ORDER BY key`,
    );
    expect(rows.map((r) => r.key).sort()).toEqual(
      [
        escalationTimerKey(young, 'escalation:unresolved-7d'),
        escalationTimerKey(young, 'escalation:unresolved-30d'),
        escalationTimerKey(old, 'escalation:unresolved-30d'),
      ].sort(),
    );
    const moved = await timers.find(
      scratch.pool,
      escalationTimerKey(young, 'escalation:unresolved-7d'),
    );
    expect(moved).toMatchObject({
      kind: 'triage.escalation',
      dueAt: week,
      status: 'pending',
      attempts: 0,
    });
    expect(escalationPayload(moved?.payload)).toEqual({
      complaintId: young,
      rule: 'escalation:unresolved-7d',
    });
    const { rows: left } = await scratch.pool.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [scratch.schema],
    );
    expect(left).toEqual([{ table_name: 'timers' }]);
  });

  it('moves the armed timers back on the way down', async () => {
    const id = randomUUID();
    const week = new Date('2026-11-30T02:00:00.000Z');
    await scratch.pool.query(
      `INSERT INTO timers (complaint_id, rule, due_at) VALUES ($1, 'escalation:unresolved-7d', $2)`,
      [id, week],
    );

    await run(moveToTimersLibSql(scratch.schema));
    await run(moveBackFromTimersLibSql(scratch.schema));

    const { rows } = await scratch.pool.query(
      `SELECT complaint_id, rule, due_at, fired_at FROM timers`,
    );
    expect(rows).toEqual([
      { complaint_id: id, rule: 'escalation:unresolved-7d', due_at: week, fired_at: null },
    ]);
    // And up again, as a re-run of the migrations would.
    await run(moveToTimersLibSql(scratch.schema));
    const { rows: again } = await scratch.pool.query(`SELECT key FROM timers`);
    expect(again).toEqual([{ key: escalationTimerKey(id, 'escalation:unresolved-7d') }]);
  });
});
