import { randomUUID } from 'node:crypto';
import type {
  CloudEvent,
  ComplaintReclassifiedData,
  ComplaintTriagedData,
} from '@redress/contracts';

/** A CloudEvent of triage's stream for one complaint, as triage's outbox publishes it. */
function fromTriage<T>(
  type: string,
  complaintId: string,
  data: T,
  streamversion: number,
): CloudEvent<string, T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/redress/triage',
    type,
    subject: complaintId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion,
    correlationid: randomUUID(),
    authtype: 'system',
    authid: 'redress-triage',
    data,
  };
}

const DEADLINES = { resolveBy: '2026-11-25T10:00:00.000Z' };

/** `ComplaintTriaged`: triage routed the complaint to `department`. */
export function triaged(
  complaintId: string,
  department: string,
  streamversion = 1,
): CloudEvent<string, ComplaintTriagedData> {
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
): CloudEvent<string, ComplaintReclassifiedData> {
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
