import {
  ComplaintDeadlinesReissued,
  ComplaintEscalated,
  ComplaintReclassified,
  ComplaintTriaged,
  InvalidInput,
  TriageReviewRequested,
} from '@redress/contracts';
import type { ComplaintFacts, TriageContext } from './complaint-facts';
import { escalationTimers } from './escalation.policy';
import { ImportedComplaintIsHistory, NothingToReclassify, ReasonRequired } from './errors';
import {
  complaintFacts,
  COMPLAINT_ID,
  defaultPolicy,
  openContext,
  policyWith,
  shanghai,
  showShanghai,
  withFlags,
} from './spec-fixtures';
import { evolve, type TriageDecision, type TriageStreamEvent } from './triage-decision';
import {
  reassess,
  reclassify,
  reissueDeadlines,
  reviewRequestFor,
  triage,
  type SupervisorReclassification,
} from './triage.decider';

const REGISTERED = 'Fri 2026-03-06 17:00';
/** A complaint the default policy is unsure of: "Where is the invoice? No manual either." */
const UNSURE = '发票呢？说明书也没有';
const THRESHOLD = defaultPolicy.policy.classification.confidenceThreshold;
const DAY = 86_400_000;

function facts(overrides: Partial<ComplaintFacts> = {}): ComplaintFacts {
  return complaintFacts({ registeredAt: shanghai(REGISTERED).toISOString(), ...overrides });
}

function after(ms: number): Date {
  return new Date(shanghai(REGISTERED).getTime() + ms);
}

function triaged(
  overrides: Partial<ComplaintFacts> = {},
  context: Partial<TriageContext> = {},
): TriageDecision {
  return triage(facts(overrides), openContext(context), defaultPolicy, after(60_000));
}

/** given the triage decision and later events, the decision a projection folds from them. */
function fold(events: TriageStreamEvent[]): TriageDecision | null {
  return events.reduce<TriageDecision | null>((state, event) => evolve(state, event), null);
}

