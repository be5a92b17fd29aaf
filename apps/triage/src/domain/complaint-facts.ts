import type {
  ComplaintAmendedData,
  ComplaintRegisteredData,
  CustomerTier,
  Flags,
} from '@redress/contracts';

/**
 * What triage knows about a complaint: intake's `ComplaintRegistered` data (already masked),
 * updated by each `ComplaintAmended`. Only what the rules of DOMAIN §2 read.
 */
export interface ComplaintFacts {
  complaintId: string;
  /** ISO-8601: when intake registered it (for an imported complaint, when it was imported). */
  registeredAt: string;
  /**
   * ISO-8601: when the company received it (`ComplaintRegistered.receivedAt`). The SLA clocks,
   * the age rules and the cluster window count from here (`receivedAtOf`): DOMAIN §2 "after
   * receipt". Equal to `registeredAt` for a live complaint; absent from facts stored before
   * version 2 of the registration, which were all live.
   */
  receivedAt?: string;
  /**
   * Brought in by an import of historical complaints (`ComplaintRegistered.imported`): graded
   * like any other, but history — no timer, no later event, nothing in the live queues.
   */
  imported?: boolean;
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
  activeHotTopic?: { topicId: string; label?: string };
  /**
   * For re-assessment: the fields an amendment changed (`ComplaintAmended.changedFields`). The
   * classification is recomputed only when the title, description or subject changed.
   */
  amendedFields?: readonly string[];
}

export function factsFromRegistration(data: ComplaintRegisteredData): ComplaintFacts {
  return {
    complaintId: data.complaintId,
    registeredAt: data.registeredAt,
    receivedAt: data.receivedAt,
    ...(data.imported ? { imported: true } : {}),
    subject: data.subject,
    ...(data.title === undefined ? {} : { title: data.title }),
    description: data.description,
    complainantCount: data.complainantCount,
    flags: data.flags,
    ...(data.customer.tier === undefined ? {} : { customerTier: data.customer.tier }),
  };
}

/** When the company received the complaint (`ComplaintFacts.receivedAt`). */
export function receivedAtOf(facts: Pick<ComplaintFacts, 'registeredAt' | 'receivedAt'>): string {
  return facts.receivedAt ?? facts.registeredAt;
}

/** The facts after an amendment: the fields present in `changes` replace the old ones. */
export function amendFacts(
  facts: ComplaintFacts,
  changes: ComplaintAmendedData['changes'],
): ComplaintFacts {
  const amended: ComplaintFacts = { ...facts };
  if (changes.title !== undefined) amended.title = changes.title;
  if (changes.description !== undefined) amended.description = changes.description;
  if (changes.subject !== undefined) amended.subject = changes.subject;
  if (changes.complainantCount !== undefined) amended.complainantCount = changes.complainantCount;
  if (changes.flags !== undefined) amended.flags = changes.flags;
  if (changes.customer?.tier !== undefined) amended.customerTier = changes.customer.tier;
  return amended;
}

/** Identifiers of a complaint's subject that can name one concrete thing several people share. */
export const CLUSTER_SUBJECT_FIELDS = [
  'productSku',
  'batchNo',
  'productModel',
  'staffId',
  'purchaseChannel',
] as const;
export type ClusterSubjectField = (typeof CLUSTER_SUBJECT_FIELDS)[number];

/**
 * The default of `escalation.cluster.subjects`: a product (SKU, batch, model) or a staff member.
 * `purchaseChannel` is left out: on most complaint desks it is a marketplace or "online", which
 * thousands of unrelated customers share; an enterprise whose channel names a store adds it.
 */
export const DEFAULT_CLUSTER_SUBJECTS: readonly ClusterSubjectField[] = [
  'productSku',
  'batchNo',
  'productModel',
  'staffId',
];

/**
 * DOMAIN §2 "≥ 3 complaints of the same type from different complainants": what "the same"
 * means for the cluster count — the same type and the same concrete subject, named by the first
 * identifier of `subjects` (policy data: `escalation.cluster.subjects`) that the complaint
 * carries. A complaint that names none (a service complaint without a staff id, say) belongs to
 * no cluster: sharing a type and a category is not sharing a subject. Values are compared
 * trimmed and case-insensitively.
 */
export function clusterKey(
  facts: Pick<ComplaintFacts, 'subject'>,
  subjects: readonly ClusterSubjectField[] = DEFAULT_CLUSTER_SUBJECTS,
): string | undefined {
  for (const field of subjects) {
    const value = facts.subject[field]?.trim().toLowerCase();
    // `sku` keeps the keys of the earlier rule for product SKUs.
    if (value) return `${facts.subject.type}:${field === 'productSku' ? 'sku' : field}:${value}`;
  }
  return undefined;
}

/**
 * DOMAIN §2 "the same problem complained about again after it was closed": one customer's
 * complaints about the same type and SKU, or, without a SKU, the same type and category. Looser
 * than `clusterKey`, since it only ever compares one customer's own complaints.
 */
export function subjectKey(facts: Pick<ComplaintFacts, 'subject'>, category: string): string {
  const sku = facts.subject.productSku?.trim().toLowerCase();
  return sku ? `${facts.subject.type}:sku:${sku}` : `${facts.subject.type}:category:${category}`;
}
