"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DurableTimersLib1764700000000 = void 0;
exports.moveToTimersLibSql = moveToTimersLibSql;
exports.moveBackFromTimersLibSql = moveBackFromTimersLibSql;
const timers_1 = require("@redress/timers");
/**
 * Moves triage's escalation timers into the table of the timers lib (`@redress/timers`), which
 * takes over the name `timers`. Timers still armed move over, due time unchanged, as kind
 * `triage.escalation` under the key `<rule>:<complaintId>` (`escalationTimerKey`). Fired rows are
 * not carried: the lib deletes a timer when it fires, and what they recorded (this rule raised
 * this complaint, when) is in the complaint's events and its decision's `rulesFired`.
 */
class DurableTimersLib1764700000000 {
    name = 'DurableTimersLib1764700000000';
    async up(q) {
        for (const statement of moveToTimersLibSql('triage'))
            await q.query(statement);
    }
    async down(q) {
        for (const statement of moveBackFromTimersLibSql('triage'))
            await q.query(statement);
    }
}
exports.DurableTimersLib1764700000000 = DurableTimersLib1764700000000;
/** The statements of `up`, for any schema laid out like triage's (the migration's test uses one of its own). */
function moveToTimersLibSql(schema) {
    const s = `"${schema}"`;
    return [
        `ALTER TABLE ${s}.timers RENAME TO escalation_timers_before_lib`,
        `ALTER INDEX ${s}.timers_pkey RENAME TO escalation_timers_before_lib_pkey`,
        `ALTER INDEX ${s}.timers_due_idx RENAME TO escalation_timers_before_lib_due_idx`,
        ...(0, timers_1.timersSchemaSql)(schema),
        `INSERT INTO ${s}.timers (key, kind, due_at, payload)
     SELECT rule || ':' || complaint_id, 'triage.escalation', due_at,
            jsonb_build_object('complaintId', complaint_id, 'rule', rule)
       FROM ${s}.escalation_timers_before_lib
      WHERE fired_at IS NULL`,
        `DROP TABLE ${s}.escalation_timers_before_lib`,
    ];
}
/** The statements of `down`: the armed escalation timers go back to the table of before. */
function moveBackFromTimersLibSql(schema) {
    const s = `"${schema}"`;
    return [
        `CREATE TABLE ${s}.escalation_timers_before_lib (
       complaint_id uuid NOT NULL,
       rule text NOT NULL,
       due_at timestamptz NOT NULL,
       fired_at timestamptz,
       CONSTRAINT escalation_timers_before_lib_pkey PRIMARY KEY (complaint_id, rule)
     )`,
        `INSERT INTO ${s}.escalation_timers_before_lib (complaint_id, rule, due_at)
     SELECT (payload->>'complaintId')::uuid, payload->>'rule', due_at
       FROM ${s}.timers WHERE kind = 'triage.escalation'`,
        ...(0, timers_1.dropTimersSchemaSql)(schema),
        `ALTER TABLE ${s}.escalation_timers_before_lib RENAME TO timers`,
        `ALTER INDEX ${s}.escalation_timers_before_lib_pkey RENAME TO timers_pkey`,
        `CREATE INDEX timers_due_idx ON ${s}.timers (due_at) WHERE fired_at IS NULL`,
    ];
}
//# sourceMappingURL=1764700000000-durable-timers-lib.js.map