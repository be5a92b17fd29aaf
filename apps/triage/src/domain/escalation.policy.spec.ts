import type { EscalationClass, FlagName } from '@redress/contracts';
import type { ComplaintFacts, ComplaintStatus, TriageContext } from './complaint-facts';
import { assessEscalation, escalationTimers, recipientsFor } from './escalation.policy';
import { complaintFacts, defaultPolicy, openContext, policyWith, withFlags } from './spec-fixtures';

const REGISTERED = '2026-03-02T02:00:00.000Z';
const MINUTE = 60_000;
const DAY = 86_400_000;

function classOf(facts: Partial<ComplaintFacts>, context: Partial<TriageContext> = {}, ageMs = 0) {
  return assessEscalation(
    complaintFacts({ registeredAt: REGISTERED, ...facts }),
    openContext(context),
    defaultPolicy,
    new Date(Date.parse(REGISTERED) + ageMs),
  );
}

describe('escalation class (DOMAIN §2, 003)', () => {
  it.each<[FlagName, EscalationClass]>([
    ['lawsuitFiled', 'major'],
    ['mediaExposed', 'major'],
    ['legalThreat', 'hot'],
    ['mediaThreat', 'hot'],
    ['regulatorInvolved', 'hot'],
    ['safetyIncident', 'hot'],
  ])('the flag %s makes it %s', (flag, escalationClass) => {
    const result = classOf({ flags: withFlags({ [flag]: true }) });
    expect(result.escalationClass).toBe(escalationClass);
    expect(result.firings.map((f) => f.rule.rule)).toEqual([`escalation:flag.${flag}`]);
  });

  it.each<[number, EscalationClass, string[]]>([
    [1, 'general', ['escalation:default']],
    [2, 'general', ['escalation:default']],
    [3, 'hot', ['escalation:collective-3']],
    [4, 'hot', ['escalation:collective-3']],
    [5, 'major', ['escalation:collective-3', 'escalation:collective-5']],
    [6, 'major', ['escalation:collective-3', 'escalation:collective-5']],
  ])('a collective complaint of %p people is %s', (complainantCount, escalationClass, rules) => {
    const result = classOf({ complainantCount });
    expect(result.escalationClass).toBe(escalationClass);
    expect(result.firings.map((f) => f.rule.rule)).toEqual(rules);
  });

  it.each<[number, EscalationClass]>([
    [1, 'general'],
    [2, 'general'],
    [3, 'hot'],
  ])(
    '%p different complainants about the same subject in 30 days: %s',
    (clusterCount, escalationClass) => {
      expect(classOf({}, { clusterCount }).escalationClass).toBe(escalationClass);
    },
  );

  it('explains the cluster rule with its count and window', () => {
    expect(classOf({}, { clusterCount: 3 }).firings[0]?.rule).toEqual({
      rule: 'escalation:cluster-3',
      reason: '3 different complainants about the same subject within 30 days (≥ 3) (→ hot)',
    });
  });

  it('a repeat after closure is important', () => {
    const result = classOf({}, { repeatAfterClosure: true });
    expect(result.escalationClass).toBe('important');
    expect(result.firings.map((f) => f.rule.rule)).toEqual(['escalation:repeat-after-closure']);
  });

  it('an active hot topic makes it at least hot', () => {
    const result = classOf({}, { activeHotTopic: { topicId: 'ht-42', label: '充电宝起火' } });
    expect(result.escalationClass).toBe('hot');
    expect(result.firings[0]?.rule.reason).toBe(
      'part of the active hot topic "充电宝起火" (→ hot)',
    );
  });

  it.each<[string, number, EscalationClass, string[]]>([
    ['6 days 23 h 59 min', 7 * DAY - MINUTE, 'general', ['escalation:default']],
    ['exactly 7 days', 7 * DAY, 'hot', ['escalation:unresolved-7d']],
    ['29 days', 29 * DAY, 'hot', ['escalation:unresolved-7d']],
    ['29 days 23 h 59 min', 30 * DAY - MINUTE, 'hot', ['escalation:unresolved-7d']],
    [
      'exactly 30 days',
      30 * DAY,
      'major',
      ['escalation:unresolved-7d', 'escalation:unresolved-30d'],
    ],
    ['31 days', 31 * DAY, 'major', ['escalation:unresolved-7d', 'escalation:unresolved-30d']],
  ])('an open complaint unresolved for %s is %s', (_age, ageMs, escalationClass, rules) => {
    const result = classOf({}, {}, ageMs);
    expect(result.escalationClass).toBe(escalationClass);
    expect(result.firings.map((f) => f.rule.rule)).toEqual(rules);
  });

  it.each<ComplaintStatus>(['resolved', 'closed', 'withdrawn'])(
    'a %s complaint does not age into escalation',
    (status) => {
      expect(classOf({}, { status }, 31 * DAY).escalationClass).toBe('general');
    },
  );

  it.each([
    [
      'a lawsuit threat in the text',
      '再不赔偿我就起诉你们',
      'hot',
      'escalation:legal-or-media-threat',
    ],
    ['a media threat in traditional', '我會找媒體曝光', 'hot', 'escalation:legal-or-media-threat'],
    ['a need for outside experts', '要求第三方检测', 'important', 'escalation:outside-help'],
  ])('%s makes it %s', (_case, description, escalationClass, rule) => {
    const result = classOf({ description });
    expect(result.escalationClass).toBe(escalationClass);
    expect(result.firings.map((f) => f.rule.rule)).toEqual([rule]);
  });

  it('the highest class wins and every contributing rule is listed', () => {
    const result = classOf(
      { complainantCount: 3, flags: withFlags({ mediaExposed: true }) },
      { repeatAfterClosure: true, clusterCount: 4 },
      8 * DAY,
    );
    expect(result.escalationClass).toBe('major');
    expect(result.firings.map((f) => [f.rule.rule, f.escalationClass])).toEqual([
      ['escalation:flag.mediaExposed', 'major'],
      ['escalation:collective-3', 'hot'],
      ['escalation:cluster-3', 'hot'],
      ['escalation:repeat-after-closure', 'important'],
      ['escalation:unresolved-7d', 'hot'],
    ]);
  });

  it('follows a tuned policy: a repeat after closure switched off', () => {
    const tuned = policyWith((policy) => {
      policy.escalation.repeatAfterClosure = null;
    });
    const result = assessEscalation(
      complaintFacts(),
      openContext({ repeatAfterClosure: true }),
      tuned,
      new Date(REGISTERED),
    );
    expect(result.escalationClass).toBe('general');
  });
});

