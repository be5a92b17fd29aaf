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
exports.TriageEventsController = void 0;
const common_1 = require("@nestjs/common");
const microservices_1 = require("@nestjs/microservices");
const nest_messaging_1 = require("@redress/nest-messaging");
const triage_inbox_1 = require("../application/inbox/triage-inbox");
/**
 * Where other services' events enter triage: one `@EventPattern` per CloudEvent type it reads,
 * on any of its subscribed topics (`SUBSCRIBED_TOPICS`). Each goes to `TriageInbox`, which
 * validates it (a contract's `InvalidEvent`, e.g. a key that is not the complaint's id, is
 * dead-lettered at once by the transport), decides and records it exactly once in effect. Other
 * types on these topics have no handler and are passed over.
 */
let TriageEventsController = class TriageEventsController {
    inbox;
    constructor(inbox) {
        this.inbox = inbox;
    }
    /**
     * From intake: a complaint registered, acknowledged, amended, linked to a duplicate, withdrawn.
     * Acknowledgements change nothing in triage but are still checked like the others.
     */
    fromIntake(event, context) {
        return this.inbox.receive(event, context.getKey());
    }
    /** From resolution and follow-up: the complaint resolved, closed or reopened. */
    lifecycle(event, context) {
        return this.inbox.receive(event, context.getKey());
    }
    /** From analytics: a hot topic detected or cooled. */
    hotTopics(event, context) {
        return this.inbox.receive(event, context.getKey());
    }
};
exports.TriageEventsController = TriageEventsController;
__decorate([
    (0, microservices_1.EventPattern)([
        'ComplaintRegistered',
        'ComplaintAcknowledged',
        'ComplaintAmended',
        'DuplicateComplaintLinked',
        'ComplaintWithdrawn',
    ]),
    __param(0, (0, microservices_1.Payload)()),
    __param(1, (0, microservices_1.Ctx)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, nest_messaging_1.KafkaEventContext]),
    __metadata("design:returntype", Promise)
], TriageEventsController.prototype, "fromIntake", null);
__decorate([
    (0, microservices_1.EventPattern)(['ComplaintResolved', 'ComplaintClosed', 'ComplaintReopened']),
    __param(0, (0, microservices_1.Payload)()),
    __param(1, (0, microservices_1.Ctx)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, nest_messaging_1.KafkaEventContext]),
    __metadata("design:returntype", Promise)
], TriageEventsController.prototype, "lifecycle", null);
__decorate([
    (0, microservices_1.EventPattern)(['HotTopicDetected', 'HotTopicCooled']),
    __param(0, (0, microservices_1.Payload)()),
    __param(1, (0, microservices_1.Ctx)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, nest_messaging_1.KafkaEventContext]),
    __metadata("design:returntype", Promise)
], TriageEventsController.prototype, "hotTopics", null);
exports.TriageEventsController = TriageEventsController = __decorate([
    (0, common_1.Controller)(),
    __metadata("design:paramtypes", [triage_inbox_1.TriageInbox])
], TriageEventsController);
//# sourceMappingURL=triage-events.controller.js.map