import { BusinessCalendar, chinaMainland2026 } from '@redress/business-time';
import { InvalidResolutionPolicy } from './errors';
import {
  compileResolutionPolicy,
  DEFAULT_RESOLUTION_POLICY,
  validateResolutionPolicy,
} from './resolution-policy';

const calendar = new BusinessCalendar(chinaMainland2026);

/** The default policy with the value at a dotted path replaced. */
function withValue(path: string, value: unknown): unknown {
  const copy: unknown = structuredClone(DEFAULT_RESOLUTION_POLICY);
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = copy as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

const milestones = DEFAULT_RESOLUTION_POLICY.supervision.milestones;

describe('resolution policy', () => {
  it('accepts its defaults', () => {
    expect(validateResolutionPolicy(DEFAULT_RESOLUTION_POLICY)).toEqual([]);
  });

  it.each([
    ['a warning share of 1', 'clocks.warningShare', 1, 'clocks.warningShare'],
    [
      'an unknown token role',
      'approvals.bodies.legal.roles',
      ['lawyer'],
      'approvals.bodies.legal.roles.0',
    ],
    [
      'an unknown scope',
      'approvals.otherBodies.scope',
      'everywhere',
      'approvals.otherBodies.scope',
    ],
    [
      'a threshold in floating point',
      'approvals.legalReview.compensationAbove',
      { CNY: '1e3' },
      'approvals.legalReview.compensationAbove.CNY',
    ],
    ['an unknown field', 'crisis.mascot', 'owl', 'crisis.mascot'],
    ['a zero duration', 'crisis.planWithin', { hours: 0 }, 'crisis.planWithin'],
    [
      'a milestone twice',
      'supervision.milestones',
      [...milestones, { milestone: 'resolved', within: { days: 1 } }],
      'supervision.milestones.4.milestone',
    ],
    [
      'no resolution milestone',
      'supervision.milestones',
      [{ milestone: 'plan_proposed', within: { days: 1 } }],
      'supervision.milestones',
    ],
  ])('refuses %s, naming the path', (_case, field, value, path) => {
    const problems = validateResolutionPolicy(withValue(field, value));
    expect(problems.map((p) => p.path)).toContain(path);
  });

  it('compiles into clocks by calendar, and refuses to compile a bad document', () => {
    const compiled = compileResolutionPolicy(DEFAULT_RESOLUTION_POLICY, calendar);
    expect(compiled.calendarFor('major')).toBe('24/7');
    expect(compiled.calendarFor('general')).toBe('business');
    const friday = new Date('2026-03-13T09:00:00Z'); // 17:00 in Shanghai
    expect(compiled.clock('business').add(friday, { hours: 2 }).toISOString()).toBe(
      '2026-03-16T02:00:00.000Z',
    );
    expect(compiled.clock('24/7').add(friday, { hours: 2 }).toISOString()).toBe(
      '2026-03-13T11:00:00.000Z',
    );
    expect(() => compileResolutionPolicy(withValue('clocks.warningShare', 0), calendar)).toThrow(
      InvalidResolutionPolicy,
    );
  });
});