describe('triage: the decision', () => {
  // DOMAIN's worked case (004): a fly in a yogurt, the child taken to hospital.
  const decision = triage(
    facts({
      subject: { type: 'product', productSku: 'YOG-200' },
      title: '酸奶裡有蒼蠅',
      description: '孩子打開酸奶發現裡面有一隻蒼蠅，喝了以後肚子痛，已經送醫。',
      customerTier: 'high',
    }),
    openContext(),
    defaultPolicy,
    after(5 * 60_000),
  );

  it('classifies, grades, routes and clocks the worked case of DOMAIN.md', () => {
    expect(decision).toMatchObject({
      complaintId: COMPLAINT_ID,
      type: 'product',
      category: 'quality',
      subcategory: 'foreign-object',
      severity: 'major',
      escalationClass: 'general',
      department: 'quality',
      customerTier: 'high',
      policyVersion: 1,
      needsReview: false,
      approver: 'project-general-manager',
      reportToHeadquarters: false,
      registeredAt: '2026-03-06T09:00:00.000Z',
      triagedAt: '2026-03-06T09:05:00.000Z',
    });
    // Major runs around the clock from registration, shortened by the high tier (× 0.75).
    expect(decision.deadlines).toEqual({
      respondBy: '2026-03-06T09:11:15.000Z',
      planBy: '2026-03-06T10:30:00.000Z',
      resolveBy: '2026-03-07T21:00:00.000Z',
    });
  });

  it('explains itself rule by rule', () => {
    expect(decision.rulesFired.map((r) => r.rule)).toEqual([
      'subject-type:product',
      'keyword:product',
      'keyword:product.quality.foreign-object',
      'classification:confidence',
      'routing:product',
      'severity:safety-hazard',
      'escalation:default',
      'sla:major',
      'tier:high',
    ]);
    expect(decision.rulesFired).toContainEqual({
      rule: 'severity:safety-hazard',
      reason: 'description mentions "送医" (→ major)',
    });
  });

  it('is exactly the data of a valid ComplaintTriaged event', () => {
    expect([...ComplaintTriaged.check.Errors(decision)]).toEqual([]);
  });

  it('routes a low-confidence complaint by type and asks for review', () => {
    // One word for a product's packaging, one for an invoice: a tie across types (0.5 × 0.5).
    const unsure = triaged({ subject: { type: 'other' }, description: UNSURE });
    expect(unsure).toMatchObject({
      type: 'other',
      category: 'unspecified',
      department: 'customer-service',
      needsReview: true,
      confidence: 0.25,
    });
    const request = reviewRequestFor(
      facts({ subject: { type: 'other' }, description: UNSURE }),
      unsure,
      defaultPolicy,
      after(DAY),
    );
    expect(request).toEqual({
      complaintId: COMPLAINT_ID,
      requestedAt: after(DAY).toISOString(),
      reason: `classification confidence 0.25 is below the threshold ${THRESHOLD}`,
      confidence: 0.25,
      threshold: THRESHOLD,
      candidates: [
        { type: 'product', category: 'packaging', score: 1 },
        { type: 'billing', category: 'invoice', score: 1 },
      ],
      policyVersion: 1,
    });
    expect(TriageReviewRequested.check.Check(request)).toBe(true);
  });

  it('asks for no review when the classification is confident', () => {
    expect(reviewRequestFor(facts(), decision, defaultPolicy, after(DAY))).toBeUndefined();
  });

  it('escalates at once when the facts already call for it, telling headquarters', () => {
    const collective = triaged({ complainantCount: 5 });
    expect(collective).toMatchObject({
      escalationClass: 'major',
      approver: 'product-decision-committee',
      reportToHeadquarters: true,
      notify: [
        'product-decision-committee',
        'project-general-manager',
        'headquarters-complaint-management',
      ],
    });
  });

  it('records an unknown customer tier as such, with the standard clocks', () => {
    expect(triaged().customerTier).toBe('unknown');
    expect(triaged({ customerTier: 'low' }).customerTier).toBe('low');
  });
});

