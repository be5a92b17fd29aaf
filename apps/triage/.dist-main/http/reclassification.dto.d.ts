import { type EscalationClass, type Severity, type SubjectType } from '@redress/contracts';
import { PageQuery } from '@redress/platform';
/** CONTRACT `POST /triage/:complaintId/reclassification`: a supervisor decides otherwise. */
export declare class ReclassificationDto {
    reason: string;
    type?: SubjectType;
    category?: string;
    subcategory?: string | null;
    severity?: Severity;
    escalationClass?: EscalationClass;
    department?: string;
}
/** The review queue is paged like every list. */
export declare class ReviewQueueQuery extends PageQuery {
}
