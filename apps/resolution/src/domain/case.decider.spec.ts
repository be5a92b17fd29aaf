import { InvalidInput, type DomainError } from '@redress/contracts';
import type { CaseEvent, CaseStatus } from './case';
import type { CaseCommand } from './case-commands';
import {
  ActionNotFound,
  ApprovalNotRequired,
  ApprovalRequired,
  CaseNotFound,
  InvalidTransition,
  NotAnApprover,
  NothingToChange,
} from './errors';
import {
  A1,
  A2,
  agent,
  at,
  commands as c,
  COMPLAINT_ID,
  counsel,
  given,
  history,
  logisticsHead,
  open,
  qualityHead,
  R1,
  R2,
  stateOf,
  supervisor,
  triaged,
  triagedMajor,
  MON,
  TUE,
  HISTORIES,
} from './spec-fixtures';

/** The error a command throws, or undefined. */
function errorOf(run: () => unknown): DomainError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
}

const types = (events: CaseEvent[]) => events.map((e) => e.type);

const LATER = TUE('10:00');
const COMMANDS: Record<string, CaseCommand> = {
  OpenCase: open(triaged(), LATER),
  AssignCase: c.assign(LATER, 'agent-2'),
  RecordContact: c.contact(LATER),
  RecordInvestigation: c.investigate(LATER),
  ProposeRemedy: c.propose(LATER, R2),
  ApproveRemedy: c.approve(LATER),
  RejectRemedy: c.reject(LATER),
  RecordCustomerDecision: c.accept(LATER),
  ScheduleAction: c.schedule(LATER, A2, { at: TUE('18:00') }),
  CompleteAction: c.complete(LATER),
  ResolveCase: c.resolve(LATER),
  WithdrawCase: c.withdraw(LATER),
  ReopenCase: c.reopen(LATER),
};

const ok = 'ok';
const NF = CaseNotFound;
const IT = InvalidTransition;
const AR = ApprovalRequired;
type Outcome = typeof ok | (new (...args: never[]) => DomainError);

// prettier-ignore
const TRANSITIONS: Record<string, [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  //                       none open awaiting approved executing resolved withdrawn
  OpenCase:               [ok,  IT,  IT,      IT,      IT,       IT,      IT],
  AssignCase:             [NF,  ok,  ok,      ok,      ok,       IT,      IT],
  RecordContact:          [NF,  ok,  ok,      ok,      ok,       IT,      IT],
  RecordInvestigation:    [NF,  ok,  ok,      ok,      ok,       IT,      IT],
  ProposeRemedy:          [NF,  ok,  IT,      IT,      IT,       IT,      IT],
  ApproveRemedy:          [NF,  IT,  ok,      IT,      IT,       IT,      IT],
  RejectRemedy:           [NF,  IT,  ok,      IT,      IT,       IT,      IT],
  RecordCustomerDecision: [NF,  IT,  AR,      ok,      IT,       IT,      IT],
  ScheduleAction:         [NF,  IT,  IT,      IT,      ok,       IT,      IT],
  CompleteAction:         [NF,  IT,  IT,      IT,      ok,       IT,      IT],
  // executing: refused while action A1 is open (resolving after completion: below)
  ResolveCase:            [NF,  ok,  IT,      IT,      IT,       IT,      IT],
  WithdrawCase:           [NF,  ok,  ok,      ok,      ok,       IT,      IT],
  ReopenCase:             [NF,  IT,  IT,      IT,      IT,       ok,      IT],
};
const STATUSES = Object.keys(HISTORIES) as Array<CaseStatus | 'none'>;

describe('case decider: every command in every status', () => {
  it('builds each status from its history', () => {
    for (const status of STATUSES) {
      const events = history(HISTORIES[status]);
      expect(status === 'none' ? events.length : stateOf(events).status).toBe(
        status === 'none' ? 0 : status,
      );
    }
  });

  const cases = Object.entries(TRANSITIONS).flatMap(([command, outcomes]) =>
    outcomes.map((outcome, i) => [command, STATUSES[i] as CaseStatus | 'none', outcome] as const),
  );

  it.each(cases)('%s on a case that is %s', (command, status, outcome) => {
    const run = given(...history(HISTORIES[status])).when(COMMANDS[command] as CaseCommand);
    if (outcome === ok) {
      expect(run().length).toBeGreaterThan(0);
      return;
    }
    const error = errorOf(run);
    expect(error).toBeInstanceOf(outcome);
    if (error instanceof InvalidTransition) {
      // CONTRACT.md: 409 naming the current state
      expect(error.kind).toBe('invalid_state');
      expect(error.extensions.currentStatus).toBe(status);
      expect(error.message).toContain(status);
    }
  });

  it('answers a command on a complaint without a case as not found', () => {
    const error = errorOf(given().when(c.assign(LATER)));
    expect(error).toBeInstanceOf(CaseNotFound);
    expect(error?.kind).toBe('not_found');
    expect(error?.message).toContain(COMPLAINT_ID);
  });
});