describe('reassess: re-escalation without anyone touching the complaint', () => {
  it('raises the class when a third complainant reports the same subject within 30 days', () => {
    const previous = triaged({}, { clusterCount: 2 });
    expect(previous.escalationClass).toBe('general');
    const result = reassess(
      previous,
      facts(),
      openContext({ clusterCount: 3 }),
      defaultPolicy,
      after(DAY),
    );
    expect(result.escalated).toEqual({
      complaintId: COMPLAINT_ID,
      escalatedAt: after(DAY).toISOString(),
      from: 'general',
      to: 'hot',
      rulesFired: [
        {
          rule: 'escalation:cluster-3',
          reason: '3 different complainants about the same subject within 30 days (≥ 3) (→ hot)',
        },
      ],
      notify: ['project-general-manager', 'headquarters-complaint-management'],
      approver: 'project-general-manager',
      reportToHeadquarters: true,
      policyVersion: 1,
    });
    expect(ComplaintEscalated.check.Check(result.escalated)).toBe(true);
    expect(result.decision.escalationClass).toBe('hot');
    expect(result.reclassified).toBeUndefined();
  });

  it.each([
    ['6 days 23 h 59 min', 7 * DAY - 60_000, 'general'],
    ['7 days', 7 * DAY, 'hot'],
    ['29 days', 29 * DAY, 'hot'],
    ['30 days', 30 * DAY, 'major'],
    ['31 days', 31 * DAY, 'major'],
  ])(
    're-assessed %s after registration while open, the class is %s',
    (_age, ageMs, escalationClass) => {
      const result = reassess(triaged(), facts(), openContext(), defaultPolicy, after(ageMs));
      expect(result.decision.escalationClass).toBe(escalationClass);
    },
  );

  it('steps from hot to major when the 30-day rule fires after the 7-day one', () => {
    const week = reassess(triaged(), facts(), openContext(), defaultPolicy, after(8 * DAY));
    const month = reassess(week.decision, facts(), openContext(), defaultPolicy, after(30 * DAY));
    expect(month.escalated).toMatchObject({ from: 'hot', to: 'major' });
    expect(month.escalated?.rulesFired.map((r) => r.rule)).toEqual(['escalation:unresolved-30d']);
  });

  it.each(['resolved', 'closed', 'withdrawn'] as const)('does not age a %s complaint', (status) => {
    const result = reassess(
      triaged(),
      facts(),
      openContext({ status }),
      defaultPolicy,
      after(40 * DAY),
    );
    expect(result.events).toEqual([]);
    expect(result.decision.escalationClass).toBe('general');
  });

  it('never lowers the class when the reason for it goes away', () => {
    const previous = triaged({ flags: withFlags({ legalThreat: true }) });
    expect(previous.escalationClass).toBe('hot');
    const result = reassess(
      previous,
      facts({ flags: withFlags({}) }),
      openContext({ amendedFields: ['flags'] }),
      defaultPolicy,
      after(DAY),
    );
    expect(result.events).toEqual([]);
    expect(result.decision).toEqual(previous);
  });

  it('never lowers the severity either', () => {
    const previous = triaged({ description: '手机冒烟了' });
    const result = reassess(
      previous,
      facts({ description: '手机有点旧' }),
      openContext({ amendedFields: ['description'] }),
      defaultPolicy,
      after(DAY),
    );
    expect(result.decision.severity).toBe('major');
    expect(result.escalated).toBeUndefined();
  });

  it('restarts the clocks when the severity rises, never later than already promised', () => {
    const previous = triaged({ description: '屏幕有划痕' });
    expect(previous.severity).toBe('general');
    const now = shanghai('Tue 2026-03-10 17:00');
    const result = reassess(
      previous,
      facts({ description: '屏幕有划痕，今天充电时起火了' }),
      openContext({ amendedFields: ['description'] }),
      defaultPolicy,
      now,
    );
    expect(result.escalated?.severity).toEqual({ from: 'general', to: 'major' });
    expect(result.escalated?.from).toBe('general');
    expect(result.escalated?.to).toBe('general');
    const deadlines = result.decision.deadlines;
    expect(showShanghai(deadlines.respondBy ?? '')).toBe('Tue 2026-03-10 17:15');
    expect(showShanghai(deadlines.planBy ?? '')).toBe('Tue 2026-03-10 19:00');
    // General's 24 business hours from Friday 17:00 end Wednesday 14:00, before now + 48 h.
    expect(showShanghai(deadlines.resolveBy)).toBe('Wed 2026-03-11 14:00');
    expect(deadlines.resolveBy).toBe(previous.deadlines.resolveBy);
  });

  it('reclassifies and reroutes when an amendment changes what the complaint is about', () => {
    const previous = triaged({ subject: { type: 'other' }, description: '你好' });
    expect(previous.department).toBe('customer-service');
    const result = reassess(
      previous,
      facts({ subject: { type: 'other' }, description: '包裹丢失了，我一直没收到' }),
      openContext({ amendedFields: ['description'] }),
      defaultPolicy,
      after(DAY),
    );
    expect(result.reclassified).toMatchObject({
      by: { kind: 'system', id: 'triage' },
      reason: 'facts amended: description',
      before: { type: 'other', category: 'unspecified', department: 'customer-service' },
      after: { type: 'logistics', category: 'lost', department: 'logistics' },
      changedFields: ['type', 'category', 'department'],
      needsReview: false,
    });
    expect(ComplaintReclassified.check.Check(result.reclassified)).toBe(true);
    expect(result.decision).toMatchObject({
      type: 'logistics',
      category: 'lost',
      needsReview: false,
    });
    expect(result.decision.rulesFired.map((r) => r.rule)).not.toContain(
      'classification:low-confidence',
    );
  });

  it('leaves the classification alone when no classifying fact was amended', () => {
    const previous = triaged({ subject: { type: 'other' }, description: '你好' });
    const result = reassess(
      previous,
      facts({ subject: { type: 'other' }, description: '包裹丢失了，我一直没收到' }),
      openContext(),
      defaultPolicy,
      after(DAY),
    );
    expect(result.reclassified).toBeUndefined();
    expect(result.decision.category).toBe('unspecified');
  });

  it('asks for review when an amendment makes the classification uncertain', () => {
    const previous = triaged({ description: '有异物' });
    const result = reassess(
      previous,
      facts({ description: '请尽快处理' }),
      openContext({ amendedFields: ['description'] }),
      defaultPolicy,
      after(DAY),
    );
    expect(result.reclassified?.after.category).toBe('unspecified');
    expect(result.reviewRequested?.confidence).toBe(0.5);
    expect(result.events.map((e) => e.type)).toEqual([
      'ComplaintReclassified',
      'TriageReviewRequested',
    ]);
    expect(result.decision.needsReview).toBe(true);
  });

  it('records the policy version of the re-assessment', () => {
    const v7 = policyWith(() => undefined, 7);
    const result = reassess(triaged(), facts(), openContext({ clusterCount: 3 }), v7, after(DAY));
    expect(result.decision.policyVersion).toBe(7);
  });

  it('builds the same decision a projection folds from the events', () => {
    const first = triaged({ subject: { type: 'other' }, description: '你好' });
    const amended = reassess(
      first,
      facts({
        subject: { type: 'other' },
        description: '包裹丢失了，我一直没收到',
        flags: withFlags({ safetyIncident: true }),
      }),
      openContext({ amendedFields: ['description', 'flags'], clusterCount: 3 }),
      defaultPolicy,
      after(2 * DAY),
    );
    expect(amended.events.map((e) => e.type)).toEqual([
      'ComplaintReclassified',
      'ComplaintEscalated',
    ]);
    expect(amended.decision).toMatchObject({
      type: 'logistics',
      severity: 'major',
      escalationClass: 'hot',
    });
    expect(fold([{ type: 'ComplaintTriaged', data: first }, ...amended.events])).toEqual(
      amended.decision,
    );
  });
});

