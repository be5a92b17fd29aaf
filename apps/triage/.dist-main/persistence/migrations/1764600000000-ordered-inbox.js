"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OrderedInbox1764600000000 = void 0;
/**
 * Triage drops and misorders nothing (issue "backbone, second pass"):
 * - `subject_key` keeps what "the same subject" means for a repeat after closure (one customer's
 *   type and SKU or category), while `cluster_key` is now set only for complaints that share a
 *   concrete subject named by the policy (SKU, batch, model, staff member …): complaints that
 *   share only a type and a category never form a cluster.
 * - lifecycle facts from several topics are merged by each event's own order (time, stream
 *   version, id), not by arrival;
 * - an amendment or duplicate link for a complaint not registered yet is parked until its
 *   registration arrives;
 * - a hot topic's members are re-assessed in resumable pages, each its own short transaction.
 */
class OrderedInbox1764600000000 {
    name = 'OrderedInbox1764600000000';
    async up(q) {
        await q.query(`
      ALTER TABLE triage.complaints
        ADD COLUMN subject_key text,
        ADD COLUMN lifecycle_at timestamptz,
        ADD COLUMN lifecycle_seq int,
        ADD COLUMN lifecycle_event_id uuid`);
        // Keys of the earlier rule were type and SKU, or type and category: that is the subject key.
        // Only the SKU ones name a concrete subject; category-only clusters are dissolved.
        await q.query(`UPDATE triage.complaints SET subject_key = cluster_key`);
        await q.query(`UPDATE triage.complaints SET cluster_key = NULL WHERE cluster_key LIKE '%:category:%'`);
        await q.query(`DROP INDEX IF EXISTS triage.complaints_customer_idx`);
        await q.query(`CREATE INDEX complaints_customer_idx ON triage.complaints (customer_ref, subject_key)`);
        await q.query(`
      CREATE TABLE triage.parked_events (
        event_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        type text NOT NULL,
        event_time timestamptz NOT NULL,
        stream_version int NOT NULL,
        event jsonb NOT NULL,
        parked_at timestamptz NOT NULL
      )`);
        await q.query(`CREATE INDEX parked_events_complaint_idx ON triage.parked_events (complaint_id, stream_version)`);
        await q.query(`
      CREATE TABLE triage.hot_topic_sweeps (
        event_id uuid PRIMARY KEY,
        topic_id text NOT NULL,
        subject_type text NOT NULL,
        category text,
        product_sku text,
        correlation_id text NOT NULL,
        after_complaint_id uuid,
        reassessed int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        done_at timestamptz
      )`);
        await q.query(`CREATE INDEX hot_topic_sweeps_open_idx ON triage.hot_topic_sweeps (created_at) WHERE done_at IS NULL`);
    }
    async down(q) {
        await q.query(`DROP TABLE IF EXISTS triage.hot_topic_sweeps`);
        await q.query(`DROP TABLE IF EXISTS triage.parked_events`);
        await q.query(`DROP INDEX IF EXISTS triage.complaints_customer_idx`);
        await q.query(`UPDATE triage.complaints SET cluster_key = subject_key WHERE cluster_key IS NULL`);
        await q.query(`CREATE INDEX complaints_customer_idx ON triage.complaints (customer_ref, cluster_key)`);
        await q.query(`
      ALTER TABLE triage.complaints
        DROP COLUMN subject_key, DROP COLUMN lifecycle_at, DROP COLUMN lifecycle_seq,
        DROP COLUMN lifecycle_event_id`);
    }
}
exports.OrderedInbox1764600000000 = OrderedInbox1764600000000;
//# sourceMappingURL=1764600000000-ordered-inbox.js.map