describe('case decider: opening from ComplaintTriaged', () => {
  it('opens a general case with triage grading, approver and deadlines and nothing more', () => {
    const events = given().when(open())();
    expect(events).toEqual([
      {
        type: 'CaseOpened',
        data: {
          complaintId: COMPLAINT_ID,
          openedAt: MON('09:01'),
          type: 'product',
          category: 'quality',
          subcategory: 'foreign-object',
          severity: 'general',
          escalationClass: 'general',
          department: 'quality',
          approver: 'project-general-manager',
          deadlines: { resolveBy: at('2026-03-11 15:00') },
          calendar: 'business',
          customerTier: 'unknown',
          reportToHeadquarters: false,
          registeredAt: MON('09:00'),
          triagedAt: MON('09:00'),
          triagePolicyVersion: 1,
        },
      },
    ]);
    expect(stateOf(events).round.clocks.resolve).toEqual({
      clock: 'resolve',
      startedAt: MON('09:00'),
      dueAt: at('2026-03-11 15:00'),
      calendar: 'business',
    });
  });

  it.each(['important', 'hot'] as const)(
    'puts a case that is %s from its first triage under supervision with milestones',
    (escalationClass) => {
      const events = given().when(open(triaged({ escalationClass })))();
      expect(types(events)).toEqual(['CaseOpened', 'SupervisionOrderIssued']);
      expect(events[1]?.data).toEqual({
        complaintId: COMPLAINT_ID,
        round: 1,
        issuedAt: MON('09:01'),
        issuedBy: 'customer-service',
        reason: 'escalation_class',
        escalationClass,
        department: 'quality',
        // on the business calendar from Monday 09:01; resolution capped by triage's resolveBy
        milestones: [
          { milestone: 'customer_contacted', dueAt: MON('11:01') },
          { milestone: 'plan_proposed', dueAt: TUE('09:01') },
          { milestone: 'plan_approved', dueAt: at('2026-03-11 09:01') },
          { milestone: 'resolved', dueAt: at('2026-03-11 15:00') },
        ],
        warn: { role: 'department_head', department: 'quality' },
      });
    },
  );

  it('forms a crisis task force for a major case, with its 24 h plan clock, before the order', () => {
    const events = given().when(open(triagedMajor()))();
    expect(types(events)).toEqual(['CaseOpened', 'CrisisTeamFormed', 'SupervisionOrderIssued']);
    expect(events[0]?.data).toMatchObject({ calendar: '24/7' });
    expect(events[1]?.data).toEqual({
      complaintId: COMPLAINT_ID,
      formedAt: MON('09:01'),
      round: 1,
      lead: { role: 'project-general-manager' },
      members: [{ role: 'service-manager' }],
      spokesperson: { role: 'public-relations' },
      planBy: TUE('09:01'),
    });
    // milestones never later than the case's own deadlines: respond 09:15, plan 11:00
    expect(events[2]?.data).toMatchObject({
      milestones: [
        { milestone: 'customer_contacted', dueAt: MON('09:15') },
        { milestone: 'plan_proposed', dueAt: MON('11:00') },
        { milestone: 'plan_approved', dueAt: at('2026-03-11 09:01') },
        { milestone: 'resolved', dueAt: at('2026-03-11 09:00') },
      ],
    });
  });

  it('forms a task force for severity III alone (the stricter of 002 and 003)', () => {
    const events = given().when(open(triagedMajor({ escalationClass: 'general' })))();
    expect(types(events)).toEqual(['CaseOpened', 'CrisisTeamFormed']);
  });
});

