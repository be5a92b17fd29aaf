import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints brought in by an import of historical complaints (`ComplaintRegistered` version 2):
 * - `received_at`, when the company received the complaint: the cluster window and a repeat
 *   after closure count from it (DOMAIN §2 counts complaints by when they came in, and an
 *   imported complaint was received long before it was registered). Rows written before are
 *   live complaints, received when registered;
 * - `imported`: such a complaint counts in its cluster but is never escalated with it, swept by
 *   a hot topic or put in the review queue.
 * The cluster index follows the column the window reads.
 */
export class ReceivedAt1765510000000 implements MigrationInterface {
  name = 'ReceivedAt1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE triage.complaints
        ADD COLUMN received_at timestamptz,
        ADD COLUMN imported boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE triage.complaints SET received_at = registered_at`);
    await q.query(
      `CREATE INDEX complaints_cluster_received_idx
         ON triage.complaints (cluster_key, received_at DESC)`,
    );
    await q.query(`DROP INDEX IF EXISTS triage.complaints_cluster_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX complaints_cluster_idx ON triage.complaints (cluster_key, registered_at DESC)`,
    );
    await q.query(`DROP INDEX IF EXISTS triage.complaints_cluster_received_idx`);
    await q.query(`ALTER TABLE triage.complaints DROP COLUMN received_at, DROP COLUMN imported`);
  }
}
