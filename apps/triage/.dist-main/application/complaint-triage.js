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
exports.ComplaintTriage = void 0;
const common_1 = require("@nestjs/common");
const timers_1 = require("@redress/timers");
const domain_1 = require("../domain");
const grades_1 = require("../domain/grades");
const errors_1 = require("./errors");
const policy_store_1 = require("./policy/policy-store");
const escalation_timer_1 = require("./timers/escalation-timer");
const tokens_1 = require("./tokens");
const triage_events_1 = require("./triage-events");
const triage_records_1 = require("./triage-records");
/**
 * Triage's use of its domain: gathers the facts and the context the rules of DOMAIN §2 need,
 * asks the domain for the decision, appends the resulting events to the complaint's triage
 * stream and brings `triage.complaints` and the timers up to date, all in the caller's
 * transaction (which also records the inbound event as processed).
 */
let ComplaintTriage = class ComplaintTriage {
    store;
    clock;
    records;
    policies;
    timers;
    constructor(store, clock, records, policies, timers) {
        this.store = store;
        this.clock = clock;
        this.records = records;
        this.policies = policies;
        this.timers = timers;
    }
    /**
     * What a registration's decision needs before its transaction begins: the policy, the facts
     * and the cluster, whose lock the transaction takes with BEGIN.
     */
    async planRegistration(data) {
        const compiled = await this.policies.current(this.store.pool);
        const facts = (0, domain_1.factsFromRegistration)(data);
        const { category } = (0, domain_1.classify)(facts, compiled);
        return {
            compiled,
            facts,
            customerRef: data.customer.customerRef,
            category,
            clusterKey: (0, domain_1.clusterKey)(facts, compiled.policy.escalation.cluster.subjects),
        };
    }
    /**
     * `ComplaintRegistered`: the first decision (`ComplaintTriaged`), once per complaint, in a
     * transaction that already holds the lock of `plan.clusterKey` (`planRegistration`).
     */
    async triageRegistration(tx, plan, cause) {
        const { compiled, facts, customerRef, category, clusterKey: key } = plan;
        const now = this.clock.now();
        const { record: existing, context } = await this.records.loadWithContext(tx, this.contextQuery(facts, customerRef, key, category, compiled));
        if (existing?.decision)
            return;
        const decision = (0, domain_1.triage)(facts, context, compiled, now);
        const events = [{ type: 'ComplaintTriaged', data: decision }];
        const review = (0, domain_1.reviewRequestFor)(facts, decision, compiled, now);
        if (review)
            events.push({ type: 'TriageReviewRequested', data: review });
        await this.commit(tx, { complaintId: facts.complaintId, customerRef, streamVersion: existing?.streamVersion ?? 0 }, facts, decision, events, compiled, cause, now);
        if (key !== undefined) {
            await this.escalateCluster(tx, compiled, key, facts, context.clusterWindow, cause);
        }
    }
    /**
     * Re-assesses one triaged complaint (amendment, linked duplicate, timer, cluster, hot topic,
     * reopening); appends what changed. Does nothing for a complaint not triaged yet.
     */
    async reassessComplaint(tx, complaintId, cause, options = {}) {
        // The cluster's lock before the complaint's row, as a registration takes them (the cluster
        // with BEGIN, then the rows it escalates): taken the other way round, the two could deadlock.
        const locked = options.clusterLocked
            ? undefined
            : await this.records.lockClusterOf(tx, complaintId);
        const record = await this.records.load(tx, complaintId);
        if (!record?.decision || !record.facts || !record.customerRef)
            return undefined;
        const compiled = await this.policies.current(tx);
        const now = this.clock.now();
        const facts = options.changeFacts?.(record.facts) ?? record.facts;
        const key = (0, domain_1.clusterKey)(facts, compiled.policy.escalation.cluster.subjects);
        if (!options.clusterLocked && key !== undefined && key !== locked) {
            await this.records.lockCluster(tx, key);
        }
        const context = await this.records.context(tx, this.contextQuery(facts, record.customerRef, key, record.decision.category, compiled), record.lifecycle);
        if (options.clusterCount !== undefined) {
            context.clusterCount = Math.max(context.clusterCount, options.clusterCount);
        }
        if (options.amendedFields)
            context.amendedFields = options.amendedFields;
        const result = (0, domain_1.reassess)(record.decision, facts, context, compiled, now);
        if (result.events.length === 0 && options.changeFacts === undefined)
            return record.decision;
        await this.commit(tx, record, facts, result.decision, result.events, compiled, cause, now);
        return result.decision;
    }
    /** A supervisor's reclassification (CONTRACT `POST /triage/:complaintId/reclassification`). */
    async reclassifyComplaint(tx, complaintId, input, cause) {
        const record = await this.records.load(tx, complaintId);
        if (!record?.decision || !record.facts)
            throw new errors_1.ComplaintNotTriaged(complaintId);
        const compiled = await this.policies.current(tx);
        const now = this.clock.now();
        const { decision, reclassified } = (0, domain_1.reclassify)(record.decision, input, compiled, now);
        await this.commit(tx, record, record.facts, decision, [{ type: 'ComplaintReclassified', data: reclassified }], compiled, cause, now);
        return decision;
    }
    /**
     * DOMAIN §2: "≥ 3 complaints of the same type from different complainants within one month"
     * makes all of them hot. When this complaint's count reaches a cluster rule, the open
     * complaints of the same cluster within the window are re-assessed with that count.
     */
    async escalateCluster(tx, compiled, key, facts, window, cause) {
        const clusterCount = window.count;
        const reached = compiled.policy.escalation.cluster.rules.filter((rule) => clusterCount >= rule.minComplainants);
        if (reached.length === 0)
            return;
        const clusterClass = reached.map((rule) => rule.class).reduce(grades_1.higherClass);
        const members = await this.records.clusterMembers(tx, key, window, facts.complaintId, (0, grades_1.classRank)(clusterClass));
        for (const member of members) {
            // Members were selected by this cluster key, whose lock this transaction holds.
            await this.reassessComplaint(tx, member, cause, { clusterCount, clusterLocked: true });
        }
    }
    contextQuery(facts, customerRef, key, category, compiled) {
        return {
            complaintId: facts.complaintId,
            customerRef,
            clusterKey: key,
            subjectKey: (0, domain_1.subjectKey)(facts, category),
            registeredAt: facts.registeredAt,
            subject: { type: facts.subject.type, productSku: facts.subject.productSku, category },
            windowDays: compiled.policy.escalation.cluster.windowDays,
        };
    }
    async commit(tx, record, facts, decision, events, compiled, cause, now) {
        const version = await this.append(tx, record.complaintId, record.streamVersion, events, cause);
        await this.records.save(tx, {
            complaintId: record.complaintId,
            customerRef: record.customerRef ?? '',
            clusterKey: (0, domain_1.clusterKey)(facts, compiled.policy.escalation.cluster.subjects),
            subjectKey: (0, domain_1.subjectKey)(facts, decision.category),
            facts,
            decision,
            streamVersion: version,
        }, now);
        await (0, escalation_timer_1.armEscalationTimers)(this.timers, tx, record.complaintId, (0, domain_1.escalationTimers)(facts, decision, compiled), now);
    }
    async append(tx, complaintId, expectedVersion, events, cause) {
        if (events.length === 0)
            return expectedVersion;
        for (const event of events)
            triage_events_1.triageEvents.assertValid(event.type, event.data);
        await this.store.append(tx, complaintId, expectedVersion, events.map((event) => ({
            type: event.type,
            schemaVersion: triage_events_1.triageEvents.currentVersion(event.type),
            data: event.data,
        })), {
            source: triage_events_1.TRIAGE_SOURCE,
            correlationId: cause.correlationId,
            ...(cause.causationId ? { causationId: cause.causationId } : {}),
            actor: cause.actor,
        });
        return expectedVersion + events.length;
    }
};
exports.ComplaintTriage = ComplaintTriage;
exports.ComplaintTriage = ComplaintTriage = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __param(1, (0, common_1.Inject)(tokens_1.TRIAGE_CLOCK)),
    __metadata("design:paramtypes", [Function, Object, triage_records_1.TriageRecords,
        policy_store_1.PolicyStore,
        timers_1.Timers])
], ComplaintTriage);
//# sourceMappingURL=complaint-triage.js.map