describe('case decider: triage changes its decision', () => {
  const opened = history([open()]);

  it('takes over an escalation: new class, approver and deadlines, restarted from then', () => {
    const events = given(...opened).when({
      type: 'ApplyEscalation',
      complaintId: COMPLAINT_ID,
      at: MON('14:00'),
      escalationClass: 'hot',
      severity: 'serious',
      approver: 'project-general-manager',
      deadlines: { respondBy: TUE('17:00'), resolveBy: at('2026-03-11 15:00') },
    })();
    expect(types(events)).toEqual(['CaseTriageUpdated', 'SupervisionOrderIssued']);
    expect(events[0]?.data).toMatchObject({
      source: 'escalated',
      severity: 'serious',
      escalationClass: 'hot',
      changedFields: ['severity', 'escalationClass', 'deadlines'],
    });
    const clocks = stateOf([...opened, ...events]).round.clocks;
    expect(clocks.respond).toEqual({
      clock: 'respond',
      startedAt: MON('14:00'),
      dueAt: TUE('17:00'),
      calendar: 'business',
    });
    // the resolve deadline did not move, so its clock keeps its start
    expect(clocks.resolve?.startedAt).toBe(MON('09:00'));
  });

  it('records nothing when the escalation changes nothing the case holds', () => {
    expect(
      given(...opened).when({
        type: 'ApplyEscalation',
        complaintId: COMPLAINT_ID,
        at: MON('14:00'),
        escalationClass: 'general',
        approver: 'project-general-manager',
        // the same instant written another way is the same deadline
        deadlines: { resolveBy: '2026-03-11T07:00:00Z' },
      })(),
    ).toEqual([]);
  });

  it('ends the assignment when a reclassification routes the case to another department', () => {
    const assigned = [...opened, ...given(...opened).when(c.assign(MON('10:00')))()];
    const events = given(...assigned).when({
      type: 'ApplyReclassification',
      complaintId: COMPLAINT_ID,
      at: MON('15:00'),
      classification: {
        type: 'logistics',
        category: 'damaged-parcel',
        severity: 'general',
        escalationClass: 'general',
        department: 'logistics',
      },
      approver: 'project-general-manager',
      deadlines: { resolveBy: at('2026-03-11 15:00') },
    })();
    expect(events[0]?.data).toMatchObject({
      source: 'reclassified',
      changedFields: ['type', 'category', 'subcategory', 'department'],
      unassigned: true,
    });
    const state = stateOf([...assigned, ...events]);
    expect(state.assignee).toBeUndefined();
    expect(state.subcategory).toBeUndefined();
    expect(state.department).toBe('logistics');
  });

  it('adds the approvals a pending plan now needs when the case becomes major', () => {
    const approved = history([
      open(),
      c.contact(MON('09:30')),
      c.propose(MON('10:00')),
      c.approve(MON('11:00')),
    ]);
    expect(stateOf(approved).status).toBe('plan_approved');
    const events = given(...approved).when({
      type: 'ApplyEscalation',
      complaintId: COMPLAINT_ID,
      at: MON('12:00'),
      escalationClass: 'major',
      approver: 'product-decision-committee',
    })();
    expect(types(events)).toEqual([
      'CaseTriageUpdated',
      'CrisisTeamFormed',
      'SupervisionOrderIssued',
    ]);
    expect(events[0]?.data).toMatchObject({
      remedyApprovals: {
        remedyId: R1,
        added: [
          { body: 'product-decision-committee', because: 'escalation_approver' },
          { body: 'legal', because: 'major_complaint' },
        ],
      },
    });
    // a plan was already on the table: no plan clock for the task force
    expect(events[1]?.data).not.toHaveProperty('planBy');
    const state = stateOf([...approved, ...events]);
    expect(state.status).toBe('awaiting_approval');
    // the customer cannot be asked before the new approvals
    const error = errorOf(given(...approved, ...events).when(c.accept(MON('13:00'))));
    expect(error).toBeInstanceOf(ApprovalRequired);
    expect(error?.extensions).toEqual({
      currentStatus: 'awaiting_approval',
      remedyId: R1,
      missingApprovals: ['product-decision-committee', 'legal'],
    });
  });

  it('keeps the grading of a resolved case current without supervising or clocking it', () => {
    const resolved = history(HISTORIES.resolved);
    const events = given(...resolved).when({
      type: 'ApplyEscalation',
      complaintId: COMPLAINT_ID,
      at: TUE('10:00'),
      escalationClass: 'hot',
      approver: 'project-general-manager',
    })();
    expect(types(events)).toEqual(['CaseTriageUpdated']);
  });
});