describe('reclassify: the supervisor override', () => {
  const supervisor = (input: Partial<SupervisorReclassification>): SupervisorReclassification => ({
    by: 'sup-7',
    reason: 'checked with the customer',
    ...input,
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['missing', undefined],
  ])('requires a reason (%s)', (_case, reason) => {
    const input = { ...supervisor({ severity: 'serious' }), reason } as SupervisorReclassification;
    expect(() => reclassify(triaged(), input, defaultPolicy, after(DAY))).toThrow(ReasonRequired);
  });

  it('may lower the class: a person decides', () => {
    const hot = triaged({ flags: withFlags({ mediaThreat: true }) });
    const { decision, reclassified } = reclassify(
      hot,
      supervisor({ escalationClass: 'general', reason: 'the customer withdrew the threat' }),
      defaultPolicy,
      after(DAY),
    );
    expect(decision).toMatchObject({
      escalationClass: 'general',
      approver: 'project-general-manager',
      reportToHeadquarters: false,
      overriddenFields: ['escalationClass'],
    });
    expect(reclassified).toMatchObject({
      by: { kind: 'supervisor', id: 'sup-7' },
      reason: 'the customer withdrew the threat',
      before: { escalationClass: 'hot' },
      after: { escalationClass: 'general' },
      changedFields: ['escalationClass'],
    });
    expect(ComplaintReclassified.check.Check(reclassified)).toBe(true);
  });

  it('moves a complaint to another type, its default category and that type’s department', () => {
    const { decision } = reclassify(
      triaged(),
      supervisor({ type: 'logistics' }),
      defaultPolicy,
      after(DAY),
    );
    expect(decision).toMatchObject({
      type: 'logistics',
      category: 'unspecified',
      department: 'logistics',
      overriddenFields: ['type'],
    });
  });

  it('sets category and subcategory, fixing the type they belong to', () => {
    const { decision } = reclassify(
      triaged(),
      supervisor({ category: 'quality', subcategory: 'spoiled' }),
      defaultPolicy,
      after(DAY),
    );
    expect(decision).toMatchObject({ category: 'quality', subcategory: 'spoiled' });
    expect(decision.overriddenFields).toEqual(['type', 'category', 'subcategory']);
  });

  it.each([
    ['category', { category: 'taste' }, /"taste" is not a category of product/],
    [
      'subcategory',
      { category: 'quality', subcategory: 'taste' },
      /"taste" is not a subcategory of product\.quality/,
    ],
    ['department', { department: 'Quality Control' }, /department name/],
  ])('refuses an unknown %s', (field, input, message) => {
    const attempt = () => reclassify(triaged(), supervisor(input), defaultPolicy, after(DAY));
    expect(attempt).toThrow(InvalidInput);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInput).fieldErrors[0]?.field).toBe(field);
    }
  });

  it('refuses an override that changes nothing once no review is pending', () => {
    const unsure = triaged({ subject: { type: 'other' }, description: UNSURE });
    const { decision } = reclassify(unsure, supervisor({}), defaultPolicy, after(DAY));
    expect(decision.needsReview).toBe(false);
    expect(() =>
      reclassify(decision, supervisor({ severity: decision.severity }), defaultPolicy, after(DAY)),
    ).toThrow(NothingToReclassify);
    expect(() => reclassify(decision, supervisor({}), defaultPolicy, after(DAY))).toThrow(
      NothingToReclassify,
    );
  });

  it('restarts the clocks from now when raising the severity, from registration when lowering it', () => {
    const general = triaged();
    const now = shanghai('Mon 2026-03-09 10:00');
    const raised = reclassify(
      general,
      supervisor({ severity: 'serious' }),
      defaultPolicy,
      now,
    ).decision;
    // Serious: respond within 12 business hours of now (Monday 10:00 → Tuesday 13:00); its
    // 48-hour resolution would end later than general's, so general's promise stands.
    expect(showShanghai(raised.deadlines.respondBy ?? '')).toBe('Tue 2026-03-10 13:00');
    expect(showShanghai(raised.deadlines.resolveBy)).toBe('Wed 2026-03-11 14:00');
    expect(raised.deadlines.resolveBy).toBe(general.deadlines.resolveBy);
    const lowered = reclassify(
      raised,
      supervisor({ severity: 'minor' }),
      defaultPolicy,
      now,
    ).decision;
    expect(lowered.deadlines).toEqual({
      resolveBy: shanghai('Mon 2026-03-09 17:00').toISOString(),
    });
  });

  it('clears the review: a person has looked at it', () => {
    const unsure = triaged({ subject: { type: 'other' }, description: UNSURE });
    expect(unsure.needsReview).toBe(true);
    const { decision } = reclassify(
      unsure,
      supervisor({ type: 'billing', category: 'invoice' }),
      defaultPolicy,
      after(DAY),
    );
    expect(decision).toMatchObject({
      needsReview: false,
      department: 'finance',
      category: 'invoice',
    });
  });

  it('confirms a decision under review when nothing is changed, and ends its review', () => {
    const unsure = triaged({ subject: { type: 'other' }, description: UNSURE });
    expect(unsure.needsReview).toBe(true);
    // No field, or a field given the value it has: both confirm.
    for (const input of [supervisor({}), supervisor({ severity: unsure.severity })]) {
      const { decision, reclassified } = reclassify(unsure, input, defaultPolicy, after(DAY));
      expect(reclassified).toMatchObject({
        changedFields: [],
        needsReview: false,
        before: reclassified.after,
        deadlines: unsure.deadlines,
        approver: unsure.approver,
        overriddenFields: [],
      });
      expect(reclassified.rulesFired.map((r) => r.rule)).toEqual(['supervisor:confirmation']);
      expect([...ComplaintReclassified.check.Errors(reclassified)]).toEqual([]);
      const { needsReview, rulesFired, ...graded } = decision;
      const { needsReview: wasUnsure, rulesFired: _r, ...before } = unsure;
      expect([needsReview, wasUnsure]).toEqual([false, true]);
      expect(graded).toEqual(before);
      expect(rulesFired.map((r) => r.rule)).toContain('supervisor:confirmation');
      // The event folds into the same decision.
      expect(
        fold([
          { type: 'ComplaintTriaged', data: unsure },
          { type: 'ComplaintReclassified', data: reclassified },
        ]),
      ).toEqual(decision);
    }
  });

  it('keeps what the supervisor set when a later amendment is re-assessed', () => {
    const { decision } = reclassify(
      triaged({ description: '有异物' }),
      supervisor({ category: 'packaging' }),
      defaultPolicy,
      after(DAY),
    );
    const result = reassess(
      decision,
      facts({ description: '还是有异物，苍蝇' }),
      openContext({ amendedFields: ['description'] }),
      defaultPolicy,
      after(2 * DAY),
    );
    expect(result.reclassified).toBeUndefined();
    expect(result.decision.category).toBe('packaging');
  });

  it('is not overruled again by a rule that had already fired, but is by a new one', () => {
    const week = reassess(
      triaged(),
      facts(),
      openContext(),
      defaultPolicy,
      after(8 * DAY),
    ).decision;
    expect(week.escalationClass).toBe('hot');
    const lowered = reclassify(
      week,
      supervisor({ escalationClass: 'general', reason: 'waiting for the customer, not our fault' }),
      defaultPolicy,
      after(9 * DAY),
    ).decision;
    const again = reassess(lowered, facts(), openContext(), defaultPolicy, after(10 * DAY));
    expect(again.events).toEqual([]);
    const month = reassess(lowered, facts(), openContext(), defaultPolicy, after(30 * DAY));
    expect(month.escalated).toMatchObject({ from: 'general', to: 'major' });
    expect(month.escalated?.rulesFired.map((r) => r.rule)).toEqual(['escalation:unresolved-30d']);
  });
});

