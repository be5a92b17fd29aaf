import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * Moves triage's escalation timers into the table of the timers lib (`@redress/timers`), which
 * takes over the name `timers`. Timers still armed move over, due time unchanged, as kind
 * `triage.escalation` under the key `<rule>:<complaintId>` (`escalationTimerKey`). Fired rows are
 * not carried: the lib deletes a timer when it fires, and what they recorded (this rule raised
 * this complaint, when) is in the complaint's events and its decision's `rulesFired`.
 */
export declare class DurableTimersLib1764700000000 implements MigrationInterface {
    name: string;
    up(q: QueryRunner): Promise<void>;
    down(q: QueryRunner): Promise<void>;
}
/** The statements of `up`, for any schema laid out like triage's (the migration's test uses one of its own). */
export declare function moveToTimersLibSql(schema: string): string[];
/** The statements of `down`: the armed escalation timers go back to the table of before. */
export declare function moveBackFromTimersLibSql(schema: string): string[];
