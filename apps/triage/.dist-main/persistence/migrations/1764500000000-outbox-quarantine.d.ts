import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * The outbox quarantine: where the relay sets aside an event Kafka refuses for good, instead of
 * retrying it forever (docs/operations.md). Schemas created from now on get it from the event
 * store's DDL.
 */
export declare class OutboxQuarantine1764500000000 implements MigrationInterface {
    name: string;
    up(q: QueryRunner): Promise<void>;
    down(q: QueryRunner): Promise<void>;
}
