import { randomUUID } from 'node:crypto';
import { EventRegistry, InvalidEvent } from './registry';
import { TOPICS } from './topics';
import {
  ComplaintDeadlinesReissued,
  ComplaintEscalated,
  ComplaintReclassified,
  ComplaintTriaged,
  TRIAGE_EVENTS,
  TRIAGE_POLICY_SUBJECT,
  TriagePolicyChanged,
  TriageReviewRequested,
  type ComplaintTriagedData,
} from './triage-events';

const complaintId = randomUUID();

function envelope(type: string, data: unknown, subject: string = complaintId) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/redress/triage',
    type,
    subject,
    time: '2026-03-06T09:05:00.000Z',
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion: 1,
    correlationid: randomUUID(),
    authtype: 'system',
    authid: 'triage',
    data,
  };
}

const triaged: ComplaintTriagedData = {
  complaintId,
  type: 'product',
  category: 'quality',
  subcategory: 'foreign-object',
  severity: 'major',
  escalationClass: 'hot',
  department: 'quality',
  customerTier: 'unknown',
  deadlines: {
    respondBy: '2026-03-06T09:15:00.000Z',
    planBy: '2026-03-06T11:00:00.000Z',
    resolveBy: '2026-03-08T09:00:00.000Z',
  },
  rulesFired: [{ rule: 'severity:safety-hazard', reason: 'description mentions "送医"' }],
  policyVersion: 3,
  confidence: 0.833,
  needsReview: false,
  notify: ['project-general-manager', 'headquarters-complaint-management'],
  approver: 'project-general-manager',
  reportToHeadquarters: true,
  registeredAt: '2026-03-06T09:00:00.000Z',
  triagedAt: '2026-03-06T09:05:00.000Z',
};

const snapshot = {
  type: 'product',
  category: 'quality',
  severity: 'general',
  escalationClass: 'general',
  department: 'quality',
} as const;

