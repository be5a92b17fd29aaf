"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SLA_CLOCK_KINDS = void 0;
exports.SLA_CLOCK_KINDS = ['business', '24/7'];
//# sourceMappingURL=triage-policy.js.map