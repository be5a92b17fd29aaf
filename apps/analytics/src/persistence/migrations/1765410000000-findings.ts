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
 *
 * The backtest of imported history (issue 14): the detectors run over the complaints an import
 * brought in, by the time the company received them, for the days before the live detectors'
 * first window. Each run writes its windows and findings under its own number and is read once
 * it is `done`, so a reader never sees half a run; a backtest's findings are never published.
 * The API and BI read live and backtest findings together (`findings_all`, `windows_all`), each
 * with its `source`.
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
      CREATE TABLE analytics.backtest_runs (
        run int PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        -- What the run saw: imported complaints, the latest received time, and the first window
        -- it left to the live detectors.
        imported int NOT NULL,
        last_received_at timestamptz,
        cutoff_window int,
        windows int NOT NULL DEFAULT 0,
        findings int NOT NULL DEFAULT 0,
        error text
      )`);
    await q.query(`
      CREATE TABLE analytics.backtest_windows (
        run int NOT NULL REFERENCES analytics.backtest_runs ON DELETE CASCADE,
        window_index int NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        observations int NOT NULL,
        hot_words jsonb NOT NULL,
        PRIMARY KEY (run, window_index)
      )`);
    await q.query(`
      CREATE TABLE analytics.backtest_findings (
        run int NOT NULL REFERENCES analytics.backtest_runs ON DELETE CASCADE,
        window_index int NOT NULL,
        type text NOT NULL,
        stream_id text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (run, type, stream_id)
      )`);
    // Every finding and window the API and BI answer from: the live ones, and those of the last
    // finished backtest for the days before the first live window.
    await q.query(`
      CREATE VIEW analytics.findings_all AS
        SELECT type, stream_id, data, 'live' AS source FROM analytics.events
         WHERE type IN ('TrendAlertRaised', 'HotTopicDetected', 'HotTopicCooled')
        UNION ALL
        SELECT f.type, f.stream_id, f.data, 'backtest' AS source
          FROM analytics.backtest_findings f
         WHERE f.run = (SELECT max(run) FROM analytics.backtest_runs WHERE state = 'done')
           AND f.window_index < coalesce((SELECT min(window_index) FROM analytics.finding_windows), 2147483647)`);
    await q.query(`
      CREATE VIEW analytics.windows_all AS
        SELECT window_index, window_start, window_end, observations, hot_words, 'live' AS source
          FROM analytics.finding_windows
        UNION ALL
        SELECT w.window_index, w.window_start, w.window_end, w.observations, w.hot_words, 'backtest'
          FROM analytics.backtest_windows w
         WHERE w.run = (SELECT max(run) FROM analytics.backtest_runs WHERE state = 'done')
           AND w.window_index < coalesce((SELECT min(window_index) FROM analytics.finding_windows), 2147483647)`);
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
               (data->>'score')::numeric AS score,
               source
          FROM analytics.findings_all WHERE type = 'TrendAlertRaised'`);
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
               CASE WHEN c.stream_id IS NULL THEN 'active' ELSE 'cooled' END AS status,
               d.source
          FROM analytics.findings_all d
          LEFT JOIN analytics.findings_all c
            ON c.stream_id = d.stream_id AND c.type = 'HotTopicCooled' AND c.source = d.source
         WHERE d.type = 'HotTopicDetected'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW IF EXISTS analytics_bi.hot_topics');
    await q.query('DROP VIEW IF EXISTS analytics_bi.trend_alerts');
    await q.query('DROP VIEW IF EXISTS analytics.windows_all');
    await q.query('DROP VIEW IF EXISTS analytics.findings_all');
    for (const table of [
      'backtest_findings',
      'backtest_windows',
      'backtest_runs',
      'finding_windows',
    ]) {
      await q.query(`DROP TABLE IF EXISTS analytics.${table}`);
    }
    // The event store stays: it holds what was published.
  }
}
