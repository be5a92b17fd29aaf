import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropRetentionIndexSql, retentionIndexSql } from '@redress/event-store';

/**
 * Indexes idempotency keys and the processed-events ledger by age, for the retention sweep
 * (`RetentionSweeper`). Schemas created from now on get them from the event store's DDL.
 */
export class RetentionIndexes1764300000000 implements MigrationInterface {
  name = 'RetentionIndexes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of retentionIndexSql('triage')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of dropRetentionIndexSql('triage')) await q.query(statement);
  }
}
