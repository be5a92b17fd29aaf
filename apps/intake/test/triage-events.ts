import type { ComplaintReclassifiedData, ComplaintTriagedData } from '@redress/contracts';
import { cloudEvent } from '@redress/testing';

/** An event of triage's stream for one complaint, as triage's outbox publishes it. */
function fromTriage<T>(type: string, complaintId: string, data: T, streamversion: number) {
  return cloudEvent('/redress/triage', type, complaintId, data, streamversion);
}

const DEADLINES = { resolveBy: '2026-11-25T10:00:00.000Z' };

/**
 * `ComplaintTriaged`: triage routed the complaint to `department` (`overrides`: the deadlines,
 * the time of the decision, …).
 */
export function triaged(
  complaintId: string,
  department: string,
  streamversion = 1,
  overrides: Partial<ComplaintTriagedData> = {},
): ReturnType<typeof cloudEvent<ComplaintTriagedData>> {
  return fromTriage<ComplaintTriagedData>(
    'ComplaintTriaged',
    complaintId,
    {
      complaintId,
      type: 'product',
      category: 'quality-defect',
      severity: 'general',
      escalationClass: 'general',
      department,
      customerTier: 'unknown',
      deadlines: DEADLINES,
      rulesFired: [{ rule: 'routing', reason: `product → ${department}` }],
      policyVersion: 1,
      confidence: 0.9,
      needsReview: false,
      notify: [department],
      approver: 'project-gm',
      reportToHeadquarters: false,
      registeredAt: '2026-11-23T02:00:00.000Z',
      triagedAt: new Date().toISOString(),
      ...overrides,
    },
    streamversion,
  );
}

/** `ComplaintReclassified`: a supervisor moved the complaint from one department to another. */
export function reclassified(
  complaintId: string,
  from: string,
  to: string,
  streamversion: number,
): ReturnType<typeof cloudEvent<ComplaintReclassifiedData>> {
  const snapshot = (department: string) => ({
    type: 'product' as const,
    category: 'quality-defect',
    severity: 'general' as const,
    escalationClass: 'general' as const,
    department,
  });
  return fromTriage<ComplaintReclassifiedData>(
    'ComplaintReclassified',
    complaintId,
    {
      complaintId,
      reclassifiedAt: new Date().toISOString(),
      by: { kind: 'supervisor', id: 'sam' },
      reason: 'the parcel was crushed in transit',
      before: snapshot(from),
      after: snapshot(to),
      changedFields: ['department'],
      deadlines: DEADLINES,
      confidence: 1,
      needsReview: false,
      notify: [to],
      approver: 'project-gm',
      reportToHeadquarters: false,
      overriddenFields: ['department'],
      rulesFired: [],
      policyVersion: 1,
    },
    streamversion,
  );
}
