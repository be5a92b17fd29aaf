import type { ComplaintRegisteredData } from '@redress/contracts';

/**
 * Duplicate detection (issue 3; DOMAIN §1 "link the customer's history: same-issue repeats"):
 * the same customer about the same subject within a configurable window joins the open complaint
 * instead of opening a second case.
 */
export interface DuplicatePolicy {
  /** How far back an open complaint still absorbs a new submission; 0 turns linking off. */
  windowHours: number;
}

export const DEFAULT_DUPLICATE_POLICY: DuplicatePolicy = { windowHours: 72 };

type Subject = ComplaintRegisteredData['subject'];

/**
 * What "the same subject" means: the same subject type and the most specific thing named —
 * product SKU, else order, else staff member, else product model. With none of them, only the
 * type is known, which is too vague to merge two complaints: such a submission never links.
 */
export function subjectKey(subject: Subject): string | null {
  const specific =
    subject.productSku ?? subject.orderId ?? subject.staffId ?? subject.productModel ?? null;
  if (!specific) return null;
  return `${subject.type}:${specific.trim().toLowerCase()}`;
}

export interface DuplicateCandidate {
  complaintId: string;
  status: string;
  subjectKey: string | null;
  registeredAt: Date;
}

export function findOpenDuplicate(
  candidates: readonly DuplicateCandidate[],
  key: string | null,
  at: Date,
  policy: DuplicatePolicy,
): string | undefined {
  if (key === null || policy.windowHours <= 0) return undefined;
  const earliest = at.getTime() - policy.windowHours * 3_600_000;
  return candidates
    .filter(
      (c) =>
        c.status === 'registered' &&
        c.subjectKey === key &&
        c.registeredAt.getTime() >= earliest &&
        c.registeredAt.getTime() <= at.getTime(),
    )
    .sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime())[0]?.complaintId;
}