describe('case decider: withdrawal and reopening', () => {
  it('withdraws an active case and stops every clock', () => {
    const before = history([open(triagedMajor())]);
    const events = given(...before).when({ ...c.withdraw(MON('10:00')), reason: 'settled' })();
    expect(events).toEqual([
      {
        type: 'CaseWithdrawn',
        data: { complaintId: COMPLAINT_ID, withdrawnAt: MON('10:00'), round: 1, reason: 'settled' },
      },
    ]);
    const clocks = Object.values(stateOf([...before, ...events]).round.clocks);
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.every((clock) => clock?.stoppedAt === MON('10:00'))).toBe(true);
  });

  const resolved = history(HISTORIES.resolved);
  const reopenedAt = TUE('09:00');
  const reissue = {
    type: 'ApplyReissuedDeadlines',
    complaintId: COMPLAINT_ID,
    at: TUE('09:00'),
    reopenedAt,
    severity: 'general',
    escalationClass: 'important',
    approver: 'division-head',
    deadlines: { resolveBy: at('2026-03-12 15:00') },
  } as const satisfies CaseCommand;

  it('reopens a resolved case as a second round, keeping the first in its history', () => {
    const events = given(...resolved).when(c.reopen(reopenedAt))();
    expect(events).toEqual([
      {
        type: 'CaseReopened',
        data: {
          complaintId: COMPLAINT_ID,
          reopenedAt,
          round: 2,
          reason: 'the refund never arrived',
          calendar: 'business',
        },
      },
    ]);
    const state = stateOf([...resolved, ...events]);
    expect(state.status).toBe('open');
    expect(state.round).toMatchObject({ round: 2, awaitingDeadlines: true, clocks: {} });
    expect(state.earlierRounds.map((r) => [r.round, r.resolvedAt])).toEqual([[1, MON('16:00')]]);
    expect(state.remedies[R1]?.status).toBe('accepted');
  });

  it('clocks the second round with the deadlines triage issues for the reopening', () => {
    const reopened = [...resolved, ...given(...resolved).when(c.reopen(reopenedAt))()];
    const events = given(...reopened).when(reissue)();
    expect(types(events)).toEqual(['CaseTriageUpdated', 'SupervisionOrderIssued']);
    expect(events[0]?.data).toMatchObject({
      source: 'reissued',
      round: 2,
      escalationClass: 'important',
      approver: 'division-head',
    });
    expect(stateOf([...reopened, ...events]).round.clocks.resolve).toEqual({
      clock: 'resolve',
      startedAt: reopenedAt,
      dueAt: at('2026-03-12 15:00'),
      calendar: 'business',
    });
  });

  it('lets triage deadlines that arrive first open the round; the late reopening adds nothing', () => {
    const events = given(...resolved).when(reissue)();
    expect(types(events)).toEqual(['CaseReopened', 'CaseTriageUpdated', 'SupervisionOrderIssued']);
    expect(events[0]?.data).toMatchObject({
      round: 2,
      deadlines: { resolveBy: at('2026-03-12 15:00') },
    });
    expect(given(...resolved, ...events).when(c.reopen(reopenedAt))()).toEqual([]);
    // deadlines of a round that is over change nothing
    expect(given(...resolved, ...events).when({ ...reissue, reopenedAt: MON('08:00') })()).toEqual(
      [],
    );
  });

  it('supervises a second round whose first round breached (003: timeouts that caused a second complaint)', () => {
    const breached = history([
      open(),
      {
        type: 'RecordSlaBreach',
        complaintId: COMPLAINT_ID,
        at: at('2026-03-11 15:00'),
        clock: 'resolve',
        round: 1,
        dueAt: at('2026-03-11 15:00'),
      },
      c.contact(at('2026-03-11 16:00')),
      c.resolve(at('2026-03-11 17:00')),
    ]);
    const events = given(...breached).when(c.reopen(at('2026-03-12 09:00')))();
    expect(types(events)).toEqual(['CaseReopened', 'SupervisionOrderIssued']);
    expect(events[1]?.data).toMatchObject({ round: 2, reason: 'repeat_after_breach' });
  });

  it('asks a crisis case for a new plan within 24 h of the reopening', () => {
    const crisis = history([
      open(triagedMajor()),
      c.contact(MON('09:10')),
      c.resolve(MON('10:00')),
    ]);
    const events = given(...crisis).when(c.reopen(TUE('09:00')))();
    expect(events[0]?.data).toMatchObject({ crisisPlanBy: at('2026-03-11 09:00') });
  });
});