describe('reissueDeadlines: the clocks of a reopened complaint (second handling)', () => {
  const REOPENED = 'Thu 2026-03-19 10:00';
  const reopenedAt = shanghai(REOPENED).toISOString();
  const general = (): TriageDecision => triaged({ description: '屏幕有划痕' });
  const major = (overrides: Partial<ComplaintFacts> = {}): TriageDecision =>
    triaged({ description: '今天充电时起火了', ...overrides });

  /** when the reopening is re-assessed at `now`, with nothing issued for an earlier one */
  function reissue(
    decision: TriageDecision,
    options: { now?: Date; last?: string; context?: Partial<TriageContext> } = {},
  ) {
    return reissueDeadlines(
      decision,
      reopenedAt,
      options.last,
      openContext(options.context),
      defaultPolicy,
      options.now ?? new Date(Date.parse(reopenedAt) + 5_000),
    );
  }

  it('counts a general complaint’s 24 working hours again from the reopening', () => {
    const decision = general();
    expect(decision.severity).toBe('general');
    const reissued = reissue(decision);
    // Thursday 10:00–18:00 (8 h), Friday (9 h), Monday 09:00–16:00 (7 h).
    expect(showShanghai(reissued?.deadlines.resolveBy ?? '')).toBe('Mon 2026-03-23 16:00');
    expect(reissued?.deadlines).not.toHaveProperty('respondBy');
    expect(reissued?.deadlines).not.toHaveProperty('planBy');
  });

  it('gives a major complaint 15 min, 2 h and 48 h around the clock from the reopening', () => {
    const reissued = reissue(major());
    expect(reissued).toEqual({
      complaintId: COMPLAINT_ID,
      reissuedAt: new Date(Date.parse(reopenedAt) + 5_000).toISOString(),
      reopenedAt,
      severity: 'major',
      escalationClass: 'general',
      approver: major().approver,
      deadlines: {
        respondBy: shanghai('Thu 2026-03-19 10:15').toISOString(),
        planBy: shanghai('Thu 2026-03-19 12:00').toISOString(),
        resolveBy: shanghai('Sat 2026-03-21 10:00').toISOString(),
      },
      policyVersion: 1,
    });
    expect([...ComplaintDeadlinesReissued.check.Errors(reissued)]).toEqual([]);
  });

  it('counts from the reopening, not from when triage hears of it', () => {
    const late = reissue(major(), { now: shanghai('Mon 2026-03-23 09:00') });
    expect(showShanghai(late?.deadlines.resolveBy ?? '')).toBe('Sat 2026-03-21 10:00');
    expect(showShanghai(late?.reissuedAt ?? '')).toBe('Mon 2026-03-23 09:00');
  });

  it('keeps the customer tier’s speed-up: a high-tier customer’s clocks run a quarter faster', () => {
    const reissued = reissue(major({ customerTier: 'high' }));
    expect(reissued?.deadlines).toEqual({
      respondBy: new Date(Date.parse(reopenedAt) + 11.25 * 60_000).toISOString(),
      planBy: shanghai('Thu 2026-03-19 11:30').toISOString(),
      resolveBy: shanghai('Fri 2026-03-20 22:00').toISOString(),
    });
  });

  it('clocks the grading the complaint has now, with its approver', () => {
    const escalated = reassess(
      general(),
      facts({ description: '屏幕有划痕' }),
      openContext({ clusterCount: 3 }),
      defaultPolicy,
      shanghai(REOPENED),
    ).decision;
    expect(escalated.escalationClass).toBe('hot');
    const reissued = reissue(escalated);
    expect(reissued).toMatchObject({
      severity: 'general',
      escalationClass: 'hot',
      approver: escalated.approver,
    });
  });

  it('uses the policy in force, and records its version', () => {
    const v4 = policyWith((policy) => {
      policy.sla.targets.general = { clock: 'business', resolveWithin: { hours: 9 } };
    }, 4);
    const reissued = reissueDeadlines(
      general(),
      reopenedAt,
      undefined,
      openContext(),
      v4,
      shanghai(REOPENED),
    );
    expect(showShanghai(reissued?.deadlines.resolveBy ?? '')).toBe('Fri 2026-03-20 10:00');
    expect(reissued?.policyVersion).toBe(4);
  });

  it.each([
    ['the same reopening again', REOPENED],
    ['an older reopening arriving late, after a newer one was clocked', 'Fri 2026-03-20 10:00'],
  ])('issues nothing for %s', (_case, last) => {
    expect(reissue(major(), { last: shanghai(last).toISOString() })).toBeUndefined();
  });

  it('knows the same reopening written with another offset', () => {
    expect(reissue(major(), { last: '2026-03-19T10:00:00+08:00' })).toBeUndefined();
  });

  it('clocks a later reopening after an earlier one', () => {
    const earlier = shanghai('Mon 2026-03-16 10:00').toISOString();
    expect(reissue(major(), { last: earlier })?.reopenedAt).toBe(reopenedAt);
  });

  it('issues nothing for a withdrawn complaint', () => {
    expect(reissue(major(), { context: { status: 'withdrawn' } })).toBeUndefined();
  });

  it('makes the new round’s deadlines the decision’s, as a projection folds them', () => {
    const first = major();
    const reissued = reissue(first);
    if (!reissued) throw new Error('expected deadlines');
    const folded = fold([
      { type: 'ComplaintTriaged', data: first },
      { type: 'ComplaintDeadlinesReissued', data: reissued },
    ]);
    expect(folded).toEqual({ ...first, deadlines: reissued.deadlines });
    expect([...ComplaintTriaged.check.Errors(folded)]).toEqual([]);
  });
});

