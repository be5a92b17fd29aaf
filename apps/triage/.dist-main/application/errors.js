"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OutsideDepartment = exports.ComplaintNotTriaged = void 0;
const contracts_1 = require("@redress/contracts");
class ComplaintNotTriaged extends contracts_1.DomainError {
    kind = 'not_found';
    constructor(complaintId) {
        super(`complaint ${complaintId} has not been triaged (unknown, or not yet received)`);
    }
}
exports.ComplaintNotTriaged = ComplaintNotTriaged;
class OutsideDepartment extends contracts_1.DomainError {
    kind = 'forbidden';
    constructor(department) {
        super(`the complaint is routed to "${department}", outside your scope`);
    }
}
exports.OutsideDepartment = OutsideDepartment;
//# sourceMappingURL=errors.js.map