"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.severityRank = severityRank;
exports.classRank = classRank;
exports.higherSeverity = higherSeverity;
exports.higherClass = higherClass;
const contracts_1 = require("@redress/contracts");
/** Severity and escalation class are ordered; these compare and combine them. */
function severityRank(severity) {
    return contracts_1.SEVERITIES.indexOf(severity);
}
function classRank(escalationClass) {
    return contracts_1.ESCALATION_CLASSES.indexOf(escalationClass);
}
function higherSeverity(a, b) {
    return severityRank(b) > severityRank(a) ? b : a;
}
function higherClass(a, b) {
    return classRank(b) > classRank(a) ? b : a;
}
//# sourceMappingURL=grades.js.map