import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnCompressionSql } from '@redress/event-store';

/**
 * Issue 10, a policy at the keyword limit answered in time: its event and its `policies` row are
 * about 120 kB of JSON each, and PostgreSQL's default compression (pglz) took longer to store
 * them than lz4 does (`columnCompressionSql`). New values only; stored ones are read as before.
 */
const COLUMNS = ['triage.events.data', 'triage.policies.policy'];

export class Lz4Compression1765600000000 implements MigrationInterface {
  name = 'Lz4Compression1765600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of columnCompressionSql(COLUMNS)) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of columnCompressionSql(COLUMNS, 'pglz')) await q.query(statement);
  }
}
