import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 item 7, the customer sees progress: `complaint_progress` keeps, per complaint, what
 * triage's, resolution's and follow-up's events said of it (`progress`, the registers of
 * `domain/public-stage.policy.ts`) and the public stage they give. Kept apart from the complaint,
 * like its route: an event may come before intake knows the complaint (a replay into a fresh
 * intake). Complaints withdrawn before this release get their row here, so every withdrawal is
 * in the table.
 */
export class PublicProgress1765100000000 implements MigrationInterface {
  name = 'PublicProgress1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake.complaint_progress (
        complaint_id uuid PRIMARY KEY,
        stage text NOT NULL,
        stage_changed_at timestamptz,
        progress jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      INSERT INTO intake.complaint_progress
        (complaint_id, stage, stage_changed_at, progress, updated_at)
      SELECT complaint_id, 'withdrawn', withdrawn_at::timestamptz,
             jsonb_build_object('withdrawnAt', withdrawn_at), now()
        FROM (SELECT complaint_id,
                     COALESCE(view->>'withdrawnAt',
                              to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                       AS withdrawn_at
                FROM intake.complaints WHERE status = 'withdrawn') AS withdrawn`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.complaint_progress`);
  }
}
