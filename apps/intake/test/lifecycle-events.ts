import { randomUUID } from 'node:crypto';
import type {
  ActionCompletedData,
  ActionScheduledData,
  CaseAssignedData,
  ComplaintClosedData,
  ComplaintDeadlinesReissuedData,
  ComplaintReopenedData,
  ComplaintResolvedData,
  CustomerContactedData,
  InvestigationRecordedData,
  RemedyAcceptedData,
  TriageDeadlines,
} from '@redress/contracts';
import { cloudEvent } from '@redress/testing';
import { progressEvents } from '../src/application/record-progress/record-progress.usecase';

/**
 * Events of resolution's, follow-up's and triage's streams about one complaint, as their outboxes
 * publish them. Each is checked against the contract here, so a mistake in a test's event fails
 * at once instead of as a dead letter the test waits for.
 */
function published<T>(source: string, type: string, complaintId: string, data: T, version: number) {
  const event = cloudEvent(source, type, complaintId, data, version);
  progressEvents.parse(event);
  return event;
}

/** Staff appear by their token subject; the status page must never show one. */
export const AGENT = 'agent-wang-0042';
const REFUND = {
  optionId: 'refund-full',
  kind: 'refund' as const,
  tier: 1,
  value: { amount: '268.00', currency: 'CNY' },
};

export class CaseOf {
  private version = 0;
  readonly remedyId = randomUUID();
  readonly actionId = randomUUID();

  constructor(readonly complaintId: string) {}

  private next<T>(type: string, data: T) {
    this.version += 1;
    return published('/redress/resolution', type, this.complaintId, data, this.version);
  }

  assigned(at: string) {
    return this.next<CaseAssignedData>('CaseAssigned', {
      complaintId: this.complaintId,
      assignedAt: at,
      assignedBy: 'lead-li',
      assignee: AGENT,
      department: 'quality',
    });
  }

  contacted(at: string, options: { firstInRound?: boolean; round?: number; plan?: boolean } = {}) {
    return this.next<CustomerContactedData>('CustomerContacted', {
      complaintId: this.complaintId,
      contactedAt: at,
      contactedBy: AGENT,
      channel: 'phone',
      round: options.round ?? 1,
      firstInRound: options.firstInRound ?? false,
      summary: 'called back about the damaged parcel',
      ...(options.plan ? { remedyId: this.remedyId } : {}),
    });
  }

  investigated(at: string) {
    return this.next<InvestigationRecordedData>('InvestigationRecorded', {
      complaintId: this.complaintId,
      recordedAt: at,
      recordedBy: AGENT,
      rootCause: 'seal of batch B-17 failed in cold storage',
      responsibility: 'company',
      evidence: [],
      sharedWith: ['logistics'],
    });
  }

  accepted(at: string) {
    return this.next<RemedyAcceptedData>('RemedyAccepted', {
      complaintId: this.complaintId,
      remedyId: this.remedyId,
      option: REFUND,
      acceptedAt: at,
      recordedBy: AGENT,
    });
  }

  scheduled(at: string, dueAt: string) {
    return this.next<ActionScheduledData>('ActionScheduled', {
      complaintId: this.complaintId,
      actionId: this.actionId,
      remedyId: this.remedyId,
      description: 'refund 268.00 CNY to the original payment method',
      owner: AGENT,
      ownerDepartment: 'finance',
      dueAt,
      calendar: 'business',
      scheduledAt: at,
      scheduledBy: AGENT,
    });
  }

  completed(at: string) {
    return this.next<ActionCompletedData>('ActionCompleted', {
      complaintId: this.complaintId,
      actionId: this.actionId,
      completedAt: at,
      completedBy: AGENT,
      late: false,
    });
  }

  resolved(at: string, round = 1) {
    return this.next<ComplaintResolvedData>('ComplaintResolved', {
      complaintId: this.complaintId,
      resolvedAt: at,
      round,
      resolvedBy: AGENT,
      summary: 'refunded in full',
      remedy: { remedyId: this.remedyId, option: REFUND },
      responsibility: 'company',
      department: 'quality',
      severity: 'serious',
      escalationClass: 'general',
      category: 'quality-defect',
    });
  }
}

export class FollowUpOf {
  private version = 0;

  constructor(readonly complaintId: string) {}

  private next<T>(type: string, data: T) {
    this.version += 1;
    return published('/redress/followup', type, this.complaintId, data, this.version);
  }

  reopened(at: string) {
    return this.next<ComplaintReopenedData>('ComplaintReopened', {
      complaintId: this.complaintId,
      reopenedAt: at,
      reason: 'the refund never arrived',
    });
  }

  closed(at: string) {
    return this.next<ComplaintClosedData>('ComplaintClosed', {
      complaintId: this.complaintId,
      closedAt: at,
    });
  }
}

/** `ComplaintDeadlinesReissued`: triage's deadlines for the round a reopening began. */
export function deadlinesReissued(
  complaintId: string,
  reopenedAt: string,
  deadlines: TriageDeadlines,
  streamversion: number,
) {
  return published<ComplaintDeadlinesReissuedData>(
    '/redress/triage',
    'ComplaintDeadlinesReissued',
    complaintId,
    {
      complaintId,
      reissuedAt: reopenedAt,
      reopenedAt,
      severity: 'serious',
      escalationClass: 'important',
      approver: 'division-head',
      deadlines,
      policyVersion: 1,
    },
    streamversion,
  );
}
