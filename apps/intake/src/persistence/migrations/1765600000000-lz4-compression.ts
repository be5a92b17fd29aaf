import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnCompressionSql } from '@redress/event-store';

/**
 * Issue 10, a registration at its limits answered in time: its event and the read table's view
 * are about 130 kB of JSON each, and PostgreSQL's default compression (pglz) took longer to store
 * them than lz4 does (`columnCompressionSql`). New values only; stored ones are read as before.
 */
const COLUMNS = ['intake.events.data', 'intake.complaints.view'];

export class Lz4Compression1765600000000 implements MigrationInterface {
  name = 'Lz4Compression1765600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of columnCompressionSql(COLUMNS)) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of columnCompressionSql(COLUMNS, 'pglz')) await q.query(statement);
  }
}
