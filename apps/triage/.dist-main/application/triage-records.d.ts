import { type Sql } from '@redress/event-store';
import { type ClusterWindow, type ComplaintFacts, type ComplaintStatus, type TriageContext, type TriageDecision } from '../domain';
/** One row of `triage.complaints`: what triage knows about a complaint and its decision. */
export interface TriageRecord {
    complaintId: string;
    customerRef: string | null;
    clusterKey: string | null;
    lifecycle: ComplaintStatus;
    facts: ComplaintFacts | null;
    decision: TriageDecision | null;
    streamVersion: number;
}
/** Where a lifecycle fact stands among the complaint's others: its own time, then its stream. */
export interface LifecycleOrder {
    at: string;
    streamVersion: number;
    eventId: string;
}
/** An inbound event kept until the registration of its complaint arrives. */
export interface ParkedEvent {
    id: string;
    type: string;
    time: string;
    streamversion: number;
}
/** A complaint about to be decided, and what the escalation rules ask about its neighbours. */
export interface ContextQuery {
    complaintId: string;
    customerRef: string;
    /** The concrete subject the complaint shares with others; none forms no cluster. */
    clusterKey: string | undefined;
    /** One customer's "same problem" (`subjectKey`), for a repeat after closure. */
    subjectKey: string;
    registeredAt: string;
    subject: {
        type: string;
        productSku?: string | undefined;
        category: string;
    };
    /** The policy's cluster window. */
    windowDays: number;
}
/** The context of a decision, with the cluster window its count was found in. */
export type DecisionContext = TriageContext & {
    clusterWindow: ClusterWindow;
};
/**
 * The tables behind triage's decisions, always used inside the transaction that appends the
 * events they reflect: complaints with their current decision, the counts the escalation rules
 * need (cluster of complainants, repeat after closure, hot topics).
 */
export declare class TriageRecords {
    /** Locks the complaint's row (if any) for the rest of the transaction. */
    load(tx: Sql, complaintId: string): Promise<TriageRecord | undefined>;
    /** Writes facts and decision after events were appended up to `streamVersion`. */
    save(tx: Sql, record: {
        complaintId: string;
        customerRef: string;
        clusterKey: string | undefined;
        subjectKey: string;
        facts: ComplaintFacts;
        decision: TriageDecision;
        streamVersion: number;
    }, now: Date): Promise<void>;
    /**
     * Where the complaint stands in its life, merged by each lifecycle event's own order (its
     * time, then its stream version, then its id), never by arrival: lifecycle facts come from
     * several topics (intake, resolution, follow-up) whose records reach triage in no particular
     * order between them, so an older fact arriving late is ignored. A complaint triage has not
     * seen yet gets a row of its own, so news that arrives before the registration is not lost.
     * Resolves true when the fact was newer than what triage knew and was applied.
     */
    mergeLifecycle(tx: Sql, complaintId: string, lifecycle: ComplaintStatus, order: LifecycleOrder, now: Date): Promise<boolean>;
    /**
     * A row for a complaint triage has not seen yet (an amendment before its registration), so
     * that a registration decided at the same moment and this transaction wait for each other:
     * whichever inserts second waits until the first commits, then sees it.
     */
    claimRow(tx: Sql, complaintId: string, now: Date): Promise<void>;
    /** Keeps an event about a complaint not registered yet until its registration arrives. */
    park(tx: Sql, complaintId: string, event: ParkedEvent, now: Date): Promise<void>;
    /**
     * The events parked for a complaint, in their stream's order, removed in this transaction.
     * Called after the registration's row is written, in a statement of its own: a parking
     * transaction that claimed the row first has committed by then and is seen.
     */
    unpark(tx: Sql, complaintId: string): Promise<unknown[]>;
    /**
     * Serialises the decisions of one cluster for the rest of the transaction, so two complaints
     * of one cluster decided at the same moment (on different partitions, or side by side on one)
     * count each other: whichever takes the lock second sees the first. Read the context with a
     * statement that starts after this one (its snapshot then sees what committed before).
     */
    lockCluster(tx: Sql, clusterKey: string): Promise<void>;
    /**
     * `lockCluster` for the cluster a triaged complaint belongs to, read without locking its row,
     * so that the row is locked after the cluster, in the order a registration takes them. Returns
     * the key locked, or undefined for a complaint not triaged yet.
     */
    lockClusterOf(tx: Sql, complaintId: string): Promise<string | undefined>;
    /** The facts the escalation rules need about other complaints, under `lockCluster`. */
    context(tx: Sql, about: ContextQuery, lifecycle: ComplaintStatus): Promise<DecisionContext>;
    /**
     * `load` and `context` in one round-trip, under the cluster's lock (`lockCluster`, or taken
     * with BEGIN): for a registration, whose cluster is known before its row is read.
     */
    loadWithContext(tx: Sql, about: ContextQuery): Promise<{
        record: TriageRecord | undefined;
        context: DecisionContext;
    }>;
    /**
     * Open complaints of the cluster registered within `window` whose escalation class is still
     * below `belowRank`.
     */
    clusterMembers(tx: Sql, clusterKey: string, window: Pick<ClusterWindow, 'from' | 'until'>, except: string, belowRank: number): Promise<string[]>;
    /**
     * A page of the open, triaged complaints an active hot topic covers: the first `limit` after
     * `after` in complaint-id order, handed out by cluster, so that a transaction taking several
     * cluster locks takes them in the order every other one does.
     */
    hotTopicMembers(tx: Sql, topic: {
        subjectType: string;
        productSku?: string | null;
        category?: string | null;
    }, after: string | null, limit: number): Promise<Array<{
        complaintId: string;
        clusterKey: string | null;
    }>>;
}
