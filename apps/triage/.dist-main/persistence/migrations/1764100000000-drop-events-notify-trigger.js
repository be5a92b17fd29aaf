"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DropEventsNotifyTrigger1764100000000 = void 0;
const event_store_1 = require("@redress/event-store");
/**
 * Drops the event store's NOTIFY trigger: its commit-time lock serialised every appending
 * transaction. The outbox relay is now woken in process and polls for other replicas' appends.
 */
class DropEventsNotifyTrigger1764100000000 {
    name = 'DropEventsNotifyTrigger1764100000000';
    async up(q) {
        for (const statement of (0, event_store_1.dropNotifyTriggerSql)('triage'))
            await q.query(statement);
    }
    async down(q) {
        for (const statement of (0, event_store_1.createNotifyTriggerSql)('triage'))
            await q.query(statement);
    }
}
exports.DropEventsNotifyTrigger1764100000000 = DropEventsNotifyTrigger1764100000000;
//# sourceMappingURL=1764100000000-drop-events-notify-trigger.js.map