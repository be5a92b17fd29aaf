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
exports.TriageInbox = exports.TRIAGE_CONSUMER = exports.inboundEvents = void 0;
const common_1 = require("@nestjs/common");
const contracts_1 = require("@redress/contracts");
const event_store_1 = require("@redress/event-store");
const domain_1 = require("../../domain");
const complaint_triage_1 = require("../complaint-triage");
const hot_topic_sweeps_1 = require("../hot-topics/hot-topic-sweeps");
const tokens_1 = require("../tokens");
const triage_events_1 = require("../triage-events");
const triage_records_1 = require("../triage-records");
/** The events triage reacts to; every other type on its topics is ignored. */
exports.inboundEvents = new contracts_1.EventRegistry([...contracts_1.INTAKE_EVENTS, ...contracts_1.LIFECYCLE_EVENTS]);
/** The ledger name under which triage records the inbound events it processed. */
exports.TRIAGE_CONSUMER = 'triage';
/**
 * Where every inbound event enters triage. Each is validated (an invalid one throws
 * `InvalidEvent`, which the messaging layer dead-letters), then handled exactly once in
 * effect: the event id is recorded in the same transaction as everything it changes, so a
 * redelivery finds it and changes nothing.
 */
let TriageInbox = class TriageInbox {
    store;
    clock;
    triage;
    records;
    sweeps;
    logger = new common_1.Logger('TriageInbox');
    constructor(store, clock, triage, records, sweeps) {
        this.store = store;
        this.clock = clock;
        this.triage = triage;
        this.records = records;
        this.sweeps = sweeps;
    }
    /**
     * Handles one inbound record: its value and its Kafka key, which on every Redress topic is the
     * complaint the event is about. Returns what happened, for logs and tests.
     */
    async receive(value, key) {
        const event = exports.inboundEvents.parse(value);
        if (event)
            assertKeyedByComplaint(event, key);
        // An acknowledgement changes nothing triage knows: no transaction, no ledger row (a
        // redelivery is as harmless). Every registration is followed by one, so this halves the
        // transactions triage runs.
        if (!event || event.type === 'ComplaintAcknowledged')
            return 'ignored';
        const cause = {
            actor: triage_events_1.TRIAGE_ACTOR,
            correlationId: event.correlationid,
            causationId: event.id,
        };
        if (event.type === 'ComplaintRegistered') {
            // The cluster lock comes with BEGIN: one round-trip for BEGIN, lock and ledger row.
            const plan = await this.triage.planRegistration(event.data);
            return (0, event_store_1.processOnce)(this.store, exports.TRIAGE_CONSUMER, event.id, async (tx) => {
                await this.triage.triageRegistration(tx, plan, cause);
                await this.applyParked(tx, event.data.complaintId);
            }, plan.clusterKey === undefined ? {} : { lockKey: plan.clusterKey });
        }
        const outcome = await (0, event_store_1.processOnce)(this.store, exports.TRIAGE_CONSUMER, event.id, (tx) => this.apply(tx, event, cause));
        // Also after a redelivery: a sweep cut short by a failure goes on.
        if (event.type === 'HotTopicDetected')
            await this.sweeps.drain();
        return outcome;
    }
    async apply(tx, event, cause) {
        const now = this.clock.now();
        switch (event.type) {
            case 'ComplaintRegistered':
                return; // decided in `receive`, under its cluster's lock
            case 'ComplaintAmended':
                return this.applyOrPark(tx, event, cause, {
                    changeFacts: (stored) => (0, domain_1.amendFacts)(stored, event.data.changes),
                    amendedFields: event.data.changedFields,
                });
            case 'DuplicateComplaintLinked':
                // The customer came back about the same subject: what they say now counts too.
                return this.applyOrPark(tx, event, cause, {
                    changeFacts: (stored) => ({
                        ...stored,
                        flags: mergeFlags(stored.flags, event.data.flags),
                        complainantCount: Math.max(stored.complainantCount, event.data.complainantCount),
                    }),
                });
            case 'ComplaintWithdrawn':
                await this.mergeLifecycle(tx, event, 'withdrawn', now);
                return;
            case 'ComplaintResolved':
                await this.mergeLifecycle(tx, event, 'resolved', now);
                return;
            case 'ComplaintClosed':
                await this.mergeLifecycle(tx, event, 'closed', now);
                return;
            case 'ComplaintReopened':
                // Open again: the age rules and everything else apply from now on — unless a later
                // fact (closed again, withdrawn) is already known.
                if (await this.mergeLifecycle(tx, event, 'open', now)) {
                    await this.triage.reassessComplaint(tx, event.data.complaintId, cause);
                }
                return;
            case 'HotTopicDetected': {
                const topic = event.data;
                await tx.query(`INSERT INTO triage.hot_topics (topic_id, subject_type, category, product_sku, detected_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (topic_id) DO UPDATE SET subject_type = EXCLUDED.subject_type,
             category = EXCLUDED.category, product_sku = EXCLUDED.product_sku,
             detected_at = EXCLUDED.detected_at, cooled_at = NULL`, [
                    topic.topicId,
                    topic.subjectType,
                    topic.category ?? null,
                    topic.productSku ?? null,
                    topic.detectedAt,
                ]);
                // Its open complaints are re-assessed in pages after this commits (HotTopicSweeps).
                await this.sweeps.open(tx, event.id, topic, event.correlationid, now);
                return;
            }
            case 'HotTopicCooled':
                // A cooled topic stops raising new complaints; grades already given stay.
                await tx.query('UPDATE triage.hot_topics SET cooled_at = $2 WHERE topic_id = $1', [
                    event.data.topicId,
                    event.data.cooledAt,
                ]);
                return;
            case 'ComplaintAcknowledged':
                return; // ignored in `receive`
            default: {
                const unhandled = event;
                return unhandled;
            }
        }
    }
    /**
     * Re-assesses a triaged complaint with what the event changed. For a complaint triage has not
     * seen yet (its registration is late, or waits in the dead-letter topic), the event is parked
     * and applied when the registration arrives: nothing is recorded as processed and forgotten.
     */
    async applyOrPark(tx, event, cause, options) {
        const complaintId = event.data.complaintId;
        if (await this.triage.reassessComplaint(tx, complaintId, cause, options))
            return;
        // Not triaged yet: claim the row, which waits for a registration being decided right now,
        // and look again before parking.
        await this.records.claimRow(tx, complaintId, this.clock.now());
        if (await this.triage.reassessComplaint(tx, complaintId, cause, options))
            return;
        await this.records.park(tx, complaintId, event, this.clock.now());
        this.logger.log(`${event.type} ${event.id} arrived before complaint ${complaintId} was registered: parked`);
    }
    /** The events parked for a complaint just triaged, applied in their stream's order. */
    async applyParked(tx, complaintId) {
        for (const value of await this.records.unpark(tx, complaintId)) {
            const event = exports.inboundEvents.parse(value);
            if (!event)
                continue;
            await this.apply(tx, event, {
                actor: triage_events_1.TRIAGE_ACTOR,
                correlationId: event.correlationid,
                causationId: event.id,
            });
        }
    }
    /** A lifecycle fact, merged by the event's own order; true when it was the newest known. */
    mergeLifecycle(tx, event, lifecycle, now) {
        const complaintId = complaintOf(event);
        if (complaintId === undefined)
            return Promise.resolve(false);
        return this.records.mergeLifecycle(tx, complaintId, lifecycle, { at: event.time, streamVersion: event.streamversion, eventId: event.id }, now);
    }
};
exports.TriageInbox = TriageInbox;
exports.TriageInbox = TriageInbox = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __param(1, (0, common_1.Inject)(tokens_1.TRIAGE_CLOCK)),
    __metadata("design:paramtypes", [Function, Object, complaint_triage_1.ComplaintTriage,
        triage_records_1.TriageRecords,
        hot_topic_sweeps_1.HotTopicSweeps])
], TriageInbox);
/**
 * A record whose Kafka key is not the complaint its event is about was written by something
 * other than the platform's publisher (which keys by `subject`): it may sit on the wrong
 * partition, out of order with the complaint's other events, so it is not trusted.
 */
function assertKeyedByComplaint(event, key) {
    const about = complaintOf(event);
    if (about !== undefined && key !== about) {
        throw new contracts_1.InvalidEvent(`${event.type} ${event.id} is about complaint ${about} but its Kafka key is ` +
            `${key === null ? 'missing' : JSON.stringify(key.slice(0, 80))}`);
    }
}
/** The complaint an inbound event is about; a hot topic is about several, and keyed by itself. */
function complaintOf(event) {
    switch (event.type) {
        case 'HotTopicDetected':
        case 'HotTopicCooled':
            return undefined;
        default:
            return event.data.complaintId;
    }
}
function mergeFlags(a, b) {
    const merged = { ...a };
    for (const [name, value] of Object.entries(b)) {
        merged[name] = merged[name] || value;
    }
    return merged;
}
//# sourceMappingURL=triage-inbox.js.map