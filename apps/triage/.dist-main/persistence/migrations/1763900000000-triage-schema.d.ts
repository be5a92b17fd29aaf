import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * The triage schema: the event store (one stream per complaint, plus the `policy` stream), the
 * facts triage keeps about each complaint, durable escalation timers, policy versions and the
 * hot topics analytics announced.
 */
export declare class TriageSchema1763900000000 implements MigrationInterface {
    name: string;
    up(q: QueryRunner): Promise<void>;
    down(q: QueryRunner): Promise<void>;
}