describe('case decider: working the case', () => {
  const opened = history([open()]);

  it('assigns only to a person of the responsible department, and not twice to the same', () => {
    expect(errorOf(given(...opened).when(c.assign(MON('10:00'), 'x', 'logistics')))).toBeInstanceOf(
      InvalidInput,
    );
    const assigned = history([open(), c.assign(MON('10:00'))]);
    expect(assigned[1]?.data).toEqual({
      complaintId: COMPLAINT_ID,
      assignedAt: MON('10:00'),
      assignedBy: 'head-quality',
      assignee: 'agent-1',
      department: 'quality',
    });
    expect(errorOf(given(...assigned).when(c.assign(MON('11:00'))))).toBeInstanceOf(
      NothingToChange,
    );
    expect(given(...assigned).when(c.assign(MON('11:00'), 'agent-2'))()[0]?.data).toMatchObject({
      previousAssignee: 'agent-1',
    });
  });

  it('stops the response clock at the first contact of the round only', () => {
    const before = history([open(triagedMajor())]);
    const first = given(...before).when(c.contact(MON('09:10')))();
    expect(first[0]?.data).toMatchObject({ firstInRound: true, round: 1, channel: 'phone' });
    const after = [...before, ...first];
    expect(stateOf(after).round.clocks.respond?.stoppedAt).toBe(MON('09:10'));
    expect(given(...after).when(c.contact(MON('09:40')))()[0]?.data).toMatchObject({
      firstInRound: false,
    });
  });

  it('refuses to offer a plan in a contact before its approvals, naming what is missing', () => {
    const proposed = history([open(), c.propose(MON('10:00'))]);
    const error = errorOf(given(...proposed).when(c.contact(MON('10:30'), R1)));
    expect(error).toBeInstanceOf(ApprovalRequired);
    expect(error?.kind).toBe('invalid_state');
    expect(error?.message).toContain('project-general-manager');
  });

  it('records the investigation; departments sharing the mistake exclude the case own', () => {
    const events = given(...opened).when({
      ...c.investigate(MON('11:00')),
      sharedWith: ['rnd', 'quality'],
    })();
    expect(events[0]?.data).toEqual({
      complaintId: COMPLAINT_ID,
      recordedAt: MON('11:00'),
      recordedBy: 'agent-1',
      rootCause: 'the seal of batch 0306 failed',
      responsibility: 'company',
      evidence: [{ kind: 'test_report', ref: 'lab/0311' }],
      sharedWith: ['rnd'],
    });
  });

  it('proposes a tiered plan needing the approver triage named', () => {
    const events = given(...opened).when(c.propose(MON('10:00')))();
    expect(events[0]?.data).toMatchObject({
      remedyId: R1,
      round: 1,
      requiredApprovals: [{ body: 'project-general-manager', because: 'escalation_approver' }],
    });
    expect(
      errorOf(
        given(...opened).when(
          c.propose(MON('10:00'), R1, [
            { optionId: 'a', kind: 'refund', tier: 1 },
            { optionId: 'a', kind: 'repair', tier: 1 },
          ]),
        ),
      ),
    ).toBeInstanceOf(InvalidInput);
  });

  it('adds legal review to a plan with compensation above the configured amount', () => {
    const events = given(...opened).when(
      c.propose(MON('10:00'), R1, [
        {
          optionId: 'money',
          kind: 'compensation',
          tier: 1,
          value: { amount: '1000.01', currency: 'CNY' },
        },
      ]),
    )();
    expect(events[0]?.data).toMatchObject({
      requiredApprovals: [
        { body: 'project-general-manager', because: 'escalation_approver' },
        { body: 'legal', because: 'compensation_above_threshold' },
      ],
    });
  });
});

