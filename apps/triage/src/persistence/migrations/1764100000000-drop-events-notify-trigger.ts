import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createNotifyTriggerSql, dropNotifyTriggerSql } from '@redress/event-store';

/**
 * Drops the event store's NOTIFY trigger: its commit-time lock serialised every appending
 * transaction. The outbox relay is now woken in process and polls for other replicas' appends.
 */
export class DropEventsNotifyTrigger1764100000000 implements MigrationInterface {
  name = 'DropEventsNotifyTrigger1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of dropNotifyTriggerSql('triage')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of createNotifyTriggerSql('triage')) await q.query(statement);
  }
}
