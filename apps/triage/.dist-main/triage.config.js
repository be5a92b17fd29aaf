"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TriageConfig = void 0;
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const platform_1 = require("@redress/platform");
/**
 * Triage's environment, validated at start: a missing or malformed variable stops the service
 * with its name in the message. The triage policy itself (taxonomy, routing, severity,
 * escalation, SLA, calendar) is data, changed through `PUT /triage/policy`, not configuration.
 */
class TriageConfig extends platform_1.BaseServiceConfig {
    PORT = 3002;
    DATABASE_URL = 'postgres://triage@127.0.0.1:5432/redress';
    KAFKA_CLIENT_ID = 'redress-triage';
    /** Connections of triage's pool (consumer, timers, HTTP). */
    DATABASE_POOL_SIZE = 10;
    /**
     * Longest wait between two looks for due escalation timers. The worker sleeps until the next
     * timer is due and is woken by timers this replica arms; this bounds how late it notices
     * timers armed by other replicas.
     */
    TRIAGE_TIMER_POLL_MS = 5_000;
    /** Consumer group of triage; its dead letters go to `complaints.dlq.<group>`. */
    TRIAGE_CONSUMER_GROUP = 'triage';
    /** Tries of one inbound event before it goes to the dead-letter topic. */
    TRIAGE_MAX_ATTEMPTS = 5;
    /**
     * Inbound events of one partition handled at the same time: events of one complaint always
     * one after another, in order; those of different complaints side by side (a decision mostly
     * waits on the database). 1 handles each partition strictly in order.
     */
    TRIAGE_KEY_CONCURRENCY = 8;
}
exports.TriageConfig = TriageConfig;
__decorate([
    (0, class_transformer_1.Type)(() => Number),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(2),
    (0, class_validator_1.Max)(200),
    __metadata("design:type", Object)
], TriageConfig.prototype, "DATABASE_POOL_SIZE", void 0);
__decorate([
    (0, class_transformer_1.Type)(() => Number),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(100),
    (0, class_validator_1.Max)(3_600_000),
    __metadata("design:type", Object)
], TriageConfig.prototype, "TRIAGE_TIMER_POLL_MS", void 0);
__decorate([
    (0, class_validator_1.Matches)(/^[A-Za-z0-9._-]{1,100}$/, {
        message: '$property must be 1–100 letters, digits, ".", "_" or "-"',
    }),
    __metadata("design:type", Object)
], TriageConfig.prototype, "TRIAGE_CONSUMER_GROUP", void 0);
__decorate([
    (0, class_transformer_1.Type)(() => Number),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(100),
    __metadata("design:type", Object)
], TriageConfig.prototype, "TRIAGE_MAX_ATTEMPTS", void 0);
__decorate([
    (0, class_transformer_1.Type)(() => Number),
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1),
    (0, class_validator_1.Max)(64),
    __metadata("design:type", Object)
], TriageConfig.prototype, "TRIAGE_KEY_CONCURRENCY", void 0);
//# sourceMappingURL=triage.config.js.map