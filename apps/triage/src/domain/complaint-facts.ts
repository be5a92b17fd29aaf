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
    subject: data.subject,
    ...(data.title === undefined ? {} : { title: data.title }),
    description: data.description,
    complainantCount: data.complainantCount,
    flags: data.flags,
    ...(data.customer.tier === undefined ? {} : { customerTier: data.customer.tier }),
  };
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

/**
 * DOMAIN §2 "≥ 3 complaints of the same type from different complainants": what "the same"
 * means for the cluster count — the same type and product SKU, or, without a SKU, the same
 * type and category. The application counts distinct complainants per key.
 */
export function clusterKey(facts: Pick<ComplaintFacts, 'subject'>, category: string): string {
  const sku = facts.subject.productSku?.trim().toLowerCase();
  return sku ? `${facts.subject.type}:sku:${sku}` : `${facts.subject.type}:category:${category}`;
}