describe('who is told and who approves (DOMAIN §2)', () => {
  it.each<[EscalationClass, string, string[], boolean]>([
    [
      'major',
      'product-decision-committee',
      [
        'product-decision-committee',
        'project-general-manager',
        'headquarters-complaint-management',
      ],
      true,
    ],
    [
      'hot',
      'project-general-manager',
      ['project-general-manager', 'headquarters-complaint-management'],
      true,
    ],
    ['important', 'division-head', ['division-head', 'headquarters-complaint-management'], true],
    ['general', 'project-general-manager', ['project-general-manager'], false],
  ])('%s: approved by %s', (escalationClass, approver, notify, reportToHeadquarters) => {
    expect(recipientsFor(escalationClass, defaultPolicy)).toEqual({
      approver,
      notify,
      reportToHeadquarters,
    });
  });
});

describe('escalation timers', () => {
  const facts = { registeredAt: REGISTERED };

  it('schedules both age rules for a general complaint, 7 and 30 calendar days after registration', () => {
    expect(
      escalationTimers(facts, { escalationClass: 'general', rulesFired: [] }, defaultPolicy),
    ).toEqual([
      {
        rule: 'escalation:unresolved-7d',
        escalationClass: 'hot',
        dueAt: '2026-03-09T02:00:00.000Z',
      },
      {
        rule: 'escalation:unresolved-30d',
        escalationClass: 'major',
        dueAt: '2026-04-01T02:00:00.000Z',
      },
    ]);
  });

  it('skips rules that would not raise the class or have already fired', () => {
    const hot = {
      escalationClass: 'hot' as const,
      rulesFired: [{ rule: 'escalation:unresolved-7d', reason: '…' }],
    };
    expect(escalationTimers(facts, hot, defaultPolicy).map((t) => t.rule)).toEqual([
      'escalation:unresolved-30d',
    ]);
    expect(
      escalationTimers(facts, { escalationClass: 'major', rulesFired: [] }, defaultPolicy),
    ).toEqual([]);
  });
});
