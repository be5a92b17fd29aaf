import type { Clock } from '@redress/business-time';
import type { ComplaintRegisteredData } from '@redress/contracts';
import type { EventStore, Sql } from '@redress/event-store';
import { Timers } from '@redress/timers';
import { type CompiledPolicy, type ComplaintFacts, type SupervisorReclassification, type TriageDecision } from '../domain';
import { PolicyStore } from './policy/policy-store';
import { type EventContext } from './triage-events';
import { TriageRecords } from './triage-records';
/** A registration's decision, prepared before its transaction (`planRegistration`). */
export interface RegistrationPlan {
    compiled: CompiledPolicy;
    facts: ComplaintFacts;
    customerRef: string;
    category: string;
    /**
     * The concrete subject it shares with others, whose lock the decision's transaction must hold;
     * none for a complaint that names no subject of the policy's (it belongs to no cluster).
     */
    clusterKey: string | undefined;
}
/** What changes a re-assessment looks at, beyond the time and the stored facts. */
export interface ReassessOptions {
    /**
     * The facts after an amendment or a linked duplicate, from the stored ones (read once, with
     * the row); the stored facts are used as they are otherwise.
     */
    changeFacts?: (stored: ComplaintFacts) => ComplaintFacts;
    /** The transaction already holds the complaint's cluster lock (a cluster being escalated). */
    clusterLocked?: boolean;
    /** `ComplaintAmended.changedFields`: classification is redone when the text or subject changed. */
    amendedFields?: readonly string[];
    /** The cluster size a newer complaint of the same cluster counted (it covers this one too). */
    clusterCount?: number;
}
/**
 * Triage's use of its domain: gathers the facts and the context the rules of DOMAIN §2 need,
 * asks the domain for the decision, appends the resulting events to the complaint's triage
 * stream and brings `triage.complaints` and the timers up to date, all in the caller's
 * transaction (which also records the inbound event as processed).
 */
export declare class ComplaintTriage {
    private readonly store;
    private readonly clock;
    private readonly records;
    private readonly policies;
    private readonly timers;
    constructor(store: EventStore, clock: Clock, records: TriageRecords, policies: PolicyStore, timers: Timers);
    /**
     * What a registration's decision needs before its transaction begins: the policy, the facts
     * and the cluster, whose lock the transaction takes with BEGIN.
     */
    planRegistration(data: ComplaintRegisteredData): Promise<RegistrationPlan>;
    /**
     * `ComplaintRegistered`: the first decision (`ComplaintTriaged`), once per complaint, in a
     * transaction that already holds the lock of `plan.clusterKey` (`planRegistration`).
     */
    triageRegistration(tx: Sql, plan: RegistrationPlan, cause: EventContext): Promise<void>;
    /**
     * Re-assesses one triaged complaint (amendment, linked duplicate, timer, cluster, hot topic,
     * reopening); appends what changed. Does nothing for a complaint not triaged yet.
     */
    reassessComplaint(tx: Sql, complaintId: string, cause: EventContext, options?: ReassessOptions): Promise<TriageDecision | undefined>;
    /** A supervisor's reclassification (CONTRACT `POST /triage/:complaintId/reclassification`). */
    reclassifyComplaint(tx: Sql, complaintId: string, input: SupervisorReclassification, cause: EventContext): Promise<TriageDecision>;
    /**
     * DOMAIN §2: "≥ 3 complaints of the same type from different complainants within one month"
     * makes all of them hot. When this complaint's count reaches a cluster rule, the open
     * complaints of the same cluster within the window are re-assessed with that count.
     */
    private escalateCluster;
    private contextQuery;
    private commit;
    private append;
}
