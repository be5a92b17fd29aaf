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
exports.TriageQueries = void 0;
const common_1 = require("@nestjs/common");
const platform_1 = require("@redress/platform");
const errors_1 = require("../errors");
const tokens_1 = require("../tokens");
/** Reads of `triage.complaints`, scoped by department like every complaint read. */
let TriageQueries = class TriageQueries {
    store;
    constructor(store) {
        this.store = store;
    }
    async decision(complaintId, user) {
        const { rows } = await this.store.pool.query('SELECT decision FROM triage.complaints WHERE complaint_id = $1', [complaintId]);
        const decision = rows[0]?.decision;
        if (!decision)
            throw new errors_1.ComplaintNotTriaged(complaintId);
        if (!(0, platform_1.canSeeDepartment)(user, decision.department))
            throw new errors_1.OutsideDepartment(decision.department);
        return decision;
    }
    /** Unsure decisions waiting for a person, newest first (keyset pagination). */
    async reviewQueue(user, page) {
        const limit = page.limit ?? 20;
        const params = [limit + 1];
        const where = ['needs_review', "lifecycle = 'open'"];
        if (!(0, platform_1.seesAllDepartments)(user)) {
            if (!user.department)
                return { items: [], nextCursor: null };
            params.push(user.department);
            where.push(`department = $${params.length}`);
        }
        if (page.cursor) {
            const cursor = (0, platform_1.decodeCursor)(page.cursor);
            params.push(new Date(cursor.at), cursor.id);
            where.push(`(registered_at, complaint_id) < ($${params.length - 1}, $${params.length})`);
        }
        const { rows } = await this.store.pool.query(`SELECT complaint_id, registered_at, decision FROM triage.complaints
        WHERE ${where.join(' AND ')}
        ORDER BY registered_at DESC, complaint_id DESC LIMIT $1`, params);
        const items = rows.slice(0, limit).map(({ decision, registered_at }) => ({
            complaintId: decision.complaintId,
            registeredAt: registered_at.toISOString(),
            type: decision.type,
            category: decision.category,
            department: decision.department,
            severity: decision.severity,
            escalationClass: decision.escalationClass,
            confidence: decision.confidence,
            policyVersion: decision.policyVersion,
            rulesFired: decision.rulesFired,
        }));
        const last = rows[limit - 1];
        return {
            items,
            nextCursor: rows.length > limit && last
                ? (0, platform_1.encodeCursor)({ at: last.registered_at.toISOString(), id: last.complaint_id })
                : null,
        };
    }
};
exports.TriageQueries = TriageQueries;
exports.TriageQueries = TriageQueries = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __metadata("design:paramtypes", [Function])
], TriageQueries);
//# sourceMappingURL=triage-queries.js.map