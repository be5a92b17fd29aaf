import type { EscalationClass, RemedyOption, Severity } from '@redress/contracts';
import {
  approvesAcrossDepartments,
  bodiesActorMayApprove,
  mayApprove,
  requiredApprovals,
  type StaffActor,
} from './approval.policy';
import {
  counsel,
  logisticsHead,
  policy,
  policyWith,
  qualityHead,
  supervisor,
  agent,
} from './spec-fixtures';

const refund: RemedyOption = {
  optionId: 'a',
  kind: 'refund',
  tier: 1,
  value: { amount: '99999', currency: 'CNY' },
};
const compensation = (amount: string, currency = 'CNY'): RemedyOption => ({
  optionId: 'c',
  kind: 'compensation',
  tier: 2,
  value: { amount, currency },
});

describe('approval matrix: who must approve a plan', () => {
  // DOMAIN §2: major → committee, important → division head, hot and general → project GM;
  // §3 / issue 11: legal review for major complaints and compensation above the amount.
  it.each<[string, Severity, EscalationClass, string, RemedyOption[], string[]]>([
    [
      'a general plan',
      'general',
      'general',
      'project-general-manager',
      [refund],
      ['project-general-manager'],
    ],
    [
      'a hot plan',
      'serious',
      'hot',
      'project-general-manager',
      [refund],
      ['project-general-manager'],
    ],
    ['an important plan', 'general', 'important', 'division-head', [refund], ['division-head']],
    [
      'a major-class plan',
      'serious',
      'major',
      'product-decision-committee',
      [refund],
      ['product-decision-committee', 'legal'],
    ],
    [
      'a severity III plan',
      'major',
      'hot',
      'project-general-manager',
      [refund],
      ['project-general-manager', 'legal'],
    ],
    [
      'compensation at the threshold',
      'general',
      'general',
      'project-general-manager',
      [compensation('1000.00')],
      ['project-general-manager'],
    ],
    [
      'compensation above it',
      'general',
      'general',
      'project-general-manager',
      [compensation('1000.5')],
      ['project-general-manager', 'legal'],
    ],
    [
      'compensation in a currency without a threshold',
      'general',
      'general',
      'project-general-manager',
      [compensation('1', 'USD')],
      ['project-general-manager', 'legal'],
    ],
  ])('%s', (_case, severity, escalationClass, approver, options, bodies) => {
    const required = requiredApprovals(
      { severity, escalationClass, approver },
      options,
      policy.policy,
    );
    expect(required.map((r) => r.body)).toEqual(bodies);
  });

  it('says why each approval is required, once per body', () => {
    expect(
      requiredApprovals(
        { severity: 'major', escalationClass: 'major', approver: 'product-decision-committee' },
        [compensation('50000')],
        policy.policy,
      ),
    ).toEqual([
      { body: 'product-decision-committee', because: 'escalation_approver' },
      { body: 'legal', because: 'major_complaint' },
    ]);
  });

  it('follows a configured threshold and legal body', () => {
    const strict = policyWith((p) => {
      p.approvals.legalReview = {
        body: 'legal-affairs',
        severities: [],
        escalationClasses: [],
        compensationAbove: { CNY: '0', USD: '100' },
      };
    }).policy;
    expect(
      requiredApprovals(
        { severity: 'major', escalationClass: 'major', approver: 'x' },
        [compensation('0.01')],
        strict,
      ).map((r) => r.body),
    ).toEqual(['x', 'legal-affairs']);
    expect(
      requiredApprovals(
        { severity: 'major', escalationClass: 'major', approver: 'x' },
        [compensation('100', 'USD')],
        strict,
      ).map((r) => r.body),
    ).toEqual(['x']);
  });
});

describe('approval matrix: who may approve for a body', () => {
  const committeeMember: StaffActor = {
    id: 'm',
    roles: ['supervisor'],
    department: 'product-committee',
  };
  // a case of the quality department
  it.each<[string, StaffActor, string, boolean]>([
    [
      'the head of the case department for the project GM',
      qualityHead,
      'project-general-manager',
      true,
    ],
    [
      'the head of another department for the project GM',
      logisticsHead,
      'project-general-manager',
      false,
    ],
    ['an agent for the project GM', agent, 'project-general-manager', false],
    ['legal for legal review, across departments', counsel, 'legal', true],
    ['a supervisor for legal review', supervisor, 'legal', false],
    ['a supervisor for the committee', supervisor, 'product-decision-committee', true],
    ['a supervisor for the division head', supervisor, 'division-head', true],
    [
      'a supervisor for a body the matrix does not list (otherBodies)',
      supervisor,
      'regional-director',
      true,
    ],
    [
      'a department head for a body the matrix does not list',
      qualityHead,
      'regional-director',
      false,
    ],
    ['a committee member for the committee', committeeMember, 'product-decision-committee', true],
  ])('%s: %s', (_case, actor, body, expected) => {
    expect(mayApprove(actor, body, 'quality', policy.policy)).toBe(expected);
  });

  it('narrows a body to the departments its configuration names', () => {
    const committeeOnly = policyWith((p) => {
      p.approvals.bodies['product-decision-committee'] = {
        roles: ['supervisor'],
        scope: 'all_departments',
        departments: ['product-committee'],
      };
    }).policy;
    expect(mayApprove(supervisor, 'product-decision-committee', 'quality', committeeOnly)).toBe(
      false,
    );
    expect(
      mayApprove(
        { ...supervisor, department: 'product-committee' },
        'product-decision-committee',
        'quality',
        committeeOnly,
      ),
    ).toBe(true);
  });

  it('lists the pending bodies a caller may decide for', () => {
    const both: StaffActor = {
      id: 'd',
      roles: ['department_head', 'legal'],
      department: 'quality',
    };
    expect(
      bodiesActorMayApprove(both, ['project-general-manager', 'legal'], 'quality', policy.policy),
    ).toEqual(['project-general-manager', 'legal']);
    expect(
      bodiesActorMayApprove(both, ['project-general-manager', 'legal'], 'rnd', policy.policy),
    ).toEqual(['legal']);
  });

  it('grants cross-department sight of a case only through a cross-department body it awaits', () => {
    expect(approvesAcrossDepartments(counsel, ['legal'], 'quality', policy.policy)).toBe(true);
    expect(
      approvesAcrossDepartments(counsel, ['project-general-manager'], 'quality', policy.policy),
    ).toBe(false);
    expect(
      approvesAcrossDepartments(
        logisticsHead,
        ['project-general-manager'],
        'quality',
        policy.policy,
      ),
    ).toBe(false);
  });
});
