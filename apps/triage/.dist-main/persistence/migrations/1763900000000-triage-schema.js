"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TriageSchema1763900000000 = void 0;
const event_store_1 = require("@redress/event-store");
/**
 * The triage schema: the event store (one stream per complaint, plus the `policy` stream), the
 * facts triage keeps about each complaint, durable escalation timers, policy versions and the
 * hot topics analytics announced.
 */
class TriageSchema1763900000000 {
    name = 'TriageSchema1763900000000';
    async up(q) {
        for (const statement of (0, event_store_1.eventStoreSchemaSql)('triage'))
            await q.query(statement);
        // One row per complaint: what intake said (masked), where it stands in its life, and the
        // current triage decision. Written in the same transaction as the triage events.
        await q.query(`
      CREATE TABLE triage.complaints (
        complaint_id uuid PRIMARY KEY,
        customer_ref text,
        subject_type text,
        cluster_key text,
        registered_at timestamptz,
        lifecycle text NOT NULL DEFAULT 'open',
        facts jsonb,
        decision jsonb,
        escalation_rank int NOT NULL DEFAULT 0,
        department text,
        needs_review boolean NOT NULL DEFAULT false,
        policy_version int,
        stream_version int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
        // ≥ 3 different complainants with the same type and subject within 30 days.
        await q.query(`CREATE INDEX complaints_cluster_idx ON triage.complaints (cluster_key, registered_at DESC)`);
        // A repeat from the same customer about the same subject after closure.
        await q.query(`CREATE INDEX complaints_customer_idx ON triage.complaints (customer_ref, cluster_key)`);
        await q.query(`CREATE INDEX complaints_review_idx ON triage.complaints (registered_at DESC, complaint_id DESC)
        WHERE needs_review`);
        // Durable timers: due rows are taken with FOR UPDATE SKIP LOCKED and marked fired in the
        // transaction that appends their events, so each fires once, across restarts and replicas.
        await q.query(`
      CREATE TABLE triage.timers (
        complaint_id uuid NOT NULL,
        rule text NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz,
        PRIMARY KEY (complaint_id, rule)
      )`);
        await q.query(`CREATE INDEX timers_due_idx ON triage.timers (due_at) WHERE fired_at IS NULL`);
        await q.query(`
      CREATE TABLE triage.policies (
        version int PRIMARY KEY,
        policy jsonb NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
        await q.query(`
      CREATE TABLE triage.hot_topics (
        topic_id text PRIMARY KEY,
        subject_type text NOT NULL,
        category text,
        product_sku text,
        detected_at timestamptz NOT NULL,
        cooled_at timestamptz
      )`);
    }
    async down(q) {
        for (const table of ['hot_topics', 'policies', 'timers', 'complaints']) {
            await q.query(`DROP TABLE IF EXISTS triage.${table}`);
        }
    }
}
exports.TriageSchema1763900000000 = TriageSchema1763900000000;
//# sourceMappingURL=1763900000000-triage-schema.js.map