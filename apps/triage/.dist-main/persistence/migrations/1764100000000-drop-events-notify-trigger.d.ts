import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * Drops the event store's NOTIFY trigger: its commit-time lock serialised every appending
 * transaction. The outbox relay is now woken in process and polls for other replicas' appends.
 */
export declare class DropEventsNotifyTrigger1764100000000 implements MigrationInterface {
    name: string;
    up(q: QueryRunner): Promise<void>;
    down(q: QueryRunner): Promise<void>;
}
