import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropOutboxQuarantineSql, outboxQuarantineSql } from '@redress/event-store';

/**
 * The outbox quarantine: where the relay sets aside an event Kafka refuses for good, instead of
 * retrying it forever (docs/operations.md). Schemas created from now on get it from the event
 * store's DDL.
 */
export class OutboxQuarantine1764500000000 implements MigrationInterface {
  name = 'OutboxQuarantine1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of outboxQuarantineSql('triage')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of dropOutboxQuarantineSql('triage')) await q.query(statement);
  }
}
