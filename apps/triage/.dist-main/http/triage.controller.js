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
exports.TriageController = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const swagger_1 = require("@nestjs/swagger");
const platform_1 = require("@redress/platform");
const change_policy_usecase_1 = require("../application/policy/change-policy.usecase");
const triage_queries_1 = require("../application/queries/triage-queries");
const reclassify_complaint_usecase_1 = require("../application/reclassify/reclassify-complaint.usecase");
const reclassification_dto_1 = require("./reclassification.dto");
const complaintId = new platform_1.UuidParam('complaintId');
const READERS = ['agent', 'supervisor', 'department_head', 'legal', 'analyst', 'admin'];
function contextOf(user) {
    return { actor: (0, platform_1.actorOf)(user), correlationId: (0, platform_1.currentCorrelationId)() ?? (0, node_crypto_1.randomUUID)() };
}
let TriageController = class TriageController {
    queries;
    reclassifyComplaint;
    changePolicy;
    constructor(queries, reclassifyComplaint, changePolicy) {
        this.queries = queries;
        this.reclassifyComplaint = reclassifyComplaint;
        this.changePolicy = changePolicy;
    }
    // Fixed paths first: `review-queue` and `policy` are not complaint ids.
    reviewQueue(query, user) {
        return this.queries.reviewQueue(user, query);
    }
    policy() {
        return this.changePolicy.current();
    }
    putPolicy(body, user, key) {
        return this.changePolicy.execute(body, contextOf(user), key);
    }
    decision(id, user) {
        return this.queries.decision(id, user);
    }
    reclassify(id, dto, user, key) {
        return this.reclassifyComplaint.execute(id, dto, contextOf(user), key);
    }
};
exports.TriageController = TriageController;
__decorate([
    (0, common_1.Get)('review-queue'),
    (0, platform_1.Roles)('agent', 'supervisor', 'department_head', 'admin'),
    (0, swagger_1.ApiOperation)({ summary: 'Decisions below the confidence threshold, waiting for a person' }),
    __param(0, (0, common_1.Query)()),
    __param(1, (0, platform_1.CurrentUser)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [reclassification_dto_1.ReviewQueueQuery, Object]),
    __metadata("design:returntype", void 0)
], TriageController.prototype, "reviewQueue", null);
__decorate([
    (0, common_1.Get)('policy'),
    (0, platform_1.Roles)(...READERS),
    (0, swagger_1.ApiOperation)({ summary: 'The current triage policy and its version' }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", void 0)
], TriageController.prototype, "policy", null);
__decorate([
    (0, common_1.Put)('policy'),
    (0, platform_1.Roles)('admin'),
    (0, swagger_1.ApiOperation)({
        summary: 'Replace the triage policy',
        description: 'Validated as a whole (400 naming the path of every bad part), stored as a new version and a TriagePolicyChanged event; decisions from then on use it.',
    }),
    (0, swagger_1.ApiBody)({ schema: { type: 'object' } }),
    (0, swagger_1.ApiHeader)({ name: platform_1.IDEMPOTENCY_KEY_HEADER, required: false }),
    __param(0, (0, common_1.Body)()),
    __param(1, (0, platform_1.CurrentUser)()),
    __param(2, (0, platform_1.IdempotencyKey)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object]),
    __metadata("design:returntype", void 0)
], TriageController.prototype, "putPolicy", null);
__decorate([
    (0, common_1.Get)(':complaintId'),
    (0, platform_1.Roles)(...READERS),
    (0, swagger_1.ApiOperation)({ summary: 'The triage decision of one complaint, with the rules that fired' }),
    __param(0, (0, common_1.Param)('complaintId', complaintId)),
    __param(1, (0, platform_1.CurrentUser)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", void 0)
], TriageController.prototype, "decision", null);
__decorate([
    (0, common_1.Post)(':complaintId/reclassification'),
    (0, common_1.HttpCode)(200),
    (0, platform_1.Roles)('supervisor', 'admin'),
    (0, swagger_1.ApiOperation)({ summary: 'A supervisor decides otherwise (reason required)' }),
    (0, swagger_1.ApiHeader)({ name: platform_1.IDEMPOTENCY_KEY_HEADER, required: false }),
    __param(0, (0, common_1.Param)('complaintId', complaintId)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, platform_1.CurrentUser)()),
    __param(3, (0, platform_1.IdempotencyKey)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, reclassification_dto_1.ReclassificationDto, Object, Object]),
    __metadata("design:returntype", void 0)
], TriageController.prototype, "reclassify", null);
exports.TriageController = TriageController = __decorate([
    (0, swagger_1.ApiTags)('triage'),
    (0, swagger_1.ApiBearerAuth)(),
    (0, common_1.Controller)('triage'),
    __metadata("design:paramtypes", [triage_queries_1.TriageQueries,
        reclassify_complaint_usecase_1.ReclassifyComplaint,
        change_policy_usecase_1.ChangePolicy])
], TriageController);
//# sourceMappingURL=triage.controller.js.map