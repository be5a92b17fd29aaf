import { FixedClock } from '@redress/business-time';
import type { CaseEvent } from './case';
import type { CaseCommand } from './case-commands';
import {
  caseTimers,
  milestoneTimerPayload,
  nearestDue,
  slaState,
  slaTimerPayload,
  warningAt,
  type CaseTimers,
} from './sla-clocks.policy';
import {
  A1,
  at,
  commands as c,
  COMPLAINT_ID,
  counsel,
  history,
  open,
  policy,
  policyWith,
  stateOf,
  supervisor,
  triaged,
  triagedMajor,
  MON,
  TUE,
  WED,
  HISTORIES,
} from './spec-fixtures';

/** The timers the case should have at `now`, as { key: due } (Shanghai wall time). */
function armed(events: CaseEvent[], now: string, compiled = policy): Record<string, string> {
  return Object.fromEntries(
    timers(events, now, compiled).arm.map((t) => [t.key, t.dueAt.toISOString()]),
  );
}

function timers(events: CaseEvent[], now: string, compiled = policy): CaseTimers {
  return caseTimers(stateOf(events), new Date(now), compiled);
}

const key = (kind: 'sla-warning' | 'sla-breach', clock: string) =>
  `${kind}:${clock}:${COMPLAINT_ID}`;

