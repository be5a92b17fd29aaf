import type { EventStore } from '@redress/event-store';
import { type AuthUser } from '@redress/platform';
import type { TriageDecision } from '../../domain';
export interface ReviewQueueItem {
    complaintId: string;
    registeredAt: string;
    type: string;
    category: string;
    department: string;
    severity: string;
    escalationClass: string;
    confidence: number;
    policyVersion: number;
    rulesFired: TriageDecision['rulesFired'];
}
/** Reads of `triage.complaints`, scoped by department like every complaint read. */
export declare class TriageQueries {
    private readonly store;
    constructor(store: EventStore);
    decision(complaintId: string, user: AuthUser): Promise<TriageDecision>;
    /** Unsure decisions waiting for a person, newest first (keyset pagination). */
    reviewQueue(user: AuthUser, page: {
        limit?: number | undefined;
        cursor?: string | undefined;
    }): Promise<{
        items: ReviewQueueItem[];
        nextCursor: string | null;
    }>;
}
