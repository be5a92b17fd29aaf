import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, historical imports: `imported_complaints` keys every imported complaint by its id in
 * the source system, so a second import of the same rows changes nothing. `complaints.imported`
 * marks them in the read table, and the index of open complaints that live registrations search
 * for duplicates leaves them out (an imported complaint absorbs no live submission).
 */
export class ComplaintImports1765500000000 implements MigrationInterface {
  name = 'ComplaintImports1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake.imported_complaints (
        source_id text PRIMARY KEY,
        complaint_id uuid NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `ALTER TABLE intake.complaints ADD COLUMN imported boolean NOT NULL DEFAULT false`,
    );
    await q.query(`DROP INDEX IF EXISTS intake.complaints_open_by_customer_idx`);
    await q.query(`
      CREATE INDEX complaints_open_by_customer_idx
        ON intake.complaints (customer_ref, registered_at DESC)
        WHERE status = 'registered' AND NOT imported`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS intake.complaints_open_by_customer_idx`);
    await q.query(`
      CREATE INDEX complaints_open_by_customer_idx
        ON intake.complaints (customer_ref, registered_at DESC) WHERE status = 'registered'`);
    await q.query(`ALTER TABLE intake.complaints DROP COLUMN imported`);
    await q.query(`DROP TABLE intake.imported_complaints`);
  }
}
