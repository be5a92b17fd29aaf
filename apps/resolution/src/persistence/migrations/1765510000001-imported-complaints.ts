import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints brought in by an import of historical complaints (`ComplaintTriaged.imported`):
 * they never get a case, and the inbox looks them up so that an event about one (a withdrawal,
 * say) is dropped instead of parked for a case that will not open.
 */
export class ImportedComplaints1765510000001 implements MigrationInterface {
  name = 'ImportedComplaints1765510000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE resolution.imported_complaints (
        complaint_id uuid PRIMARY KEY,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS resolution.imported_complaints');
  }
}
