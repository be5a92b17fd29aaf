import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreSchemaSql } from '@redress/event-store';

/**
 * What the detectors keep (DOMAIN §5): analytics' event store, which holds the findings it
 * publishes on `complaints.analytics.v1` (`TrendAlertRaised`, `HotTopicDetected`,
 * `HotTopicCooled`; its outbox), and the record of every closed detection window (the counts the
 * detectors read, and the window's hot words, which are served, not published). Neither is part
 * of a projection version: a rebuild replays the projection, never the findings, so it cannot
 * publish one twice. BI reads the findings through `analytics_bi.trend_alerts` and
 * `analytics_bi.hot_topics`.
 */
export class Findings1765410000000 implements MigrationInterface {
  name = 'Findings1765410000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of eventStoreSchemaSql('analytics')) await q.query(statement);
    await q.query(`
      CREATE TABLE analytics.finding_windows (
        window_index int PRIMARY KEY,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        observations int NOT NULL,
        -- WindowRecord of the detectors (counts per dimension, subject and phrase).
        record jsonb NOT NULL,
        -- The window's hot words, strongest first.
        hot_words jsonb NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX finding_windows_start_idx ON analytics.finding_windows (window_start)`,
    );
    await q.query(`CREATE INDEX events_finding_type_idx ON analytics.events (type, stream_id)`);
    await q.query(`
      CREATE VIEW analytics_bi.trend_alerts AS
        SELECT data->>'alertId' AS alert_id,
               (data->>'raisedAt')::timestamptz AS raised_at,
               data->>'dimension' AS dimension,
               data->>'value' AS value,
               (data->'window'->>'start')::timestamptz AS window_start,
               (data->'window'->>'end')::timestamptz AS window_end,
               (data->>'observed')::int AS observed,
               (data->>'expected')::numeric AS expected,
               (data->>'score')::numeric AS score
          FROM analytics.events WHERE type = 'TrendAlertRaised'`);
    await q.query(`
      CREATE VIEW analytics_bi.hot_topics AS
        SELECT d.data->>'topicId' AS topic_id,
               d.data->>'kind' AS kind,
               d.data->>'key' AS key,
               d.data->>'subjectType' AS subject_type,
               d.data->>'productSku' AS product_sku,
               d.data->>'category' AS category,
               (d.data->>'detectedAt')::timestamptz AS detected_at,
               (d.data->'window'->>'start')::timestamptz AS window_start,
               (d.data->'window'->>'end')::timestamptz AS window_end,
               (d.data->>'complaintCount')::int AS complaint_count,
               (d.data->>'observed')::int AS observed,
               (d.data->>'expected')::numeric AS expected,
               (d.data->>'score')::numeric AS score,
               (c.data->>'cooledAt')::timestamptz AS cooled_at,
               CASE WHEN c.stream_id IS NULL THEN 'active' ELSE 'cooled' END AS status
          FROM analytics.events d
          LEFT JOIN analytics.events c
            ON c.stream_id = d.stream_id AND c.type = 'HotTopicCooled'
         WHERE d.type = 'HotTopicDetected'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW IF EXISTS analytics_bi.hot_topics');
    await q.query('DROP VIEW IF EXISTS analytics_bi.trend_alerts');
    await q.query('DROP TABLE IF EXISTS analytics.finding_windows');
    // The event store stays: it holds what was published.
  }
}
