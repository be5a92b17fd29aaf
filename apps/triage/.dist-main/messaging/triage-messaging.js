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
exports.TriageMessaging = exports.triageMessagingProviders = exports.SUBSCRIBED_TOPICS = void 0;
exports.triageEventTransport = triageEventTransport;
const common_1 = require("@nestjs/common");
const prom_client_1 = require("prom-client");
const contracts_1 = require("@redress/contracts");
const messaging_1 = require("@redress/messaging");
const nest_messaging_1 = require("@redress/nest-messaging");
const platform_1 = require("@redress/platform");
const tokens_1 = require("../application/tokens");
/** What triage listens to: registrations and amendments, lifecycle news, hot topics. */
exports.SUBSCRIBED_TOPICS = [
    contracts_1.TOPICS.intake,
    contracts_1.TOPICS.resolution,
    contracts_1.TOPICS.followup,
    contracts_1.TOPICS.analytics,
];
/**
 * Inbound: one consumer group over the subscribed topics, whose records reach the
 * `@EventPattern` handlers of `TriageEventsController`. An event that is not valid goes to
 * `complaints.dlq.triage` at once, one that keeps failing after `TRIAGE_MAX_ATTEMPTS` tries too.
 * The topics are created if they do not exist yet, so triage can start before their services.
 */
function triageEventTransport(kafka, config) {
    return new nest_messaging_1.KafkaEventTransport(kafka, {
        groupId: config.TRIAGE_CONSUMER_GROUP,
        topics: exports.SUBSCRIBED_TOPICS,
        maxAttempts: config.TRIAGE_MAX_ATTEMPTS,
        keyConcurrency: config.TRIAGE_KEY_CONCURRENCY,
        createTopics: {
            partitions: config.KAFKA_PARTITIONS,
            replicationFactor: config.KAFKA_REPLICATION_FACTOR,
        },
    });
}
/**
 * Triage's Kafka client, shared by everything below, and its inbound transport, which the
 * platform's `createServiceApp` finds and connects (a hybrid application).
 */
exports.triageMessagingProviders = [
    {
        provide: tokens_1.TRIAGE_KAFKA,
        inject: [tokens_1.TRIAGE_CONFIG],
        useFactory: (config) => (0, messaging_1.createKafka)({
            brokers: (0, messaging_1.parseBrokers)(config.KAFKA_BROKERS),
            clientId: config.KAFKA_CLIENT_ID,
            topicPrefix: config.KAFKA_TOPIC_PREFIX,
        }),
    },
    {
        provide: nest_messaging_1.KafkaEventTransport,
        inject: [tokens_1.TRIAGE_KAFKA, tokens_1.TRIAGE_CONFIG],
        useFactory: triageEventTransport,
    },
];
/**
 * Outbound: the outbox publishes `triage.events` to `complaints.triage.v1`. Also the Kafka
 * probe for readiness, the consumer's dead-letter count for metrics, and the order of shutdown.
 * Neither the outbox nor the inbound transport stops the service from starting while Kafka is
 * down: both keep trying, and readiness reports Kafka until it answers.
 */
let TriageMessaging = class TriageMessaging {
    pool;
    kafka;
    events;
    outbox;
    constructor(config, pool, registry, kafka, events) {
        this.pool = pool;
        this.kafka = kafka;
        this.events = events;
        const outbox = new messaging_1.OutboxPublisher(kafka, {
            pool,
            schema: 'triage',
            topic: {
                topic: contracts_1.TOPICS.triage,
                partitions: config.KAFKA_PARTITIONS,
                replicationFactor: config.KAFKA_REPLICATION_FACTOR,
            },
            logger: new common_1.Logger('TriageOutbox'),
        });
        this.outbox = outbox;
        (0, platform_1.registerOutboxLag)(registry, outbox);
        (0, platform_1.registerOutboxQuarantine)(registry, outbox);
        new prom_client_1.Gauge({
            name: 'redress_consumer_dead_lettered_total',
            help: 'Inbound events sent to the dead-letter topic since the service started',
            registers: [registry],
            collect() {
                this.set(events.stats().deadLettered);
            },
        });
        new prom_client_1.Gauge({
            name: 'redress_consumer_retried_total',
            // Climbs steadily while the database is unreachable: those retries never dead-letter.
            help: 'Tries of inbound events that failed and were retried since the service started',
            registers: [registry],
            collect() {
                this.set(events.stats().retried);
            },
        });
    }
    onApplicationBootstrap() {
        return this.outbox.start();
    }
    /**
     * Nest closes the inbound transport before this hook (its consumer has finished the events in
     * flight and committed), so the outbox can publish what they wrote before the pool closes.
     */
    async onApplicationShutdown() {
        await this.outbox.stop();
        await this.pool.end();
    }
    checkKafka() {
        return (0, messaging_1.checkKafka)(this.kafka);
    }
    /** Resolves once the consumer has joined its group and holds its partitions. */
    consuming(timeoutMs = 60_000) {
        return this.events.consuming(timeoutMs);
    }
    /** Resolves once every triage event committed so far is on Kafka (tests, drains). */
    drain(options = {}) {
        return this.outbox.drain(options);
    }
};
exports.TriageMessaging = TriageMessaging;
exports.TriageMessaging = TriageMessaging = __decorate([
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(tokens_1.TRIAGE_CONFIG)),
    __param(1, (0, common_1.Inject)(tokens_1.TRIAGE_PG_POOL)),
    __param(2, (0, common_1.Inject)(platform_1.METRICS_REGISTRY)),
    __param(3, (0, common_1.Inject)(tokens_1.TRIAGE_KAFKA)),
    __metadata("design:paramtypes", [Function, Function, Function, Object, nest_messaging_1.KafkaEventTransport])
], TriageMessaging);
//# sourceMappingURL=triage-messaging.js.map