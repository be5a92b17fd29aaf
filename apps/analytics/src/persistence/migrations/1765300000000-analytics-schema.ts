import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The analytics schema's fixed part: the projection versions (one `live`, at most one being
 * rebuilt). The tables of each version (`complaints_v<N>` …) and the views of `analytics_bi` over
 * the live one are made by the service (`ProjectionVersions`), since versions come and go at run
 * time.
 */
export class AnalyticsSchema1765300000000 implements MigrationInterface {
  name = 'AnalyticsSchema1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analytics.projection_versions (
        version int PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('building', 'live', 'retired', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        live_since timestamptz,
        retired_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX projection_versions_one_live ON analytics.projection_versions (state)
        WHERE state = 'live'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS analytics.projection_versions');
  }
}
