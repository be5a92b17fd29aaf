import { type EventStore } from '@redress/event-store';
import type { TriageDecision } from '../../domain';
import type { ReclassificationDto } from '../../http/reclassification.dto';
import { ComplaintTriage } from '../complaint-triage';
import type { EventContext } from '../triage-events';
/** A supervisor's override: type, category, grade or department, with a reason. */
export declare class ReclassifyComplaint {
    private readonly store;
    private readonly triage;
    constructor(store: EventStore, triage: ComplaintTriage);
    execute(complaintId: string, dto: ReclassificationDto, context: EventContext, idempotencyKey?: string): Promise<TriageDecision>;
}
