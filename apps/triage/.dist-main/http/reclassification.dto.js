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
exports.ReviewQueueQuery = exports.ReclassificationDto = void 0;
const swagger_1 = require("@nestjs/swagger");
const class_validator_1 = require("class-validator");
const contracts_1 = require("@redress/contracts");
const platform_1 = require("@redress/platform");
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** CONTRACT `POST /triage/:complaintId/reclassification`: a supervisor decides otherwise. */
class ReclassificationDto {
    reason;
    type;
    category;
    subcategory;
    severity;
    escalationClass;
    department;
}
exports.ReclassificationDto = ReclassificationDto;
__decorate([
    (0, swagger_1.ApiProperty)({ description: 'Why a person decided otherwise (kept in the event).' }),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Length)(1, 1000),
    (0, class_validator_1.Matches)(/\S/, { message: 'reason must not be blank' }),
    __metadata("design:type", String)
], ReclassificationDto.prototype, "reason", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ enum: contracts_1.SUBJECT_TYPES }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(contracts_1.SUBJECT_TYPES),
    __metadata("design:type", String)
], ReclassificationDto.prototype, "type", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ example: 'quality' }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.Matches)(ID, { message: 'category must be a category id such as quality' }),
    __metadata("design:type", String)
], ReclassificationDto.prototype, "category", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ nullable: true, description: 'null removes the subcategory.' }),
    (0, class_validator_1.ValidateIf)((o) => o.subcategory !== undefined && o.subcategory !== null),
    (0, class_validator_1.Matches)(ID, { message: 'subcategory must be a subcategory id such as foreign-object' }),
    __metadata("design:type", Object)
], ReclassificationDto.prototype, "subcategory", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ enum: contracts_1.SEVERITIES }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(contracts_1.SEVERITIES),
    __metadata("design:type", String)
], ReclassificationDto.prototype, "severity", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ enum: contracts_1.ESCALATION_CLASSES }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(contracts_1.ESCALATION_CLASSES),
    __metadata("design:type", String)
], ReclassificationDto.prototype, "escalationClass", void 0);
__decorate([
    (0, swagger_1.ApiPropertyOptional)({ example: 'quality' }),
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.Matches)(ID, { message: 'department must be a department name such as customer-service' }),
    __metadata("design:type", String)
], ReclassificationDto.prototype, "department", void 0);
/** The review queue is paged like every list. */
class ReviewQueueQuery extends platform_1.PageQuery {
}
exports.ReviewQueueQuery = ReviewQueueQuery;
//# sourceMappingURL=reclassification.dto.js.map