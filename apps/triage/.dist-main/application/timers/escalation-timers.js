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
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.EscalationTimers = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const platform_1 = require("@redress/platform");
const timers_1 = require("@redress/timers");
const complaint_triage_1 = require("../complaint-triage");
const tokens_1 = require("../tokens");
const triage_events_1 = require("../triage-events");
const escalation_timer_1 = require("./escalation-timer");
/**
 * DOMAIN §2: unresolved 7 days after registration → hot, 30 days → major, "without anyone
 * touching it". Each decision arms `triage.escalation` timers (`armEscalationTimers`); this
 * worker of the timers lib fires them: it re-assesses the complaint at the current time in the
 * transaction that consumes the timer, so the escalation it appends and the timer's removal
 * commit together, and each timer fires once across restarts and replicas. A complaint
 * resolved, closed or withdrawn by then is not escalated. Time comes from the injected clock.
 */
let EscalationTimers = class EscalationTimers {
    worker;
    constructor(config, store, clock, registry, triage) {
        this.worker = new timers_1.TimerWorker({
            store,
            now: () => clock.now(),
            maxIntervalMs: config.TRIAGE_TIMER_POLL_MS,
            // One complaint per transaction: a re-assessment takes its cluster's lock, and a batch of
            // complaints would hold several clusters' locks at once, in an order that inbound events
            // and hot topics do not share (batched decisions once deadlocked that way).
            batchSize: 1,
            // Each firing holds a connection of triage's pool, which the consumer needs too.
            concurrency: 2,
            logger: new common_1.Logger('EscalationTimers'),
            handlers: {
                [escalation_timer_1.ESCALATION_TIMER]: async (tx, timer) => {
                    const { complaintId } = (0, escalation_timer_1.escalationPayload)(timer.payload);
                    await triage.reassessComplaint(tx, complaintId, {
                        actor: triage_events_1.TRIAGE_ACTOR,
                        correlationId: (0, node_crypto_1.randomUUID)(),
                    });
                },
            },
        });
        (0, platform_1.registerTimerMetrics)(registry, this.worker);
    }
    onApplicationBootstrap() {
        this.worker.start();
    }
    /** Before the pool closes (`onApplicationShutdown`): firings in flight finish first. */
    beforeApplicationShutdown() {
        return this.worker.stop();
    }
    /** Fires every escalation timer due now; resolves with how many fired (tests, operations). */
    fireDue() {
        return this.worker.fireDue();
    }
};
exports.EscalationTimers = EscalationTimers;
exports.EscalationTimers = EscalationTimers = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_CONFIG)),
    __param(1, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __param(2, (0, common_1.Inject)(tokens_1.TRIAGE_CLOCK)),
    __param(3, (0, common_1.Inject)(platform_1.METRICS_REGISTRY)),
    __metadata("design:paramtypes", [Function, Function, Object, Function, complaint_triage_1.ComplaintTriage])
], EscalationTimers);
//# sourceMappingURL=escalation-timers.js.map