describe('case decider: approvals', () => {
  const compensation = [
    {
      optionId: 'money',
      kind: 'compensation',
      tier: 1,
      value: { amount: '5000', currency: 'CNY' },
    },
  ] as const;
  const proposed = history([
    open(),
    c.contact(MON('09:30')),
    c.propose(MON('10:00'), R1, [...compensation]),
  ]);

  it('takes one approval per body and offers the plan only when none is missing', () => {
    const first = given(...proposed).when(c.approve(MON('11:00'), counsel))();
    expect(first).toEqual([
      {
        type: 'RemedyApproved',
        data: {
          complaintId: COMPLAINT_ID,
          remedyId: R1,
          body: 'legal',
          approvedAt: MON('11:00'),
          approvedBy: 'counsel-1',
          remainingApprovals: ['project-general-manager'],
        },
      },
    ]);
    const error = errorOf(given(...proposed, ...first).when(c.accept(MON('11:30'), 'money')));
    expect(error).toBeInstanceOf(ApprovalRequired);
    expect(error?.extensions).toMatchObject({ missingApprovals: ['project-general-manager'] });

    const second = given(...proposed, ...first).when(c.approve(MON('12:00'), qualityHead))();
    expect(second[0]?.data).toMatchObject({ remainingApprovals: [] });
    expect(stateOf([...proposed, ...first, ...second]).status).toBe('plan_approved');
  });

  it('refuses someone the matrix does not name, saying who may approve', () => {
    const error = errorOf(given(...proposed).when(c.approve(MON('11:00'), logisticsHead)));
    expect(error).toBeInstanceOf(NotAnApprover);
    expect(error?.kind).toBe('forbidden');
    expect(error?.message).toContain('department_head');
    expect(errorOf(given(...proposed).when(c.approve(MON('11:00'), agent)))).toBeInstanceOf(
      NotAnApprover,
    );
  });

  it('lets legal approve across departments (approval scope by configuration)', () => {
    expect(counsel.department).not.toBe('quality');
    expect(given(...proposed).when(c.approve(MON('11:00'), counsel, R1, 'legal'))()).toHaveLength(
      1,
    );
  });

  it('asks a caller who may decide for two pending bodies to name one', () => {
    const both = { ...supervisor, roles: ['supervisor', 'legal'] as const, department: 'quality' };
    const escalated = history([
      open(triaged({ escalationClass: 'important', approver: 'division-head' })),
      c.propose(MON('10:00'), R1, [...compensation]),
    ]);
    const error = errorOf(
      given(...escalated).when(c.approve(MON('11:00'), { ...both, roles: [...both.roles] })),
    );
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fieldErrors[0]?.field).toBe('body');
  });

  it('refuses an approval for a body the plan does not need, and a second one for the same body', () => {
    expect(
      errorOf(given(...proposed).when(c.approve(MON('11:00'), supervisor, R1, 'division-head'))),
    ).toBeInstanceOf(ApprovalNotRequired);
    const first = given(...proposed).when(c.approve(MON('11:00'), counsel))();
    const again = errorOf(
      given(...proposed, ...first).when(
        c.approve(MON('11:05'), { ...counsel, id: 'counsel-2' }, R1, 'legal'),
      ),
    );
    expect(again).toBeInstanceOf(InvalidTransition);
  });

  it('keeps four eyes: the proposer does not approve, nor one person for two bodies', () => {
    const byHead = history([open(), c.propose(MON('10:00'), R1, [...compensation], qualityHead)]);
    expect(errorOf(given(...byHead).when(c.approve(MON('11:00'), qualityHead)))).toBeInstanceOf(
      NotAnApprover,
    );
    const lawyerHead = { ...qualityHead, id: 'dual', roles: ['department_head', 'legal'] as const };
    const first = given(...proposed).when(
      c.approve(MON('11:00'), { ...lawyerHead, roles: [...lawyerHead.roles] }, R1, 'legal'),
    )();
    expect(
      errorOf(
        given(...proposed, ...first).when(
          c.approve(MON('12:00'), { ...lawyerHead, roles: [...lawyerHead.roles] }),
        ),
      ),
    ).toBeInstanceOf(NotAnApprover);
  });

  it('takes a rejection with its reason back to a new plan', () => {
    const events = given(...proposed).when(c.reject(MON('11:00'), counsel))();
    expect(events[0]).toEqual({
      type: 'RemedyRejected',
      data: {
        complaintId: COMPLAINT_ID,
        remedyId: R1,
        body: 'legal',
        rejectedAt: MON('11:00'),
        rejectedBy: 'counsel-1',
        reason: 'too generous',
      },
    });
    expect(stateOf([...proposed, ...events]).status).toBe('open');
    expect(
      errorOf(given(...proposed).when({ ...c.reject(MON('11:00'), counsel), reason: '  ' })),
    ).toBeInstanceOf(InvalidInput);
  });

  it('starts the crisis contact clock (12 h) when the last approval of a crisis plan is in', () => {
    const crisis = history([
      open(triagedMajor()),
      c.propose(MON('10:00')),
      c.approve(MON('11:00'), counsel),
    ]);
    const events = given(...crisis).when(c.approve(MON('12:00'), supervisor))();
    expect(events[0]?.data).toMatchObject({
      remainingApprovals: [],
      crisisContactBy: TUE('00:00'),
    });
  });
});

