import { SEVERITIES, type Severity } from '@redress/contracts';
import { deadlinesFor, earliestDeadlines, type TriageCustomerTier } from './sla.policy';
import { defaultPolicy, shanghai, showShanghai } from './spec-fixtures';

function shown(severity: Severity, tier: TriageCustomerTier, registered: string) {
  const { deadlines } = deadlinesFor(severity, tier, shanghai(registered), defaultPolicy);
  return {
    respondBy: deadlines.respondBy && showShanghai(deadlines.respondBy),
    planBy: deadlines.planBy && showShanghai(deadlines.planBy),
    resolveBy: showShanghai(deadlines.resolveBy),
  };
}

describe('SLA deadlines (DOMAIN §2 severity table, CN mainland 2026 calendar)', () => {
  it.each<[string, Severity, string, string | undefined, string | undefined, string]>([
    [
      'general, Monday morning: 24 business hours',
      'general',
      'Mon 2026-03-02 10:00',
      undefined,
      undefined,
      'Wed 2026-03-04 16:00',
    ],
    [
      'serious, Friday 17:00: 12 business hours skip the weekend',
      'serious',
      'Fri 2026-03-06 17:00',
      'Tue 2026-03-10 11:00',
      undefined,
      'Mon 2026-03-16 11:00',
    ],
    [
      'serious, on a National Day holiday: the clock starts on the first working day, 8 October',
      'serious',
      'Sat 2026-10-03 12:00',
      'Fri 2026-10-09 12:00',
      undefined,
      'Wed 2026-10-14 12:00',
    ],
    [
      'general, National Day: the swapped working Saturday 10 October counts',
      'general',
      'Sat 2026-10-03 12:00',
      undefined,
      undefined,
      'Sat 2026-10-10 15:00',
    ],
    [
      'major, Sunday night: around the clock',
      'major',
      'Sun 2026-03-08 23:30',
      'Sun 2026-03-08 23:45',
      'Mon 2026-03-09 01:30',
      'Tue 2026-03-10 23:30',
    ],
    [
      'major, on a National Day holiday: around the clock',
      'major',
      'Sat 2026-10-03 12:00',
      'Sat 2026-10-03 12:15',
      'Sat 2026-10-03 14:00',
      'Mon 2026-10-05 12:00',
    ],
    [
      'minor, Friday 17:00: by the same time next working day',
      'minor',
      'Fri 2026-03-06 17:00',
      undefined,
      undefined,
      'Mon 2026-03-09 17:00',
    ],
  ])('%s', (_case, severity, registered, respondBy, planBy, resolveBy) => {
    expect(shown(severity, 'medium', registered)).toEqual({ respondBy, planBy, resolveBy });
  });

  it('names the target and its clock in the rules that fired', () => {
    expect(
      deadlinesFor('major', 'medium', shanghai('Sun 2026-03-08 23:30'), defaultPolicy).rulesFired,
    ).toEqual([
      {
        rule: 'sla:major',
        reason:
          'major: respond within 15 min, plan within 2 h, resolve within 48 h, around the clock',
      },
    ]);
  });
});

describe('customer tier (DOMAIN §2 customer value)', () => {
  it.each<[string, Severity, string, string | undefined, string | undefined, string]>([
    [
      'serious: 9 and 36 business hours instead of 12 and 48',
      'serious',
      'Fri 2026-03-06 17:00',
      'Mon 2026-03-09 17:00',
      undefined,
      'Thu 2026-03-12 17:00',
    ],
    [
      'minor: three quarters of a working day',
      'minor',
      'Fri 2026-03-06 17:00',
      undefined,
      undefined,
      'Mon 2026-03-09 14:45',
    ],
    [
      'major: 1.5 h plan, 36 h resolution',
      'major',
      'Sun 2026-03-08 23:30',
      'Sun 2026-03-08 23:41',
      'Mon 2026-03-09 01:00',
      'Tue 2026-03-10 11:30',
    ],
  ])(
    'a high-tier customer gets shorter clocks, %s',
    (_case, severity, registered, respondBy, planBy, resolveBy) => {
      expect(shown(severity, 'high', registered)).toEqual({ respondBy, planBy, resolveBy });
    },
  );

  it('keeps seconds when a factor makes them: 15 min × 0.75 = 11 min 15 s', () => {
    const { deadlines } = deadlinesFor(
      'major',
      'high',
      shanghai('Sun 2026-03-08 23:30'),
      defaultPolicy,
    );
    expect(deadlines.respondBy).toBe('2026-03-08T15:41:15.000Z');
  });

  it.each<TriageCustomerTier>(['medium', 'low', 'unknown'])(
    'a %s customer keeps the standard clocks',
    (tier) => {
      expect(shown('serious', tier, 'Fri 2026-03-06 17:00')).toEqual(
        shown('serious', 'unknown', 'Fri 2026-03-06 17:00'),
      );
    },
  );

  it('says when a tier shortened the clocks', () => {
    const { rulesFired } = deadlinesFor(
      'general',
      'high',
      shanghai('Mon 2026-03-02 10:00'),
      defaultPolicy,
    );
    expect(rulesFired).toContainEqual({
      rule: 'tier:high',
      reason: 'high-tier customer: every clock × 0.75',
    });
  });

  it('never makes any deadline later than the standard one, whatever the tier, level and start', () => {
    const starts = [
      'Mon 2026-03-02 08:00',
      'Fri 2026-03-06 17:59',
      'Sat 2026-10-03 12:00',
      'Wed 2026-12-30 17:30',
    ];
    const later: string[] = [];
    for (const severity of SEVERITIES) {
      for (const start of starts) {
        const standard = deadlinesFor(
          severity,
          'unknown',
          shanghai(start),
          defaultPolicy,
        ).deadlines;
        for (const tier of ['high', 'medium', 'low'] as const) {
          const tiered = deadlinesFor(severity, tier, shanghai(start), defaultPolicy).deadlines;
          for (const key of ['respondBy', 'planBy', 'resolveBy'] as const) {
            const a = tiered[key];
            const b = standard[key];
            if (a !== undefined && b !== undefined && Date.parse(a) > Date.parse(b))
              later.push(`${severity} ${tier} ${start} ${key}`);
          }
        }
      }
    }
    expect(later).toEqual([]);
  });
});

describe('earliestDeadlines', () => {
  it('takes the earlier of each deadline and keeps one that only one side has', () => {
    expect(
      earliestDeadlines(
        { respondBy: '2026-03-10T03:00:00.000Z', resolveBy: '2026-03-12T03:00:00.000Z' },
        {
          respondBy: '2026-03-09T02:15:00.000Z',
          planBy: '2026-03-09T04:00:00.000Z',
          resolveBy: '2026-03-13T02:00:00.000Z',
        },
      ),
    ).toEqual({
      respondBy: '2026-03-09T02:15:00.000Z',
      planBy: '2026-03-09T04:00:00.000Z',
      resolveBy: '2026-03-12T03:00:00.000Z',
    });
  });
});
