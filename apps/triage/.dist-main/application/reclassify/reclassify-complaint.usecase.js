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
exports.ReclassifyComplaint = void 0;
const common_1 = require("@nestjs/common");
const event_store_1 = require("@redress/event-store");
const complaint_triage_1 = require("../complaint-triage");
const idempotency_1 = require("../idempotency");
const tokens_1 = require("../tokens");
/** A supervisor's override: type, category, grade or department, with a reason. */
let ReclassifyComplaint = class ReclassifyComplaint {
    store;
    triage;
    constructor(store, triage) {
        this.store = store;
        this.triage = triage;
    }
    execute(complaintId, dto, context, idempotencyKey) {
        const input = { ...dto, by: context.actor.id };
        const scope = `reclassify:${complaintId}:${context.actor.id}`;
        return (0, event_store_1.retryOnConflict)(() => this.store.transaction((tx) => (0, idempotency_1.answerOnce)(tx, scope, idempotencyKey, dto, () => this.triage.reclassifyComplaint(tx, complaintId, input, context))));
    }
};
exports.ReclassifyComplaint = ReclassifyComplaint;
exports.ReclassifyComplaint = ReclassifyComplaint = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __metadata("design:paramtypes", [Function, complaint_triage_1.ComplaintTriage])
], ReclassifyComplaint);
//# sourceMappingURL=reclassify-complaint.usecase.js.map