describe('case decider: the customer decides', () => {
  const approved = history(HISTORIES.plan_approved);

  it('accepts one option of the approved plan', () => {
    const events = given(...approved).when(c.accept(MON('13:00'), 'exchange'))();
    expect(events[0]?.data).toEqual({
      complaintId: COMPLAINT_ID,
      remedyId: R1,
      option: { optionId: 'exchange', kind: 'exchange', tier: 1 },
      acceptedAt: MON('13:00'),
      recordedBy: 'agent-1',
    });
    expect(errorOf(given(...approved).when(c.accept(MON('13:00'), 'nothing')))).toBeInstanceOf(
      InvalidInput,
    );
  });

  it('declines: back to a new plan on the replan clock of the severity (24 working hours)', () => {
    const events = given(...approved).when(c.decline(MON('13:00')))();
    // Monday 13:00 + 24 working hours of 09:00–18:00 days = Thursday 10:00
    expect(events[0]?.data).toMatchObject({
      newPlanBy: at('2026-03-12 10:00'),
      newPlanClock: 'replan',
      calendar: 'business',
    });
    const state = stateOf([...approved, ...events]);
    expect(state.status).toBe('open');
    expect(given(...approved, ...events).when(c.propose(MON('14:00'), R2))()).toHaveLength(1);
  });

  it('declines in a crisis: a new plan within 1 hour, around the clock', () => {
    const crisis = history([
      open(triagedMajor()),
      c.propose(MON('10:00')),
      c.approve(MON('11:00'), counsel),
      c.approve(MON('11:10'), supervisor),
    ]);
    const events = given(...crisis).when(c.decline(MON('20:00')))();
    expect(events[0]?.data).toMatchObject({
      newPlanBy: MON('21:00'),
      newPlanClock: 'crisis_replan',
      calendar: '24/7',
    });
  });
});

describe('case decider: actions and resolution', () => {
  const executing = history(HISTORIES.executing);

  it('schedules an action with an owner and a due time counted on the business calendar', () => {
    const events = given(...executing).when({
      ...c.schedule(at('2026-03-13 17:00'), A2),
      due: { within: { days: 3 }, calendar: 'business' },
    })();
    // Friday 17:00 + 3 working days = Wednesday 17:00
    expect(events[0]?.data).toMatchObject({
      actionId: A2,
      remedyId: R1,
      owner: 'finance-3',
      ownerDepartment: 'finance',
      dueAt: at('2026-03-18 17:00'),
      calendar: 'business',
    });
    expect(
      errorOf(
        given(...executing).when({ ...c.schedule(TUE('10:00'), A2), due: { at: MON('08:00') } }),
      ),
    ).toBeInstanceOf(InvalidInput);
  });

  it('completes an action once, noting whether it was late', () => {
    const done = given(...executing).when(c.complete(at('2026-03-11 10:00')))();
    expect(done[0]?.data).toMatchObject({ actionId: A1, late: true, completedBy: 'agent-2' });
    expect(
      errorOf(given(...executing, ...done).when(c.complete(at('2026-03-11 11:00')))),
    ).toBeInstanceOf(InvalidTransition);
    expect(errorOf(given(...executing).when(c.complete(TUE('10:00'), A2)))).toBeInstanceOf(
      ActionNotFound,
    );
  });

  it('refuses to resolve while an action is open, naming it', () => {
    const error = errorOf(given(...executing).when(c.resolve(TUE('10:00'))));
    expect(error).toBeInstanceOf(InvalidTransition);
    expect(error?.extensions).toMatchObject({ currentStatus: 'executing', openActions: [A1] });
  });

  it('resolves with the accepted remedy, the investigation and the grading follow-up needs', () => {
    const ready = history([
      ...HISTORIES.executing,
      c.investigate(MON('13:00')),
      c.complete(MON('15:00')),
    ]);
    const events = given(...ready).when(c.resolve(MON('16:00')))();
    expect(events).toEqual([
      {
        type: 'ComplaintResolved',
        data: {
          complaintId: COMPLAINT_ID,
          resolvedAt: MON('16:00'),
          round: 1,
          resolvedBy: 'agent-1',
          summary: 'refunded in full',
          remedy: { remedyId: R1, option: { optionId: 'refund', kind: 'refund', tier: 1 } },
          responsibility: 'company',
          rootCause: 'the seal of batch 0306 failed',
          department: 'quality',
          severity: 'general',
          escalationClass: 'general',
          category: 'quality',
        },
      },
    ]);
  });

  it('resolves a case without a plan only after the customer was contacted', () => {
    const opened = history([open()]);
    const error = errorOf(given(...opened).when(c.resolve(MON('10:00'))));
    expect(error?.extensions).toMatchObject({ missing: ['customer_contact'] });
    const contacted = history([open(), c.contact(MON('09:30'))]);
    expect(given(...contacted).when(c.resolve(MON('10:00')))()[0]?.data).not.toHaveProperty(
      'remedy',
    );
  });
});

