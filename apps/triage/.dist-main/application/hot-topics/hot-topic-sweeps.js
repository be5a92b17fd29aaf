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
exports.HotTopicSweeps = exports.SWEEP_PAGE_SIZE = void 0;
const common_1 = require("@nestjs/common");
const event_store_1 = require("@redress/event-store");
const complaint_triage_1 = require("../complaint-triage");
const tokens_1 = require("../tokens");
const triage_events_1 = require("../triage-events");
const triage_records_1 = require("../triage-records");
/** Complaints re-assessed per transaction: short enough not to hold the relays back. */
exports.SWEEP_PAGE_SIZE = 100;
/**
 * A hot topic raises every open complaint it covers (DOMAIN §5, `escalation.hotTopic`), which in
 * a product crisis can be thousands. `HotTopicDetected` only records a sweep (in the transaction
 * that processes the event); the sweep then re-assesses the members page by page, each page its
 * own short transaction that also moves the sweep's cursor, so no transaction holds the outbox
 * relays back for long, the event is never dead-lettered for its size, and a sweep cut short by a
 * crash goes on from its last page when the service starts again. Replicas share the work: a page
 * locks its sweep `FOR UPDATE SKIP LOCKED`.
 */
let HotTopicSweeps = class HotTopicSweeps {
    store;
    records;
    triage;
    logger = new common_1.Logger('HotTopicSweeps');
    draining;
    stopped = false;
    constructor(store, records, triage) {
        this.store = store;
        this.records = records;
        this.triage = triage;
    }
    /** Sweeps left unfinished by a stop or a crash go on in the background. */
    onApplicationBootstrap() {
        this.drain().catch((error) => this.logger.error(`resuming hot-topic sweeps failed: ${String(error)}`));
    }
    async onApplicationShutdown() {
        this.stopped = true;
        await this.draining?.catch(() => undefined);
    }
    /** Records the sweep of a detected hot topic, in the transaction that processes the event. */
    async open(tx, eventId, topic, correlationId, now) {
        await (0, event_store_1.queryPrepared)(tx, `INSERT INTO triage.hot_topic_sweeps
         (event_id, topic_id, subject_type, category, product_sku, correlation_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`, [
            eventId,
            topic.topicId,
            topic.subjectType,
            topic.category ?? null,
            topic.productSku ?? null,
            correlationId,
            now,
        ]);
    }
    /**
     * Works through every open sweep this process can lock, page by page, until none is left.
     * Resolves with the complaints re-assessed. One drain at a time in this process.
     */
    async drain() {
        while (this.draining)
            await this.draining.catch(() => undefined);
        this.draining = this.drainAll();
        try {
            return await this.draining;
        }
        finally {
            this.draining = undefined;
        }
    }
    async drainAll() {
        let reassessed = 0;
        while (!this.stopped) {
            const page = await this.store.transaction((tx) => this.sweepPage(tx));
            if (page === undefined)
                return reassessed;
            reassessed += page;
        }
        return reassessed;
    }
    /** One page of the oldest open sweep nobody else holds; undefined when there is none. */
    async sweepPage(tx) {
        const { rows } = await (0, event_store_1.queryPrepared)(tx, `SELECT event_id, topic_id, subject_type, category, product_sku, correlation_id,
              after_complaint_id
         FROM triage.hot_topic_sweeps WHERE done_at IS NULL
        ORDER BY created_at, event_id LIMIT 1 FOR UPDATE SKIP LOCKED`, []);
        const sweep = rows[0];
        if (!sweep)
            return undefined;
        const members = await this.records.hotTopicMembers(tx, { subjectType: sweep.subject_type, productSku: sweep.product_sku, category: sweep.category }, sweep.after_complaint_id, exports.SWEEP_PAGE_SIZE);
        const cause = {
            actor: triage_events_1.TRIAGE_ACTOR,
            correlationId: sweep.correlation_id,
            causationId: sweep.event_id,
        };
        for (const member of members) {
            await this.triage.reassessComplaint(tx, member.complaintId, cause);
        }
        const last = members.reduce((max, m) => (max === null || m.complaintId > max ? m.complaintId : max), sweep.after_complaint_id);
        const done = members.length < exports.SWEEP_PAGE_SIZE;
        await (0, event_store_1.queryPrepared)(tx, `UPDATE triage.hot_topic_sweeps
          SET after_complaint_id = $2, reassessed = reassessed + $3,
              done_at = CASE WHEN $4 THEN now() END
        WHERE event_id = $1`, [sweep.event_id, last, members.length, done]);
        if (done) {
            this.logger.log(`hot topic ${sweep.topic_id}: sweep of its open complaints finished`);
        }
        return members.length;
    }
};
exports.HotTopicSweeps = HotTopicSweeps;
exports.HotTopicSweeps = HotTopicSweeps = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_EVENT_STORE)),
    __metadata("design:paramtypes", [Function, triage_records_1.TriageRecords,
        complaint_triage_1.ComplaintTriage])
], HotTopicSweeps);
//# sourceMappingURL=hot-topic-sweeps.js.map