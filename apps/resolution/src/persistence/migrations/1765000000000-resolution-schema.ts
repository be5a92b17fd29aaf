import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreSchemaSql } from '@redress/event-store';
import { dropTimersSchemaSql, timersSchemaSql } from '@redress/timers';

/**
 * The resolution schema: the event store (one stream per complaint: its case), the SLA and
 * supervision timers, the queue's read table and the inbound events parked until their case
 * opens.
 */
export class ResolutionSchema1765000000000 implements MigrationInterface {
  name = 'ResolutionSchema1765000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of eventStoreSchemaSql('resolution')) await q.query(statement);
    for (const statement of timersSchemaSql('resolution')) await q.query(statement);

    // One row per case, derived from its stream in the transaction that appends to it: what the
    // queue filters and sorts on. `queue_at` is the nearest running deadline (9999-12-31 when
    // none runs), `warn_at` the earliest warning point of a running clock.
    await q.query(`
      CREATE TABLE resolution.cases (
        complaint_id uuid PRIMARY KEY,
        department text NOT NULL,
        status text NOT NULL,
        assignee text,
        severity text NOT NULL,
        escalation_class text NOT NULL,
        category text NOT NULL,
        round int NOT NULL,
        queue_at timestamptz NOT NULL,
        warn_at timestamptz,
        breached boolean NOT NULL,
        supervised boolean NOT NULL,
        crisis boolean NOT NULL,
        pending_approvals text[] NOT NULL DEFAULT '{}',
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        stream_version int NOT NULL
      )`);
    await q.query(
      `CREATE INDEX cases_department_queue_idx ON resolution.cases (department, queue_at, complaint_id)`,
    );
    await q.query(`CREATE INDEX cases_queue_idx ON resolution.cases (queue_at, complaint_id)`);
    await q.query(
      `CREATE INDEX cases_assignee_idx ON resolution.cases (assignee, queue_at) WHERE assignee IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX cases_pending_approvals_idx ON resolution.cases USING gin (pending_approvals)`,
    );

    await q.query(`
      CREATE TABLE resolution.parked_events (
        event_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        event jsonb NOT NULL,
        parked_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX parked_events_complaint_idx ON resolution.parked_events (complaint_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS resolution.parked_events');
    await q.query('DROP TABLE IF EXISTS resolution.cases');
    for (const statement of dropTimersSchemaSql('resolution')) await q.query(statement);
  }
}
