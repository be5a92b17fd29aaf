import { randomUUID } from 'node:crypto';
import { LIFECYCLE_EVENTS } from './lifecycle-events';
import { EventRegistry, InvalidEvent } from './registry';
import {
  ComplaintResolved,
  RemedyProposed,
  REMEDY_OPTION_KINDS,
  RESOLUTION_EVENTS,
  SlaWarning,
} from './resolution-events';
import { TOPICS } from './topics';

const complaintId = randomUUID();
const remedyId = randomUUID();
const actionId = randomUUID();
const at = '2026-03-06T09:30:00.000Z';
const later = '2026-03-06T11:00:00.000Z';
const grading = {
  type: 'product',
  category: 'quality',
  subcategory: 'foreign-object',
  severity: 'major',
  escalationClass: 'major',
  department: 'quality',
  approver: 'product-decision-committee',
  deadlines: { respondBy: '2026-03-06T09:15:00.000Z', planBy: later, resolveBy: later },
  calendar: '24/7',
};
const compensation = {
  optionId: 'b',
  kind: 'compensation',
  tier: 2,
  value: { amount: '5000.00', currency: 'CNY' },
};
const refund = { optionId: 'a', kind: 'refund', tier: 1, description: 'full refund' };
const departmentHead = { role: 'department_head', department: 'quality' };

/** One valid payload of every resolution event, as the service will write them. */
const VALID: Record<(typeof RESOLUTION_EVENTS)[number]['type'], unknown> = {
  CaseOpened: {
    complaintId,
    openedAt: at,
    ...grading,
    customerTier: 'unknown',
    reportToHeadquarters: true,
    registeredAt: '2026-03-06T09:00:00.000Z',
    triagedAt: '2026-03-06T09:00:05.000Z',
    triagePolicyVersion: 3,
  },
  CaseTriageUpdated: {
    complaintId,
    updatedAt: at,
    source: 'escalated',
    round: 1,
    ...grading,
    changedFields: ['escalationClass', 'approver'],
    remedyApprovals: { remedyId, added: [{ body: 'legal', because: 'major_complaint' }] },
  },
  CaseWithdrawn: { complaintId, withdrawnAt: at, round: 1, reason: 'solved in store' },
  CaseReopened: {
    complaintId,
    reopenedAt: at,
    round: 2,
    reason: 'the exchange broke again',
    deadlines: { resolveBy: later },
    calendar: 'business',
  },
  CaseAssigned: {
    complaintId,
    assignedAt: at,
    assignedBy: 'lead-1',
    assignee: 'agent-7',
    department: 'quality',
  },
  CustomerContacted: {
    complaintId,
    contactedAt: at,
    contactedBy: 'agent-7',
    channel: 'phone',
    round: 1,
    firstInRound: true,
    summary: 'apologised, asked whether the box was pierced',
  },
  InvestigationRecorded: {
    complaintId,
    recordedAt: at,
    recordedBy: 'agent-7',
    rootCause: 'seal of batch 0306 failed the pressure test',
    responsibility: 'company',
    evidence: [{ kind: 'test_report', ref: 'lab/2026/0311', sha256: 'a'.repeat(64) }],
    sharedWith: ['rnd'],
  },
  RemedyProposed: {
    complaintId,
    remedyId,
    proposedAt: at,
    proposedBy: 'agent-7',
    round: 1,
    options: [refund, compensation],
    requiredApprovals: [
      { body: 'product-decision-committee', because: 'escalation_approver' },
      { body: 'legal', because: 'compensation_above_threshold' },
    ],
  },
  RemedyApproved: {
    complaintId,
    remedyId,
    body: 'legal',
    approvedAt: at,
    approvedBy: 'counsel-2',
    remainingApprovals: [],
    crisisContactBy: later,
  },
  RemedyRejected: {
    complaintId,
    remedyId,
    body: 'legal',
    rejectedAt: at,
    rejectedBy: 'counsel-2',
    reason: 'beyond what the law requires',
  },
  RemedyAccepted: { complaintId, remedyId, option: refund, acceptedAt: at, recordedBy: 'agent-7' },
  RemedyDeclined: {
    complaintId,
    remedyId,
    declinedAt: at,
    recordedBy: 'agent-7',
    newPlanBy: later,
    newPlanClock: 'crisis_replan',
    calendar: '24/7',
  },
  ActionScheduled: {
    complaintId,
    actionId,
    remedyId,
    description: 'ship the replacement',
    owner: 'warehouse-3',
    ownerDepartment: 'logistics',
    dueAt: later,
    calendar: 'business',
    scheduledAt: at,
    scheduledBy: 'agent-7',
  },
  ActionCompleted: {
    complaintId,
    actionId,
    completedAt: later,
    completedBy: 'warehouse-3',
    late: false,
  },
  ComplaintResolved: {
    complaintId,
    resolvedAt: later,
    round: 1,
    resolvedBy: 'agent-7',
    summary: 'refunded; the batch was withdrawn',
    remedy: { remedyId, option: refund },
    responsibility: 'company',
    rootCause: 'seal failure',
    department: 'quality',
    severity: 'major',
    escalationClass: 'major',
    category: 'quality',
  },
  SlaWarning: {
    complaintId,
    clock: 'resolve',
    round: 1,
    dueAt: later,
    department: 'quality',
    startedAt: '2026-03-06T09:00:00.000Z',
    warnedAt: at,
    share: 0.8,
  },
  SlaBreached: {
    complaintId,
    clock: 'action',
    actionId,
    round: 1,
    dueAt: later,
    department: 'quality',
    breachedAt: later,
  },
  SupervisionOrderIssued: {
    complaintId,
    round: 1,
    issuedAt: at,
    issuedBy: 'customer-service',
    reason: 'escalation_class',
    escalationClass: 'major',
    department: 'quality',
    milestones: [{ milestone: 'customer_contacted', dueAt: later }],
    warn: departmentHead,
  },
  SupervisionMilestoneMissed: {
    complaintId,
    round: 1,
    milestone: 'plan_proposed',
    dueAt: later,
    missedAt: later,
    department: 'quality',
    warn: departmentHead,
  },
  CrisisTeamFormed: {
    complaintId,
    formedAt: at,
    round: 1,
    lead: { role: 'project-general-manager' },
    members: [{ role: 'service-manager' }],
    spokesperson: { role: 'public-relations' },
    planBy: later,
  },
};