describe('SLA clocks as timers', () => {
  const clock = new FixedClock(MON('09:01'));

  it('arms the breach at the deadline and the warning at 80 % of the working time', () => {
    const events = history([open(triaged(), clock.now().toISOString())]);
    // Monday 09:00 → Wednesday 15:00 is 24 working hours; 80 % = 19 h 12 min → Wednesday 10:12
    expect(armed(events, clock.now().toISOString())).toEqual({
      [key('sla-breach', 'resolve')]: WED('15:00'),
      [key('sla-warning', 'resolve')]: WED('10:12'),
    });
    const { disarm } = timers(events, clock.now().toISOString());
    expect(disarm).toContain(key('sla-breach', 'respond'));
    expect(disarm).toContain(`supervision-milestone:resolved:${COMPLAINT_ID}`);
    expect(disarm).not.toContain(key('sla-breach', 'resolve'));
  });

  it('counts a 24/7 case around the clock, crisis clock included', () => {
    const events = history([open(triagedMajor(), clock.now().toISOString())]);
    expect(armed(events, clock.now().toISOString())).toMatchObject({
      [key('sla-warning', 'respond')]: MON('09:12'),
      [key('sla-breach', 'respond')]: MON('09:15'),
      [key('sla-warning', 'plan')]: MON('10:36'),
      [key('sla-breach', 'plan')]: MON('11:00'),
      [key('sla-warning', 'resolve')]: TUE('23:24'),
      [key('sla-breach', 'resolve')]: WED('09:00'),
      // the task force's plan: 24 h from 09:01, warned after 19 h 12 min
      [key('sla-warning', 'crisis_plan')]: TUE('04:13'),
      [key('sla-breach', 'crisis_plan')]: TUE('09:01'),
    });
  });

  it('warns at the configured share', () => {
    const half = policyWith((p) => {
      p.clocks.warningShare = 0.5;
    });
    const events = history([open(triaged(), MON('09:01'))], half);
    // 12 of 24 working hours: Monday 9 h, Tuesday 3 h
    expect(armed(events, MON('09:01'), half)[key('sla-warning', 'resolve')]).toBe(TUE('12:00'));
  });

  it('re-arms under the same keys when an escalation brings new deadlines', () => {
    const opened = history([open(triaged(), MON('09:01'))]);
    const escalated = history([
      open(triaged(), MON('09:01')),
      {
        type: 'ApplyEscalation',
        complaintId: COMPLAINT_ID,
        at: MON('14:00'),
        escalationClass: 'general',
        severity: 'serious',
        approver: 'project-general-manager',
        deadlines: { respondBy: TUE('17:00'), resolveBy: WED('12:00') },
      },
    ]);
    const before = armed(opened, MON('14:00'));
    const after = armed(escalated, MON('14:00'));
    expect(before[key('sla-breach', 'resolve')]).toBe(WED('15:00'));
    expect(after[key('sla-breach', 'resolve')]).toBe(WED('12:00'));
    // respond: 12 working hours from Monday 14:00; 80 % = 9 h 36 min → Tuesday 14:36
    expect(after[key('sla-breach', 'respond')]).toBe(TUE('17:00'));
    expect(after[key('sla-warning', 'respond')]).toBe(TUE('14:36'));
  });

  it('stops the response clock at the first contact and keeps the others', () => {
    const events = history([open(triagedMajor(), MON('09:01')), c.contact(MON('09:10'))]);
    const { arm, disarm } = timers(events, MON('09:10'));
    expect(arm.map((t) => t.key)).not.toContain(key('sla-breach', 'respond'));
    expect(disarm).toEqual(
      expect.arrayContaining([key('sla-breach', 'respond'), key('sla-warning', 'respond')]),
    );
    expect(arm.map((t) => t.key)).toContain(key('sla-breach', 'resolve'));
  });

  it('arms nothing and disarms everything once the case is withdrawn', () => {
    const active = history([open(triagedMajor(), MON('09:01'))]);
    const withdrawn = history([open(triagedMajor(), MON('09:01')), c.withdraw(MON('09:05'))]);
    const { arm, disarm } = timers(withdrawn, MON('09:05'));
    expect(arm).toEqual([]);
    expect(disarm).toEqual(expect.arrayContaining(Object.keys(armed(active, MON('09:05')))));
  });

  it('arms each warning and breach once for a due time', () => {
    const warn = {
      type: 'RecordSlaWarning',
      complaintId: COMPLAINT_ID,
      at: WED('10:12'),
      clock: 'resolve',
      round: 1,
      dueAt: WED('15:00'),
    } as const satisfies CaseCommand;
    const warned = history([open(triaged(), MON('09:01')), warn]);
    expect(armed(warned, WED('10:12'))).toEqual({ [key('sla-breach', 'resolve')]: WED('15:00') });
    const breached = history([
      open(triaged(), MON('09:01')),
      warn,
      { ...warn, type: 'RecordSlaBreach', at: WED('15:00') },
    ]);
    expect(Object.keys(armed(breached, WED('15:00')))).not.toContain(key('sla-breach', 'resolve'));
    // the breach put the case under supervision: its milestones are armed instead
    expect(Object.keys(armed(breached, WED('15:00')))).toContain(
      `supervision-milestone:customer_contacted:${COMPLAINT_ID}`,
    );
  });

  it('arms no warning for a deadline already passed, only the breach (fires at once)', () => {
    const late = history([open(triaged(), WED('16:00'))]);
    expect(armed(late, WED('16:00'))).toEqual({ [key('sla-breach', 'resolve')]: WED('15:00') });
  });

  it('clocks the second round from the reopening, with its own payloads', () => {
    const events = history([
      ...HISTORIES.resolved,
      c.reopen(TUE('09:00')),
      {
        type: 'ApplyReissuedDeadlines',
        complaintId: COMPLAINT_ID,
        at: TUE('09:00'),
        reopenedAt: TUE('09:00'),
        severity: 'general',
        escalationClass: 'general',
        approver: 'project-general-manager',
        deadlines: { resolveBy: at('2026-03-12 15:00') },
      },
    ]);
    const { arm, disarm } = timers(events, TUE('09:00'));
    expect(arm.map((t) => [t.key, t.dueAt.toISOString(), t.payload])).toEqual([
      [
        key('sla-breach', 'resolve'),
        at('2026-03-12 15:00'),
        { complaintId: COMPLAINT_ID, clock: 'resolve', round: 2, dueAt: at('2026-03-12 15:00') },
      ],
      [
        key('sla-warning', 'resolve'),
        at('2026-03-12 10:12'),
        { complaintId: COMPLAINT_ID, clock: 'resolve', round: 2, dueAt: at('2026-03-12 15:00') },
      ],
    ]);
    // the first round's action has no timer left
    expect(disarm).toContain(key('sla-breach', `action:${A1}`));
  });

  it('runs the crisis clocks: contact within 12 h of approval, a new plan within 1 h of a decline', () => {
    const approved = history([
      open(triagedMajor(), MON('09:01')),
      c.contact(MON('09:10')),
      c.propose(MON('10:00')),
      c.approve(MON('11:00'), counsel),
      c.approve(MON('12:00'), supervisor),
    ]);
    expect(armed(approved, MON('12:00'))).toMatchObject({
      [key('sla-breach', 'crisis_contact')]: TUE('00:00'),
      [key('sla-warning', 'crisis_contact')]: MON('21:36'),
    });
    // the plan was proposed at 10:00: the task force's plan clock stopped
    expect(Object.keys(armed(approved, MON('12:00')))).not.toContain(
      key('sla-breach', 'crisis_plan'),
    );
    const declined = history([
      open(triagedMajor(), MON('09:01')),
      c.contact(MON('09:10')),
      c.propose(MON('10:00')),
      c.approve(MON('11:00'), counsel),
      c.approve(MON('12:00'), supervisor),
      c.decline(MON('13:00')),
    ]);
    const after = armed(declined, MON('13:00'));
    expect(after[key('sla-breach', 'crisis_replan')]).toBe(MON('14:00'));
    expect(after[key('sla-warning', 'crisis_replan')]).toBe(MON('13:48'));
    expect(Object.keys(after)).not.toContain(key('sla-breach', 'crisis_contact'));
    expect(Object.keys(after)).not.toContain(key('sla-breach', 'replan'));
  });

  it('arms an action clock until the action is completed', () => {
    const scheduled = history(HISTORIES.executing);
    const timer = timers(scheduled, MON('12:05')).arm.find(
      (t) => t.key === key('sla-breach', `action:${A1}`),
    );
    expect(timer?.payload).toEqual({
      complaintId: COMPLAINT_ID,
      clock: 'action',
      actionId: A1,
      round: 1,
      dueAt: TUE('18:00'),
    });
    const done = history([...HISTORIES.executing, c.complete(MON('15:00'))]);
    expect(timers(done, MON('15:00')).disarm).toContain(key('sla-breach', `action:${A1}`));
  });

  it('arms the milestones of a supervision order until each is met', () => {
    const hot = history([open(triaged({ escalationClass: 'hot' }), MON('09:01'))]);
    expect(armed(hot, MON('09:01'))).toMatchObject({
      [`supervision-milestone:customer_contacted:${COMPLAINT_ID}`]: MON('11:01'),
      [`supervision-milestone:resolved:${COMPLAINT_ID}`]: WED('15:00'),
    });
    const contacted = history([
      open(triaged({ escalationClass: 'hot' }), MON('09:01')),
      c.contact(MON('10:00')),
    ]);
    expect(timers(contacted, MON('10:00')).disarm).toContain(
      `supervision-milestone:customer_contacted:${COMPLAINT_ID}`,
    );
  });

  it('gives payloads the timer handlers can validate', () => {
    const events = history([open(triaged({ escalationClass: 'hot' }), MON('09:01'))]);
    for (const timer of timers(events, MON('09:01')).arm) {
      const check =
        timer.kind === 'resolution.supervision-milestone' ? milestoneTimerPayload : slaTimerPayload;
      expect(check.Check(timer.payload)).toBe(true);
    }
    expect(
      slaTimerPayload.Check({
        complaintId: COMPLAINT_ID,
        clock: 'nap',
        round: 1,
        dueAt: MON('10:00'),
      }),
    ).toBe(false);
  });
});

