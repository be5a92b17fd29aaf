"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.answerOnce = answerOnce;
const event_store_1 = require("@redress/event-store");
const keys = new event_store_1.IdempotencyKeys('triage');
/**
 * Runs a write of triage's API (both answer 200) under the caller's optional Idempotency-Key,
 * inside `tx`: a retry with the same key and body gets the first answer without running again,
 * the same key with another body is refused (422). `scope` keeps callers and targets apart.
 */
async function answerOnce(tx, scope, key, request, work) {
    const { body } = await (0, event_store_1.runIdempotent)(keys, tx, scope, key, request, async () => ({
        status: 200,
        body: await work(),
    }));
    return body;
}
//# sourceMappingURL=idempotency.js.map