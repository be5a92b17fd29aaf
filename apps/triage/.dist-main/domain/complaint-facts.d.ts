import type { ComplaintAmendedData, ComplaintRegisteredData, CustomerTier, Flags } from '@redress/contracts';
/**
 * What triage knows about a complaint: intake's `ComplaintRegistered` data (already masked),
 * updated by each `ComplaintAmended`. Only what the rules of DOMAIN §2 read.
 */
export interface ComplaintFacts {
    complaintId: string;
    /** ISO-8601; the SLA clocks and the age rules count from here. */
    registeredAt: string;
    subject: ComplaintRegisteredData['subject'];
    title?: string;
    description: string;
    /** ≥ 1; more than one person behind one complaint makes it collective. */
    complainantCount: number;
    flags: Flags;
    customerTier?: CustomerTier;
}
/** Where the complaint is in its life; only open complaints age into escalation. */
export type ComplaintStatus = 'open' | 'resolved' | 'closed' | 'withdrawn';
/** Facts about other complaints and the complaint's life, gathered by the application layer. */
export interface TriageContext {
    status: ComplaintStatus;
    /**
     * Distinct complainants with the same type and subject (`clusterKey`) within the policy's
     * cluster window, this complaint's complainant included (so at least 1).
     */
    clusterCount: number;
    /** The same customer's earlier complaint about the same subject was closed. */
    repeatAfterClosure: boolean;
    /** An active hot topic of analytics this complaint belongs to. */
    activeHotTopic?: {
        topicId: string;
        label?: string;
    };
    /**
     * For re-assessment: the fields an amendment changed (`ComplaintAmended.changedFields`). The
     * classification is recomputed only when the title, description or subject changed.
     */
    amendedFields?: readonly string[];
}
export declare function factsFromRegistration(data: ComplaintRegisteredData): ComplaintFacts;
/** The facts after an amendment: the fields present in `changes` replace the old ones. */
export declare function amendFacts(facts: ComplaintFacts, changes: ComplaintAmendedData['changes']): ComplaintFacts;
/** Identifiers of a complaint's subject that can name one concrete thing several people share. */
export declare const CLUSTER_SUBJECT_FIELDS: readonly ["productSku", "batchNo", "productModel", "staffId", "purchaseChannel"];
export type ClusterSubjectField = (typeof CLUSTER_SUBJECT_FIELDS)[number];
/**
 * The default of `escalation.cluster.subjects`: a product (SKU, batch, model) or a staff member.
 * `purchaseChannel` is left out: on most complaint desks it is a marketplace or "online", which
 * thousands of unrelated customers share; an enterprise whose channel names a store adds it.
 */
export declare const DEFAULT_CLUSTER_SUBJECTS: readonly ClusterSubjectField[];
/**
 * DOMAIN §2 "≥ 3 complaints of the same type from different complainants": what "the same"
 * means for the cluster count — the same type and the same concrete subject, named by the first
 * identifier of `subjects` (policy data: `escalation.cluster.subjects`) that the complaint
 * carries. A complaint that names none (a service complaint without a staff id, say) belongs to
 * no cluster: sharing a type and a category is not sharing a subject. Values are compared
 * trimmed and case-insensitively.
 */
export declare function clusterKey(facts: Pick<ComplaintFacts, 'subject'>, subjects?: readonly ClusterSubjectField[]): string | undefined;
/**
 * DOMAIN §2 "the same problem complained about again after it was closed": one customer's
 * complaints about the same type and SKU, or, without a SKU, the same type and category. Looser
 * than `clusterKey`, since it only ever compares one customer's own complaints.
 */
export declare function subjectKey(facts: Pick<ComplaintFacts, 'subject'>, category: string): string;
