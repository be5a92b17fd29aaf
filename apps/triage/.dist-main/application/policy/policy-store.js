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
exports.PolicyStore = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const contracts_1 = require("@redress/contracts");
const domain_1 = require("../../domain");
const tokens_1 = require("../tokens");
const triage_events_1 = require("../triage-events");
/** How long a replica trusts its cached policy version before asking which is current. */
const POLICY_RECHECK_MS = 1_000;
/** The stream of `TriagePolicyChanged` events: the history of every policy version. */
const POLICY_STREAM = contracts_1.TRIAGE_POLICY_SUBJECT;
/**
 * The triage policy is data, versioned: each version is a row of `triage.policies` and a
 * `TriagePolicyChanged` event, written in one transaction. Decisions use the newest version at
 * the time they are made and record its number. The compiled form is cached per version; every
 * decision's transaction asks which version is current, so a change made through any replica
 * applies to the next decision of every replica.
 */
let PolicyStore = class PolicyStore {
    store;
    clock;
    logger = new common_1.Logger('PolicyStore');
    cached;
    /** Until when the cached version is taken as current without asking the database. */
    checkedUntil = 0;
    constructor(store, clock) {
        this.store = store;
        this.clock = clock;
    }
    /** Before anything decides: the first start stores the default policy as version 1. */
    onModuleInit() {
        return this.ensureInitialised();
    }
    async ensureInitialised() {
        await this.store.transaction(async (tx) => {
            await tx.query(`SELECT pg_advisory_xact_lock(hashtext('redress.triage.policy'))`);
            if ((await this.currentVersion(tx)) > 0)
                return;
            await this.save(tx, domain_1.DEFAULT_TRIAGE_POLICY, 0, {
                actor: triage_events_1.TRIAGE_ACTOR,
                correlationId: (0, node_crypto_1.randomUUID)(),
            });
            this.logger.log('stored the default triage policy as version 1');
        });
    }
    /**
     * The policy decisions made in this transaction use. A change through this replica applies to
     * its next decision; one through another replica within `POLICY_RECHECK_MS`.
     */
    async current(tx) {
        if (this.cached && Date.now() < this.checkedUntil)
            return this.cached;
        const version = await this.currentVersion(tx);
        this.checkedUntil = Date.now() + POLICY_RECHECK_MS;
        if (version === 0)
            throw new Error('no triage policy stored yet');
        if (this.cached?.version === version)
            return this.cached;
        const { rows } = await tx.query('SELECT policy FROM triage.policies WHERE version = $1', [version]);
        this.cached = (0, domain_1.compilePolicy)(rows[0]?.policy, version);
        return this.cached;
    }
    /** After a change committed: the next decision of this replica asks which version is current. */
    invalidate() {
        this.checkedUntil = 0;
    }
    async read(tx) {
        const { rows } = await tx.query('SELECT version, policy, changed_by, changed_at FROM triage.policies ORDER BY version DESC LIMIT 1');
        const row = rows[0];
        if (!row)
            throw new Error('no triage policy stored yet');
        return {
            version: row.version,
            policy: row.policy,
            changedBy: row.changed_by,
            changedAt: row.changed_at.toISOString(),
        };
    }
    /**
     * Stores a new version: validated first (InvalidTriagePolicy: 400 naming each bad part), then
     * appended to the policy stream at the version read, so two concurrent changes cannot both
     * build on the same predecessor.
     */
    async change(tx, policy, context) {
        const previous = await this.currentVersion(tx);
        const compiled = (0, domain_1.compilePolicy)(policy, previous + 1);
        await this.save(tx, compiled.policy, previous, context);
        return this.read(tx);
    }
    async save(tx, policy, previous, { actor, correlationId }) {
        const version = previous + 1;
        const now = this.clock.now();
        const before = previous > 0 ? (await this.read(tx)).policy : undefined;
        const data = {
            version,
            ...(previous > 0 ? { previousVersion: previous } : {}),
            changedAt: now.toISOString(),
            changedBy: { kind: actor.type === 'system' ? 'system' : 'admin', id: actor.id },
            summary: (0, domain_1.summarisePolicyChange)(before, policy),
            policy: policy,
        };
        triage_events_1.triageEvents.assertValid('TriagePolicyChanged', data);
        await this.store.append(tx, POLICY_STREAM, previous, [{ type: 'TriagePolicyChanged', schemaVersion: 1, data }], { source: triage_events_1.TRIAGE_SOURCE, correlationId, actor });
        await tx.query(`INSERT INTO triage.policies (version, policy, changed_by, changed_at) VALUES ($1, $2, $3, $4)`, [version, JSON.stringify(policy), actor.id, now]);
    }
    async currentVersion(tx) {
        const { rows } = await tx.query('SELECT max(version) AS version FROM triage.policies');
        return rows[0]?.version ?? 0;
    }
};
exports.PolicyStore = PolicyStore;
exports.PolicyStore = PolicyStore = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __param(1, (0, common_1.Inject)(tokens_1.TRIAGE_CLOCK)),
    __metadata("design:paramtypes", [Function, Object])
], PolicyStore);
//# sourceMappingURL=policy-store.js.map