"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.clusterWindow = clusterWindow;
const escalation_policy_1 = require("./escalation.policy");
/**
 * DOMAIN §2 "≥ 3 complaints of the same type from different complainants within one month":
 * the most distinct complainants found together in any window of `windowDays` that contains
 * this complaint. Every window is tried, not only the one that ends at this complaint, so the
 * answer does not depend on the order in which complaints are decided: whichever member of a
 * cluster is decided last sees the others, even one registered before them.
 *
 * `others` may hold complaints from anywhere in time; those that cannot share a window with
 * this one are left out.
 */
function clusterWindow(self, others, windowDays) {
    const at = self.registeredAt.getTime();
    const span = windowDays * escalation_policy_1.DAY_MS;
    const members = [self, ...others]
        .map((m) => ({ ref: m.customerRef, t: m.registeredAt.getTime() }))
        .filter((m) => m.t > at - span && m.t < at + span)
        .sort((a, b) => a.t - b.t);
    // Slide a window starting at each member registered in (at − span, at]: it then contains this
    // complaint. `inside` counts each complainant's complaints in [start, start + span).
    const inside = new Map();
    let best = { count: 1, from: new Date(at), until: new Date(at + span) };
    const ahead = members[Symbol.iterator]();
    let next = ahead.next();
    for (const first of members) {
        if (first.t > at)
            break;
        const until = first.t + span;
        for (; !next.done && next.value.t < until; next = ahead.next()) {
            inside.set(next.value.ref, (inside.get(next.value.ref) ?? 0) + 1);
        }
        if (inside.size > best.count) {
            best = { count: inside.size, from: new Date(first.t), until: new Date(until) };
        }
        const left = (inside.get(first.ref) ?? 1) - 1;
        if (left === 0)
            inside.delete(first.ref);
        else
            inside.set(first.ref, left);
    }
    return best;
}
//# sourceMappingURL=cluster-window.js.map