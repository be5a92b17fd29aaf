"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ESCALATION_TIMER = void 0;
exports.escalationTimerKey = escalationTimerKey;
exports.escalationPayload = escalationPayload;
exports.armEscalationTimers = armEscalationTimers;
/** The kind of triage's age-based escalation timers in `triage.timers`. */
exports.ESCALATION_TIMER = 'triage.escalation';
/** One timer per complaint and age rule: `escalation:unresolved-7d:<complaintId>`. */
function escalationTimerKey(complaintId, rule) {
    return `${rule}:${complaintId}`;
}
/** The payload as stored; a timer that does not carry one is an error worth parking. */
function escalationPayload(payload) {
    const { complaintId, rule } = (payload ?? {});
    if (typeof complaintId !== 'string' || typeof rule !== 'string') {
        throw new TypeError('escalation timer payload must have complaintId and rule');
    }
    return { complaintId, rule };
}
/**
 * Arms the age-based escalation timers a decision still needs (`escalationTimers`), in the
 * decision's transaction. A timer already armed is kept as it is (`existing: 'keep'`), so its due
 * time stays that of the policy that armed it. A rule whose time has passed is not armed: the
 * decision just made looked at the complaint's age already, and a timer that fired is deleted,
 * so arming it again would fire it a second time.
 */
async function armEscalationTimers(timers, tx, complaintId, due, now) {
    const future = due.filter((t) => Date.parse(t.dueAt) > now.getTime());
    if (future.length === 0)
        return;
    await timers.schedule(tx, future.map((t) => ({
        key: escalationTimerKey(complaintId, t.rule),
        kind: exports.ESCALATION_TIMER,
        dueAt: t.dueAt,
        payload: { complaintId, rule: t.rule },
    })), { existing: 'keep' });
}
//# sourceMappingURL=escalation-timer.js.map