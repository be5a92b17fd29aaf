import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The time zone each projection version's daily rollup counts days in (`daily_v<N>`): set when
 * the version is made, or when the service fills the rollup of a version made before rollups.
 */
export class RollupTimeZone1765600000000 implements MigrationInterface {
  name = 'RollupTimeZone1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE analytics.projection_versions ADD COLUMN IF NOT EXISTS rollup_time_zone text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE analytics.projection_versions DROP COLUMN IF EXISTS rollup_time_zone`,
    );
  }
}
