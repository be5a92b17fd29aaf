"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.triageDataSourceOptions = triageDataSourceOptions;
exports.migrate = migrate;
const platform_1 = require("@redress/platform");
const _1763900000000_triage_schema_1 = require("./migrations/1763900000000-triage-schema");
const _1764100000000_drop_events_notify_trigger_1 = require("./migrations/1764100000000-drop-events-notify-trigger");
const _1764300000000_retention_indexes_1 = require("./migrations/1764300000000-retention-indexes");
const _1764500000000_outbox_quarantine_1 = require("./migrations/1764500000000-outbox-quarantine");
const _1764600000000_ordered_inbox_1 = require("./migrations/1764600000000-ordered-inbox");
const _1764700000000_durable_timers_lib_1 = require("./migrations/1764700000000-durable-timers-lib");
/** TypeORM options of triage: migrations checked in, never `synchronize`. */
function triageDataSourceOptions(url) {
    return {
        type: 'postgres',
        url,
        schema: 'triage',
        migrations: [
            _1763900000000_triage_schema_1.TriageSchema1763900000000,
            _1764100000000_drop_events_notify_trigger_1.DropEventsNotifyTrigger1764100000000,
            _1764300000000_retention_indexes_1.RetentionIndexes1764300000000,
            _1764500000000_outbox_quarantine_1.OutboxQuarantine1764500000000,
            _1764600000000_ordered_inbox_1.OrderedInbox1764600000000,
            _1764700000000_durable_timers_lib_1.DurableTimersLib1764700000000,
        ],
        migrationsTableName: 'migrations',
        synchronize: false,
        migrationsRun: false,
    };
}
/** Runs triage's pending migrations once, even when several replicas start together. */
function migrate(url) {
    return (0, platform_1.runMigrations)(triageDataSourceOptions(url), 'triage');
}
//# sourceMappingURL=data-source.js.map