import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * Indexes idempotency keys and the processed-events ledger by age, for the retention sweep
 * (`RetentionSweeper`). Schemas created from now on get them from the event store's DDL.
 */
export declare class RetentionIndexes1764300000000 implements MigrationInterface {
    name: string;
    up(q: QueryRunner): Promise<void>;
    down(q: QueryRunner): Promise<void>;
}