function envelope(type: string, data: unknown) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/redress/resolution',
    type,
    subject: complaintId,
    time: at,
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion: 1,
    correlationid: randomUUID(),
    authtype: 'app_user',
    authid: 'agent-7',
    data,
  };
}

describe('resolution events', () => {
  const registry = new EventRegistry(RESOLUTION_EVENTS);

  it('name every event of CONTRACT.md for complaints.resolution.v1, all on that topic', () => {
    const contract = [
      'CaseAssigned',
      'CustomerContacted',
      'InvestigationRecorded',
      'RemedyProposed',
      'RemedyApproved',
      'RemedyRejected',
      'RemedyAccepted',
      'RemedyDeclined',
      'ActionScheduled',
      'ActionCompleted',
      'ComplaintResolved',
      'SlaWarning',
      'SlaBreached',
      'SupervisionOrderIssued',
      'CrisisTeamFormed',
    ];
    const types = RESOLUTION_EVENTS.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(contract));
    // The additions of the resolution service, documented in docs/events.md.
    expect(types.filter((t) => !contract.includes(t)).sort()).toEqual([
      'CaseOpened',
      'CaseReopened',
      'CaseTriageUpdated',
      'CaseWithdrawn',
      'SupervisionMilestoneMissed',
    ]);
    expect(new Set(RESOLUTION_EVENTS.map((e) => e.topic))).toEqual(new Set([TOPICS.resolution]));
  });

  it.each(RESOLUTION_EVENTS.map((e) => [e.type] as const))('parses a valid %s', (type) => {
    const data = VALID[type];
    const event = registry.parse(envelope(type, data));
    expect(event?.type).toBe(type);
    expect(event?.data).toEqual(data);
  });

  it.each(RESOLUTION_EVENTS.map((e) => [e.type] as const))(
    'refuses a %s carrying a member it does not define (personal data cannot slip in)',
    (type) => {
      const data = { ...(VALID[type] as object), customerPhone: '13812345678' };
      expect(() => registry.parse(envelope(type, data))).toThrow(InvalidEvent);
    },
  );

  it('keeps the first ComplaintResolved shape valid: the 2026-12-04 fields are optional', () => {
    expect(ComplaintResolved.check.Check({ complaintId, resolvedAt: later })).toBe(true);
    expect(ComplaintResolved.schemaVersion).toBe(1);
    // triage reads it through the lifecycle events it already knew
    expect(LIFECYCLE_EVENTS).toContain(ComplaintResolved);
  });

  it('offers remedy options only from their own vocabulary', () => {
    expect(REMEDY_OPTION_KINDS).toEqual([
      'refund',
      'exchange',
      'repair',
      'coupon',
      'extended_warranty',
      'remote_guidance',
      'apology',
      'compensation',
    ]);
    const proposal = VALID.RemedyProposed as { options: unknown[] };
    const withKind = (kind: string) => ({
      ...proposal,
      options: [{ optionId: 'x', kind, tier: 1 }],
    });
    for (const kind of REMEDY_OPTION_KINDS.filter((k) => k !== 'compensation')) {
      expect(RemedyProposed.check.Check(withKind(kind))).toBe(true);
    }
    // `explanation` is a customer's wish at intake, not a remedy option
    expect(RemedyProposed.check.Check(withKind('explanation'))).toBe(false);
  });

  it.each([
    ['a compensation without an amount', { optionId: 'c', kind: 'compensation', tier: 1 }],
    [
      'an amount in floating-point notation',
      { ...refund, value: { amount: '1e3', currency: 'CNY' } },
    ],
    ['a currency that is not ISO 4217', { ...refund, value: { amount: '10', currency: 'rmb' } }],
    ['a tier below 1', { ...refund, tier: 0 }],
  ])('refuses a plan with %s', (_case, option) => {
    const proposal = { ...(VALID.RemedyProposed as object), options: [option] };
    expect(RemedyProposed.check.Check(proposal)).toBe(false);
  });

  it('refuses a plan without options or without an approval', () => {
    const proposal = VALID.RemedyProposed as object;
    expect(RemedyProposed.check.Check({ ...proposal, options: [] })).toBe(false);
    expect(RemedyProposed.check.Check({ ...proposal, requiredApprovals: [] })).toBe(false);
  });

  it('keeps a warning share strictly between 0 and 1', () => {
    const warning = VALID.SlaWarning as object;
    expect(SlaWarning.check.Check({ ...warning, share: 1 })).toBe(false);
    expect(SlaWarning.check.Check({ ...warning, share: 0 })).toBe(false);
    expect(() => registry.parse(envelope('SlaWarning', { ...warning, clock: 'lunch' }))).toThrow(
      /\/clock/,
    );
  });
});
