import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { HotTopicDetectedData } from '@redress/contracts';
import { type EventStore, type Sql } from '@redress/event-store';
import { ComplaintTriage } from '../complaint-triage';
import { TriageRecords } from '../triage-records';
/** Complaints re-assessed per transaction: short enough not to hold the relays back. */
export declare const SWEEP_PAGE_SIZE = 100;
/**
 * A hot topic raises every open complaint it covers (DOMAIN §5, `escalation.hotTopic`), which in
 * a product crisis can be thousands. `HotTopicDetected` only records a sweep (in the transaction
 * that processes the event); the sweep then re-assesses the members page by page, each page its
 * own short transaction that also moves the sweep's cursor, so no transaction holds the outbox
 * relays back for long, the event is never dead-lettered for its size, and a sweep cut short by a
 * crash goes on from its last page when the service starts again. Replicas share the work: a page
 * locks its sweep `FOR UPDATE SKIP LOCKED`.
 */
export declare class HotTopicSweeps implements OnApplicationBootstrap, OnApplicationShutdown {
    private readonly store;
    private readonly records;
    private readonly triage;
    private readonly logger;
    private draining;
    private stopped;
    constructor(store: EventStore, records: TriageRecords, triage: ComplaintTriage);
    /** Sweeps left unfinished by a stop or a crash go on in the background. */
    onApplicationBootstrap(): void;
    onApplicationShutdown(): Promise<void>;
    /** Records the sweep of a detected hot topic, in the transaction that processes the event. */
    open(tx: Sql, eventId: string, topic: HotTopicDetectedData, correlationId: string, now: Date): Promise<void>;
    /**
     * Works through every open sweep this process can lock, page by page, until none is left.
     * Resolves with the complaints re-assessed. One drain at a time in this process.
     */
    drain(): Promise<number>;
    private drainAll;
    /** One page of the oldest open sweep nobody else holds; undefined when there is none. */
    private sweepPage;
}
