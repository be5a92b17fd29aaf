import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, access:
 * - `complaint_routes`: the department triage routed each complaint to, learnt from
 *   `complaints.triage.v1`; a complaint's scope is that department from then on.
 * - `complaints.access_code_mac`: the access code as a keyed HMAC. The plain SHA-256 digests in
 *   `access_code_hash` are turned into MACs when the service starts (it holds the key, a
 *   migration does not) and then cleared; the column stays, nullable, for replicas of the
 *   previous version during a rolling upgrade, and goes in a later release.
 * - `rate_limits`: the public status page's counters, shared by every replica. Unlogged: a
 *   counter lost in a crash costs nothing, and not writing it to the WAL keeps it cheap.
 */
export class DepartmentScopeAndAccessCodes1764900000000 implements MigrationInterface {
  name = 'DepartmentScopeAndAccessCodes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake.complaint_routes (
        complaint_id uuid PRIMARY KEY,
        department text NOT NULL,
        routed_at timestamptz NOT NULL,
        triage_version integer NOT NULL,
        event_id uuid NOT NULL
      )`);
    await q.query(`ALTER TABLE intake.complaints ADD COLUMN access_code_mac text`);
    await q.query(`ALTER TABLE intake.complaints ALTER COLUMN access_code_hash DROP NOT NULL`);
    await q.query(
      `CREATE INDEX complaints_legacy_access_code_idx ON intake.complaints (complaint_id)
        WHERE access_code_mac IS NULL AND access_code_hash IS NOT NULL`,
    );
    await q.query(`
      CREATE UNLOGGED TABLE intake.rate_limits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
    await q.query(`CREATE INDEX rate_limits_window_ends_idx ON intake.rate_limits (window_ends)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.rate_limits`);
    await q.query(`DROP INDEX intake.complaints_legacy_access_code_idx`);
    // Codes issued since cannot be turned back into plain digests: those rows keep none.
    await q.query(
      `UPDATE intake.complaints SET access_code_hash = '' WHERE access_code_hash IS NULL`,
    );
    await q.query(`ALTER TABLE intake.complaints ALTER COLUMN access_code_hash SET NOT NULL`);
    await q.query(`ALTER TABLE intake.complaints DROP COLUMN access_code_mac`);
    await q.query(`DROP TABLE intake.complaint_routes`);
  }
}
