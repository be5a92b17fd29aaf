import { BaseServiceConfig } from '@redress/platform';
/**
 * Triage's environment, validated at start: a missing or malformed variable stops the service
 * with its name in the message. The triage policy itself (taxonomy, routing, severity,
 * escalation, SLA, calendar) is data, changed through `PUT /triage/policy`, not configuration.
 */
export declare class TriageConfig extends BaseServiceConfig {
    PORT: number;
    DATABASE_URL: string;
    KAFKA_CLIENT_ID: string;
    /** Connections of triage's pool (consumer, timers, HTTP). */
    DATABASE_POOL_SIZE: number;
    /**
     * Longest wait between two looks for due escalation timers. The worker sleeps until the next
     * timer is due and is woken by timers this replica arms; this bounds how late it notices
     * timers armed by other replicas.
     */
    TRIAGE_TIMER_POLL_MS: number;
    /** Consumer group of triage; its dead letters go to `complaints.dlq.<group>`. */
    TRIAGE_CONSUMER_GROUP: string;
    /** Tries of one inbound event before it goes to the dead-letter topic. */
    TRIAGE_MAX_ATTEMPTS: number;
    /**
     * Inbound events of one partition handled at the same time: events of one complaint always
     * one after another, in order; those of different complaints side by side (a decision mostly
     * waits on the database). 1 handles each partition strictly in order.
     */
    TRIAGE_KEY_CONCURRENCY: number;
}
