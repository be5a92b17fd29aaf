"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OutboxQuarantine1764500000000 = void 0;
const event_store_1 = require("@redress/event-store");
/**
 * The outbox quarantine: where the relay sets aside an event Kafka refuses for good, instead of
 * retrying it forever (docs/operations.md). Schemas created from now on get it from the event
 * store's DDL.
 */
class OutboxQuarantine1764500000000 {
    name = 'OutboxQuarantine1764500000000';
    async up(q) {
        for (const statement of (0, event_store_1.outboxQuarantineSql)('triage'))
            await q.query(statement);
    }
    async down(q) {
        for (const statement of (0, event_store_1.dropOutboxQuarantineSql)('triage'))
            await q.query(statement);
    }
}
exports.OutboxQuarantine1764500000000 = OutboxQuarantine1764500000000;
//# sourceMappingURL=1764500000000-outbox-quarantine.js.map