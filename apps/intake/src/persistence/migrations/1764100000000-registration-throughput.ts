import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createNotifyTriggerSql, dropNotifyTriggerSql } from '@redress/event-store';

/**
 * Registration throughput:
 * - the duplicate check (one customer's open complaints within the window) gets an index of its
 *   own, so it never scans every open complaint, whatever the planner's statistics;
 * - the event store's NOTIFY trigger goes: its commit-time lock serialised every registration,
 *   and the outbox relay is now woken in process and polls for other replicas' appends.
 */
export class RegistrationThroughput1764100000000 implements MigrationInterface {
  name = 'RegistrationThroughput1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS complaints_open_by_customer_idx
         ON intake.complaints (customer_ref, registered_at DESC) WHERE status = 'registered'`,
    );
    for (const statement of dropNotifyTriggerSql('intake')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of createNotifyTriggerSql('intake')) await q.query(statement);
    await q.query(`DROP INDEX IF EXISTS intake.complaints_open_by_customer_idx`);
  }
}
