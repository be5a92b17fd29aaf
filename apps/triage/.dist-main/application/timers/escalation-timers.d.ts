import type { Clock } from '@redress/business-time';
import type { EventStore } from '@redress/event-store';
import { type Registry } from '@redress/platform';
import { ComplaintTriage } from '../complaint-triage';
import type { TriageConfig } from '../../triage.config';
/**
 * DOMAIN §2: unresolved 7 days after registration → hot, 30 days → major, "without anyone
 * touching it". Each decision arms `triage.escalation` timers (`armEscalationTimers`); this
 * worker of the timers lib fires them: it re-assesses the complaint at the current time in the
 * transaction that consumes the timer, so the escalation it appends and the timer's removal
 * commit together, and each timer fires once across restarts and replicas. A complaint
 * resolved, closed or withdrawn by then is not escalated. Time comes from the injected clock.
 */
export declare class EscalationTimers {
    private readonly worker;
    constructor(config: TriageConfig, store: EventStore, clock: Clock, registry: Registry, triage: ComplaintTriage);
    onApplicationBootstrap(): void;
    /** Before the pool closes (`onApplicationShutdown`): firings in flight finish first. */
    beforeApplicationShutdown(): Promise<void>;
    /** Fires every escalation timer due now; resolves with how many fired (tests, operations). */
    fireDue(): Promise<number>;
}
