import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rebuilds of the projection by replay (`POST /analytics/rebuild`), readable by any replica. */
export class RebuildJobs1765300100000 implements MigrationInterface {
  name = 'RebuildJobs1765300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analytics.rebuild_jobs (
        job_id uuid PRIMARY KEY,
        version int NOT NULL,
        state text NOT NULL CHECK (state IN ('replaying', 'switching', 'done', 'failed')),
        requested_by text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        read bigint NOT NULL DEFAULT 0,
        total bigint NOT NULL DEFAULT 0,
        error text
      )`);
    // One rebuild at a time.
    await q.query(
      `CREATE UNIQUE INDEX rebuild_jobs_one_running ON analytics.rebuild_jobs ((true))
        WHERE state IN ('replaying', 'switching')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS analytics.rebuild_jobs');
  }
}
