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
exports.ChangePolicy = void 0;
const common_1 = require("@nestjs/common");
const event_store_1 = require("@redress/event-store");
const idempotency_1 = require("../idempotency");
const tokens_1 = require("../tokens");
const policy_store_1 = require("./policy-store");
/** `GET/PUT /triage/policy`: the policy in force, and a new version of it. */
let ChangePolicy = class ChangePolicy {
    store;
    policies;
    constructor(store, policies) {
        this.store = store;
        this.policies = policies;
    }
    current() {
        return this.store.transaction((tx) => this.policies.read(tx));
    }
    async execute(policy, context, idempotencyKey) {
        const saved = await (0, event_store_1.retryOnConflict)(() => this.store.transaction((tx) => (0, idempotency_1.answerOnce)(tx, `policy:${context.actor.id}`, idempotencyKey, policy, () => this.policies.change(tx, policy, context))));
        this.policies.invalidate();
        return saved;
    }
};
exports.ChangePolicy = ChangePolicy;
exports.ChangePolicy = ChangePolicy = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __metadata("design:paramtypes", [Function, policy_store_1.PolicyStore])
], ChangePolicy);
//# sourceMappingURL=change-policy.usecase.js.map