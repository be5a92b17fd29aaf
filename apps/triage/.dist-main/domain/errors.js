"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NothingToReclassify = exports.ReasonRequired = exports.InvalidTriagePolicy = void 0;
const contracts_1 = require("@redress/contracts");
/** A policy document that `validatePolicy` rejects: 400 naming every bad part. */
class InvalidTriagePolicy extends contracts_1.DomainError {
    problems;
    kind = 'validation';
    constructor(problems) {
        super(`invalid triage policy: ${problems
            .slice(0, 5)
            .map((p) => `${p.path || '(policy)'}: ${p.message}`)
            .join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`, {}, problems.map((p) => ({ field: p.path, message: p.message })));
        this.problems = problems;
    }
}
exports.InvalidTriagePolicy = InvalidTriagePolicy;
/** CONTRACT: a supervisor's reclassification needs a reason. */
class ReasonRequired extends contracts_1.DomainError {
    kind = 'validation';
    constructor() {
        super('reason: a reclassification needs a reason', {}, [
            { field: 'reason', message: 'is required and must not be blank' },
        ]);
    }
}
exports.ReasonRequired = ReasonRequired;
/** A reclassification that would leave every field as it is. */
class NothingToReclassify extends contracts_1.DomainError {
    kind = 'unprocessable';
    constructor() {
        super('the reclassification changes nothing: every field given already has that value');
    }
}
exports.NothingToReclassify = NothingToReclassify;
//# sourceMappingURL=errors.js.map