import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A hot topic says what it is about (`HotTopicDetected.kind` and `key`: a product, a batch, a
 * store or a phrase) and which complaints it was detected from (`members`):
 * - `hot_topics` keeps the kind and key, and the scope new complaints are matched by
 *   (`hotTopicScope`): besides subject type, SKU and category, a batch number and a purchase
 *   channel; `by_scope` is false for a topic that raises no complaint by what it is about (a
 *   phrase: only its members);
 * - `hot_topic_members` holds the complaints the latest detection named, found by complaint
 *   when a decision asks whether its complaint belongs to an active topic;
 * - a sweep re-assesses a topic's open members (`by_members`) or the open complaints of its scope.
 */
export class HotTopicScope1765400000000 implements MigrationInterface {
  name = 'HotTopicScope1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE triage.hot_topics
        ADD COLUMN kind text,
        ADD COLUMN key text,
        ADD COLUMN batch_no text,
        ADD COLUMN purchase_channel text,
        ADD COLUMN by_scope boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE triage.hot_topic_members (
        topic_id text NOT NULL,
        complaint_id uuid NOT NULL,
        PRIMARY KEY (topic_id, complaint_id)
      )`);
    await q.query(
      `CREATE INDEX hot_topic_members_complaint_idx ON triage.hot_topic_members (complaint_id)`,
    );
    await q.query(`
      ALTER TABLE triage.hot_topic_sweeps
        ADD COLUMN by_members boolean NOT NULL DEFAULT false,
        ADD COLUMN batch_no text,
        ADD COLUMN purchase_channel text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE triage.hot_topic_sweeps
        DROP COLUMN by_members, DROP COLUMN batch_no, DROP COLUMN purchase_channel`);
    await q.query(`DROP TABLE IF EXISTS triage.hot_topic_members`);
    await q.query(`
      ALTER TABLE triage.hot_topics
        DROP COLUMN kind, DROP COLUMN key, DROP COLUMN batch_no, DROP COLUMN purchase_channel,
        DROP COLUMN by_scope`);
  }
}