describe('an imported complaint: graded like any other, then left as history', () => {
  // Received two years before it was imported; imported today.
  const RECEIVED = 'Fri 2024-03-01 10:00';
  const importedFacts = (overrides: Partial<ComplaintFacts> = {}): ComplaintFacts =>
    facts({ receivedAt: shanghai(RECEIVED).toISOString(), imported: true, ...overrides });
  const FLY = {
    subject: { type: 'product' as const, productSku: 'YOG-200' },
    description: '酸奶里有一只苍蝇，孩子喝了已经送医',
  };
  const decide = (overrides: Partial<ComplaintFacts> = {}, context: Partial<TriageContext> = {}) =>
    triage(importedFacts(overrides), openContext(context), defaultPolicy, after(60_000));

  it('is classified, graded and routed by the same policy as a live one, and marked imported', () => {
    const imported = decide(FLY);
    const live = triaged(FLY);
    const { deadlines: _d, triagedAt: _t, imported: flag, ...grading } = imported;
    const { deadlines: _ld, triagedAt: _lt, ...liveGrading } = live;
    expect(flag).toBe(true);
    expect(grading).toEqual(liveGrading);
    expect(live.imported).toBeUndefined();
    expect([...ComplaintTriaged.check.Errors(imported)]).toEqual([]);
  });

  it('has the deadlines the SLA set when it was received', () => {
    const imported = decide(FLY);
    // Major, around the clock: resolve within 48 h of receipt.
    expect(imported.deadlines.resolveBy).toBe('2024-03-03T02:00:00.000Z');
    expect(imported.registeredAt).toBe(shanghai(REGISTERED).toISOString());
  });

  it('counts its cluster: a third complainant makes it hot', () => {
    expect(decide({}, { clusterCount: 3 }).escalationClass).toBe('hot');
  });

  it('is not aged by the time between its receipt and now, nor raised by a hot topic active now', () => {
    const decision = decide({}, { activeHotTopic: { topicId: 'topic-1' } });
    expect(decision.escalationClass).toBe('general');
    const rules = decision.rulesFired.map((r) => r.rule);
    expect(rules).not.toContain('escalation:hot-topic');
    expect(rules.filter((r) => r.startsWith('escalation:unresolved'))).toEqual([]);
    expect(escalationTimers(importedFacts(), decision, defaultPolicy)).toEqual([]);
  });

  it('puts nothing in the review queue when unsure, though its decision says so', () => {
    const unsure = decide({ subject: { type: 'other' }, description: UNSURE });
    expect(unsure.needsReview).toBe(true);
    expect(
      reviewRequestFor(
        importedFacts({ subject: { type: 'other' }, description: UNSURE }),
        unsure,
        defaultPolicy,
        after(DAY),
      ),
    ).toBeUndefined();
  });

  it('is never re-assessed into another event: not by a lawsuit, a cluster or its age', () => {
    const decision = decide();
    const result = reassess(
      decision,
      importedFacts({ flags: withFlags({ lawsuitFiled: true }) }),
      openContext({ clusterCount: 5, amendedFields: ['flags', 'description'] }),
      defaultPolicy,
      after(400 * DAY),
    );
    expect(result.events).toEqual([]);
    expect(result.decision).toBe(decision);
  });

  it('gets no deadlines for a reopening and is not reclassified by a supervisor', () => {
    const decision = decide();
    expect(
      reissueDeadlines(
        decision,
        after(DAY).toISOString(),
        undefined,
        openContext(),
        defaultPolicy,
        after(DAY),
      ),
    ).toBeUndefined();
    expect(() =>
      reclassify(
        decision,
        { by: 'sup-1', reason: 'wrong', severity: 'major' },
        defaultPolicy,
        after(DAY),
      ),
    ).toThrow(ImportedComplaintIsHistory);
  });
});
