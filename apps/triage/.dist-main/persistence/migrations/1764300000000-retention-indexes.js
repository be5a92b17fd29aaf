"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RetentionIndexes1764300000000 = void 0;
const event_store_1 = require("@redress/event-store");
/**
 * Indexes idempotency keys and the processed-events ledger by age, for the retention sweep
 * (`RetentionSweeper`). Schemas created from now on get them from the event store's DDL.
 */
class RetentionIndexes1764300000000 {
    name = 'RetentionIndexes1764300000000';
    async up(q) {
        for (const statement of (0, event_store_1.retentionIndexSql)('triage'))
            await q.query(statement);
    }
    async down(q) {
        for (const statement of (0, event_store_1.dropRetentionIndexSql)('triage'))
            await q.query(statement);
    }
}
exports.RetentionIndexes1764300000000 = RetentionIndexes1764300000000;
//# sourceMappingURL=1764300000000-retention-indexes.js.map