describe('triage events', () => {
  const registry = new EventRegistry(TRIAGE_EVENTS);

  it('all live on the triage topic', () => {
    expect(TRIAGE_EVENTS.map((e) => [e.type, e.topic])).toEqual([
      ['ComplaintTriaged', TOPICS.triage],
      ['ComplaintReclassified', TOPICS.triage],
      ['ComplaintEscalated', TOPICS.triage],
      ['ComplaintDeadlinesReissued', TOPICS.triage],
      ['TriageReviewRequested', TOPICS.triage],
      ['TriagePolicyChanged', TOPICS.triage],
    ]);
  });

  it('parses a ComplaintTriaged carrying the fields of GET /triage/:complaintId', () => {
    expect([...ComplaintTriaged.check.Errors(triaged)]).toEqual([]);
    const event = registry.parse(envelope('ComplaintTriaged', triaged));
    expect(event?.type).toBe('ComplaintTriaged');
    expect(event?.data).toEqual(triaged);
  });

  it('marks an imported complaint in the same version, and reads one without the mark as live', () => {
    const imported = registry.parse(envelope('ComplaintTriaged', { ...triaged, imported: true }));
    expect(imported?.data).toMatchObject({ imported: true });
    expect(ComplaintTriaged.schemaVersion).toBe(1);
    expect(() =>
      registry.parse(envelope('ComplaintTriaged', { ...triaged, imported: 'yes' })),
    ).toThrow(/\/imported/);
  });

  it.each([
    ['an unknown severity', { ...triaged, severity: 'critical' }, /\/severity/],
    ['an unknown escalation class', { ...triaged, escalationClass: 'urgent' }, /\/escalationClass/],
    ['a confidence above 1', { ...triaged, confidence: 1.2 }, /\/confidence/],
    [
      'a deadline that is not an instant',
      { ...triaged, deadlines: { resolveBy: 'tomorrow' } },
      /\/deadlines\/resolveBy/,
    ],
    ['a category that is not an id', { ...triaged, category: 'Quality Issues' }, /\/category/],
    ['personal data slipped in', { ...triaged, customerName: '张三' }, /customerName|additional/i],
  ])('rejects a ComplaintTriaged with %s', (_case, data, path) => {
    expect(() => registry.parse(envelope('ComplaintTriaged', data))).toThrow(InvalidEvent);
    expect(() => registry.parse(envelope('ComplaintTriaged', data))).toThrow(path);
  });

  /** A supervisor's reclassification, as version 1 recorded them (a field always changed). */
  const reclassification = {
    complaintId,
    reclassifiedAt: '2026-03-07T02:00:00.000Z',
    by: { kind: 'supervisor', id: 'sup-7' },
    reason: 'checked with the customer',
    before: snapshot,
    after: { ...snapshot, escalationClass: 'hot' },
    changedFields: ['escalationClass'],
    deadlines: { resolveBy: '2026-03-09T09:00:00.000Z' },
    confidence: 0.75,
    needsReview: false,
    notify: ['project-general-manager', 'headquarters-complaint-management'],
    approver: 'project-general-manager',
    reportToHeadquarters: true,
    overriddenFields: ['escalationClass'],
    rulesFired: [
      { rule: 'supervisor:reclassification', reason: 'a supervisor set escalationClass' },
    ],
    policyVersion: 3,
  };

  it('accepts a supervisor reclassification and requires its reason', () => {
    const data = reclassification;
    expect(ComplaintReclassified.check.Check(data)).toBe(true);
    expect(ComplaintReclassified.check.Check({ ...data, reason: '' })).toBe(false);
    // Version 2: a supervisor's confirmation of a decision under review changes no field.
    expect(ComplaintReclassified.check.Check({ ...data, after: snapshot, changedFields: [] })).toBe(
      true,
    );
    expect(ComplaintReclassified.check.Check({ ...data, changedFields: ['grade'] })).toBe(false);
  });

  it('reads a version-1 reclassification, recorded before confirmations existed, as version 2', () => {
    const event = registry.parse(envelope('ComplaintReclassified', reclassification));
    expect(ComplaintReclassified.schemaVersion).toBe(2);
    expect(event?.schemaversion).toBe(2);
    expect(event?.data).toEqual(reclassification);
    // A confirmation (no field changed) is version 2 data as it is.
    const confirmation = {
      ...reclassification,
      after: snapshot,
      changedFields: [],
      overriddenFields: [],
    };
    expect(registry.decode('ComplaintReclassified', 2, confirmation)).toEqual(confirmation);
  });

  it('accepts an escalation with a severity rise and requires the rules that caused it', () => {
    const data = {
      complaintId,
      escalatedAt: '2026-03-13T09:00:00.000Z',
      from: 'general',
      to: 'hot',
      severity: { from: 'general', to: 'serious' },
      rulesFired: [{ rule: 'escalation:unresolved-7d', reason: 'unresolved 7 days' }],
      notify: ['project-general-manager', 'headquarters-complaint-management'],
      approver: 'project-general-manager',
      reportToHeadquarters: true,
      deadlines: { respondBy: '2026-03-13T13:00:00.000Z', resolveBy: '2026-03-16T09:00:00.000Z' },
      policyVersion: 3,
    };
    expect(ComplaintEscalated.check.Check(data)).toBe(true);
    expect(ComplaintEscalated.check.Check({ ...data, rulesFired: [] })).toBe(false);
  });

  describe('ComplaintDeadlinesReissued', () => {
    const reissued = {
      complaintId,
      reissuedAt: '2026-03-20T02:00:05.000Z',
      reopenedAt: '2026-03-20T02:00:00.000Z',
      severity: 'serious',
      escalationClass: 'important',
      approver: 'division-head',
      deadlines: { respondBy: '2026-03-20T06:00:00.000Z', resolveBy: '2026-03-24T02:00:00.000Z' },
      policyVersion: 3,
    } as const;

    it('parses the deadlines of a reopened complaint, counted from the reopening', () => {
      const event = registry.parse(envelope('ComplaintDeadlinesReissued', reissued));
      expect(event?.type).toBe('ComplaintDeadlinesReissued');
      expect(event?.data).toEqual(reissued);
    });

    it('accepts a level with no response target: only resolveBy is required', () => {
      const data = {
        ...reissued,
        severity: 'general',
        deadlines: { resolveBy: reissued.deadlines.resolveBy },
      };
      expect([...ComplaintDeadlinesReissued.check.Errors(data)]).toEqual([]);
    });

    it.each([
      ['no reopening it belongs to', { ...reissued, reopenedAt: undefined }, /reopenedAt/],
      ['a reopening that is not an instant', { ...reissued, reopenedAt: 'Friday' }, /\/reopenedAt/],
      [
        'no resolve deadline',
        { ...reissued, deadlines: { respondBy: reissued.deadlines.respondBy } },
        /\/deadlines\/resolveBy/,
      ],
      ['an unknown severity', { ...reissued, severity: 'critical' }, /\/severity/],
      ['no approver', { ...reissued, approver: '' }, /\/approver/],
      ['policy version 0', { ...reissued, policyVersion: 0 }, /\/policyVersion/],
      ['a field it does not define', { ...reissued, calendar: 'business' }, /calendar|additional/i],
    ])('rejects one with %s', (_case, data, path) => {
      expect(() => registry.parse(envelope('ComplaintDeadlinesReissued', data))).toThrow(
        InvalidEvent,
      );
      expect(() => registry.parse(envelope('ComplaintDeadlinesReissued', data))).toThrow(path);
    });
  });

  it('accepts a review request with its candidates', () => {
    expect(
      TriageReviewRequested.check.Check({
        complaintId,
        requestedAt: '2026-03-06T09:05:00.000Z',
        reason: 'classification confidence 0.5 is below the threshold 0.6',
        confidence: 0.5,
        threshold: 0.6,
        candidates: [{ type: 'billing', category: 'invoice', score: 1 }],
        policyVersion: 3,
      }),
    ).toBe(true);
  });

  it('parses a policy change keyed by the policy, not by a complaint', () => {
    const data = {
      version: 4,
      previousVersion: 3,
      changedAt: '2026-03-06T09:05:00.000Z',
      changedBy: { kind: 'supervisor', id: 'admin-1' },
      summary: ['routing.types.billing: "finance" → "accounting"'],
      policy: { routing: { types: { billing: 'accounting' } } },
    };
    const event = registry.parse(envelope('TriagePolicyChanged', data, TRIAGE_POLICY_SUBJECT));
    expect(event?.subject).toBe('triage-policy');
    expect(TriagePolicyChanged.check.Check({ ...data, version: 0 })).toBe(false);
  });
});
