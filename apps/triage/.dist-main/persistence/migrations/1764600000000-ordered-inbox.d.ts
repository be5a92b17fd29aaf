import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * Triage drops and misorders nothing (issue "backbone, second pass"):
 * - `subject_key` keeps what "the same subject" means for a repeat after closure (one customer's
 *   type and SKU or category), while `cluster_key` is now set only for complaints that share a
 *   concrete subject named by the policy (SKU, batch, model, staff member …): complaints that
 *   share only a type and a category never form a cluster.
 * - lifecycle facts from several topics are merged by each event's own order (time, stream
 *   version, id), not by arrival;
 * - an amendment or duplicate link for a complaint not registered yet is parked until its
 *   registration arrives;
 * - a hot topic's members are re-assessed in resumable pages, each its own short transaction.
 */
export declare class OrderedInbox1764600000000 implements MigrationInterface {
    name: string;
    up(q: QueryRunner): Promise<void>;
    down(q: QueryRunner): Promise<void>;
}
