import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreSchemaSql } from '@redress/event-store';
import { dropTimersSchemaSql, timersSchemaSql } from '@redress/timers';

/**
 * The follow-up schema: the event store (one stream per complaint: its follow-up), the timers of
 * corrective actions and case-study reminders, the due list's read table and the case library.
 */
export class FollowUpSchema1765200000000 implements MigrationInterface {
  name = 'FollowUpSchema1765200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of eventStoreSchemaSql('followup')) await q.query(statement);
    for (const statement of timersSchemaSql('followup')) await q.query(statement);

    await q.query(`
      CREATE TABLE followup.follow_ups (
        complaint_id uuid PRIMARY KEY,
        department text NOT NULL,
        status text NOT NULL,
        round int NOT NULL,
        severity text NOT NULL,
        escalation_class text NOT NULL,
        category text NOT NULL,
        resolved_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        next_attempt_at timestamptz,
        attempts int NOT NULL,
        closed_at timestamptz,
        outcome text,
        needs_review boolean NOT NULL,
        open_actions int NOT NULL,
        action_departments text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL,
        stream_version int NOT NULL,
        -- The due list's order: the next try when one failed, else the callback's due time.
        call_at timestamptz GENERATED ALWAYS AS (COALESCE(next_attempt_at, due_at)) STORED
      )`);
    await q.query(
      `CREATE INDEX follow_ups_due_idx ON followup.follow_ups (department, call_at, complaint_id)
        WHERE status = 'awaiting_callback'`,
    );
    await q.query(
      `CREATE INDEX follow_ups_status_idx ON followup.follow_ups (status, call_at, complaint_id)`,
    );

    await q.query(`
      CREATE TABLE followup.case_studies (
        case_study_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL UNIQUE,
        title text NOT NULL,
        summary text NOT NULL,
        lessons text,
        keywords text[] NOT NULL,
        language text NOT NULL,
        department text NOT NULL,
        severity text NOT NULL,
        escalation_class text NOT NULL,
        category text NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text NOT NULL,
        search_text text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX case_studies_category_idx ON followup.case_studies (category, published_at DESC)`,
    );
    await q.query(
      `CREATE INDEX case_studies_published_idx ON followup.case_studies (published_at DESC, case_study_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS followup.case_studies');
    await q.query('DROP TABLE IF EXISTS followup.follow_ups');
    for (const statement of dropTimersSchemaSql('followup')) await q.query(statement);
  }
}
