"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var TriageModule_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.TriageModule = void 0;
const common_1 = require("@nestjs/common");
const business_time_1 = require("@redress/business-time");
const event_store_1 = require("@redress/event-store");
const timers_1 = require("@redress/timers");
const nest_messaging_1 = require("@redress/nest-messaging");
const platform_1 = require("@redress/platform");
const complaint_triage_1 = require("./application/complaint-triage");
const triage_inbox_1 = require("./application/inbox/triage-inbox");
const change_policy_usecase_1 = require("./application/policy/change-policy.usecase");
const policy_store_1 = require("./application/policy/policy-store");
const triage_queries_1 = require("./application/queries/triage-queries");
const reclassify_complaint_usecase_1 = require("./application/reclassify/reclassify-complaint.usecase");
const escalation_timers_1 = require("./application/timers/escalation-timers");
const hot_topic_sweeps_1 = require("./application/hot-topics/hot-topic-sweeps");
const tokens_1 = require("./application/tokens");
const triage_records_1 = require("./application/triage-records");
const triage_controller_1 = require("./http/triage.controller");
const triage_events_controller_1 = require("./messaging/triage-events.controller");
const triage_messaging_1 = require("./messaging/triage-messaging");
let TriageModule = TriageModule_1 = class TriageModule {
    static forRoot({ config, clock = business_time_1.systemClock }) {
        return {
            module: TriageModule_1,
            imports: [
                platform_1.LoggingModule.forRoot({ service: 'triage', level: config.LOG_LEVEL }),
                platform_1.AuthModule.forRoot({
                    jwtSecret: config.AUTH_JWT_SECRET,
                    jwksUrl: config.AUTH_JWKS_URL,
                    issuer: config.AUTH_ISSUER,
                    audience: config.AUTH_AUDIENCE,
                }),
                platform_1.MetricsModule.forRoot({ service: 'triage' }),
                platform_1.HealthModule.forRoot({
                    indicators: [
                        {
                            name: 'database',
                            inject: [tokens_1.TRIAGE_PG_POOL],
                            check: (pool) => pool.query('SELECT 1'),
                        },
                        {
                            name: 'kafka',
                            inject: [triage_messaging_1.TriageMessaging],
                            check: (messaging) => messaging.checkKafka(),
                        },
                        {
                            name: 'consumer',
                            inject: [nest_messaging_1.KafkaEventTransport],
                            check: (events) => events.checkConsumer(),
                        },
                    ],
                }),
            ],
            controllers: [triage_controller_1.TriageController, triage_events_controller_1.TriageEventsController],
            providers: [
                { provide: tokens_1.TRIAGE_CONFIG, useValue: config },
                { provide: tokens_1.TRIAGE_CLOCK, useValue: clock },
                ...(0, event_store_1.eventStoreProviders)({
                    schema: 'triage',
                    poolToken: tokens_1.TRIAGE_PG_POOL,
                    storeToken: tokens_1.TRIAGE_EVENT_STORE,
                    databaseUrl: config.DATABASE_URL,
                    poolSize: config.DATABASE_POOL_SIZE,
                    now: () => clock.now(),
                    retention: (0, platform_1.retentionSettings)(config),
                    logger: new common_1.Logger('Database'),
                }),
                // Escalation timers live in triage.timers, written in the decision's transaction.
                { provide: timers_1.Timers, useValue: new timers_1.Timers('triage') },
                policy_store_1.PolicyStore,
                triage_records_1.TriageRecords,
                complaint_triage_1.ComplaintTriage,
                triage_inbox_1.TriageInbox,
                hot_topic_sweeps_1.HotTopicSweeps,
                escalation_timers_1.EscalationTimers,
                triage_queries_1.TriageQueries,
                reclassify_complaint_usecase_1.ReclassifyComplaint,
                change_policy_usecase_1.ChangePolicy,
                ...triage_messaging_1.triageMessagingProviders,
                triage_messaging_1.TriageMessaging,
            ],
        };
    }
};
exports.TriageModule = TriageModule;
exports.TriageModule = TriageModule = TriageModule_1 = __decorate([
    (0, common_1.Module)({})
], TriageModule);
//# sourceMappingURL=triage.module.js.map