describe('SLA state and the queue order', () => {
  const events = history([open(triaged(), MON('09:01'))]);
  const state = stateOf(events);

  it.each([
    [MON('10:00'), 'on_track'],
    [WED('10:12'), 'warning'],
    [WED('15:00'), 'breached'],
  ] as const)('at %s the case is %s', (now, expected) => {
    expect(slaState(state, new Date(now), policy)).toBe(expected);
  });

  it('stays breached for the round once a breach was recorded; met once resolved in time, stopped once withdrawn', () => {
    const breached = history([
      open(triaged(), MON('09:01')),
      {
        type: 'RecordSlaBreach',
        complaintId: COMPLAINT_ID,
        at: WED('15:00'),
        clock: 'resolve',
        round: 1,
        dueAt: WED('15:00'),
      },
      c.contact(WED('15:10')),
    ]);
    expect(slaState(stateOf(breached), new Date(WED('15:30')), policy)).toBe('breached');
    const resolved = history([
      open(triaged(), MON('09:01')),
      c.contact(MON('09:30')),
      c.resolve(MON('10:00')),
    ]);
    expect(slaState(stateOf(resolved), new Date(MON('10:00')), policy)).toBe('met');
    const withdrawn = history([open(triaged(), MON('09:01')), c.withdraw(MON('10:00'))]);
    expect(slaState(stateOf(withdrawn), new Date(WED('16:00')), policy)).toBe('stopped');
  });

  it('sorts by the nearest running deadline', () => {
    expect(nearestDue(state)).toBe(WED('15:00'));
    const major = stateOf(history([open(triagedMajor(), MON('09:01'))]));
    expect(nearestDue(major)).toBe(MON('09:15'));
    const contacted = stateOf(
      history([open(triagedMajor(), MON('09:01')), c.contact(MON('09:05'))]),
    );
    expect(nearestDue(contacted)).toBe(MON('11:00'));
  });

  it('puts the warning point of a business-hours clock inside working time', () => {
    const registeredFriday = stateOf(
      history([
        open(
          triaged({
            registeredAt: at('2026-03-13 17:00'),
            deadlines: { resolveBy: at('2026-03-18 14:00') },
          }),
          at('2026-03-13 17:01'),
        ),
      ]),
    );
    const clock = registeredFriday.round.clocks.resolve;
    // 24 working hours from Friday 17:00 (Friday 1, Monday 9, Tuesday 9, Wednesday 5); 80 % =
    // 19 h 12 min ends Wednesday 09:12 — not on the weekend, as a share of wall time would
    expect(clock && warningAt(clock, policy)?.toISOString()).toBe(at('2026-03-18 09:12'));
  });
});