describe('case decider: clocks fire', () => {
  const opened = history([
    open(
      triaged({
        severity: 'serious',
        deadlines: { respondBy: MON('21:00'), resolveBy: at('2026-03-13 09:00') },
      }),
    ),
  ]);
  const breach = (when: string, dueAt = MON('21:00')) =>
    ({
      type: 'RecordSlaBreach',
      complaintId: COMPLAINT_ID,
      at: when,
      clock: 'respond',
      round: 1,
      dueAt,
    }) as const satisfies CaseCommand;

  it('records a warning once for a due time, and not after the deadline', () => {
    const warn = { ...breach(MON('17:00')), type: 'RecordSlaWarning' } as const;
    const events = given(...opened).when(warn)();
    expect(events).toEqual([
      {
        type: 'SlaWarning',
        data: {
          complaintId: COMPLAINT_ID,
          clock: 'respond',
          round: 1,
          dueAt: MON('21:00'),
          department: 'quality',
          startedAt: MON('09:00'),
          warnedAt: MON('17:00'),
          share: 0.8,
        },
      },
    ]);
    expect(given(...opened, ...events).when(warn)()).toEqual([]);
    expect(given(...opened).when({ ...warn, at: MON('21:00') })()).toEqual([]);
  });

  it('records a breach once and issues the supervision order it calls for', () => {
    const events = given(...opened).when(breach(MON('21:00')))();
    expect(types(events)).toEqual(['SlaBreached', 'SupervisionOrderIssued']);
    expect(events[1]?.data).toMatchObject({ reason: 'sla_breach', clock: 'respond' });
    expect(given(...opened, ...events).when(breach(MON('21:01')))()).toEqual([]);
  });

  it('ignores a stale timer: the clock stopped, moved, or the round is over', () => {
    const contacted = history([
      open(
        triaged({
          severity: 'serious',
          deadlines: { respondBy: MON('21:00'), resolveBy: at('2026-03-13 09:00') },
        }),
      ),
      c.contact(MON('12:00')),
    ]);
    expect(given(...contacted).when(breach(MON('21:00')))()).toEqual([]);
    expect(given(...opened).when(breach(MON('21:00'), MON('20:00')))()).toEqual([]);
    expect(given(...opened).when({ ...breach(MON('21:00')), round: 2 })()).toEqual([]);
    expect(given(...opened).when(breach(MON('20:59')))()).toEqual([]);
    expect(given(...opened).when({ ...breach(MON('21:00')), clock: 'action' })()).toEqual([]);
  });

  it('warns the department head when a supervision milestone passes unmet', () => {
    const hot = history([open(triaged({ escalationClass: 'hot' }))]);
    const missed = {
      type: 'RecordMilestoneMissed',
      complaintId: COMPLAINT_ID,
      at: MON('11:01'),
      round: 1,
      milestone: 'customer_contacted',
      dueAt: MON('11:01'),
    } as const satisfies CaseCommand;
    const events = given(...hot).when(missed)();
    expect(events).toEqual([
      {
        type: 'SupervisionMilestoneMissed',
        data: {
          complaintId: COMPLAINT_ID,
          round: 1,
          milestone: 'customer_contacted',
          dueAt: MON('11:01'),
          missedAt: MON('11:01'),
          department: 'quality',
          warn: { role: 'department_head', department: 'quality' },
        },
      },
    ]);
    expect(given(...hot, ...events).when(missed)()).toEqual([]);
    const met = history([open(triaged({ escalationClass: 'hot' })), c.contact(MON('10:00'))]);
    expect(given(...met).when(missed)()).toEqual([]);
  });
});

describe('case decider: refusals that name the state', () => {
  it('lets no timer record anything once the case is withdrawn', () => {
    const withdrawn = history([open(triagedMajor()), c.withdraw(MON('09:05'))]);
    expect(
      given(...withdrawn).when({
        type: 'RecordSlaBreach',
        complaintId: COMPLAINT_ID,
        at: MON('09:15'),
        clock: 'respond',
        round: 1,
        dueAt: MON('09:15'),
      })(),
    ).toEqual([]);
  });

  it('names the open status on a second proposal while the first awaits approval', () => {
    const proposed = history([open(), c.propose(MON('10:00'))]);
    const error = errorOf(given(...proposed).when(c.propose(MON('10:05'), R2)));
    expect(error?.extensions).toEqual({ currentStatus: 'awaiting_approval' });
  });
});
