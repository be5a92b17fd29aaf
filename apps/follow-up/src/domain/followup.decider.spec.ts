import { InvalidInput } from '@redress/contracts';
import { InvalidTransition, FollowUpNotFound } from './errors';
import type { FollowUpCommand } from './followup-commands';
import { followUpTimers } from './followup-clocks.policy';
import {
  ACTION_ID,
  COMPLAINT_ID,
  STUDY_ID,
  at,
  history,
  policy,
  policyWith,
  resolved,
  schedule,
  types,
} from './spec-fixtures';

const attempt = (
  outcome: 'reached' | 'no_answer' | 'refused' | 'wrong_number',
  when: string,
): FollowUpCommand => ({
  type: 'RecordAttempt',
  complaintId: COMPLAINT_ID,
  at: when,
  by: 'caller-1',
  outcome,
});

const survey = (
  satisfaction: number,
  solved = true,
  when = at('2026-03-10 09:30'),
): FollowUpCommand => ({
  type: 'RecordSurvey',
  complaintId: COMPLAINT_ID,
  at: when,
  by: 'caller-1',
  satisfaction,
  resolved: solved,
  ratings: { efficiency: satisfaction, attitude: 4, outcome: satisfaction },
});

describe('scheduling the satisfaction callback (DOMAIN §4)', () => {
  it('is due one working day after the resolution, for the resolved round', () => {
    const { events } = history([schedule()]);
    expect(events).toEqual([
      {
        type: 'FollowUpScheduled',
        data: expect.objectContaining({
          round: 1,
          resolvedAt: at('2026-03-09 10:00'),
          dueAt: at('2026-03-10 10:00'),
          calendar: 'business',
          maxAttempts: 3,
          department: 'quality',
        }),
      },
    ]);
  });

  it('carries over a weekend on the business calendar', () => {
    // Friday 13 March 17:00 → Monday 16 March 17:00.
    const { events } = history([schedule(resolved({ resolvedAt: at('2026-03-13 17:00') }))]);
    expect(events[0]?.data).toMatchObject({ dueAt: at('2026-03-16 17:00') });
  });

  it('is never later than 7 days, even across the Spring Festival holidays', () => {
    // Saturday 14 February 2026 is a working day; the next is Tuesday 24 February.
    const { events } = history([schedule(resolved({ resolvedAt: at('2026-02-14 17:00') }))]);
    expect(events[0]?.data).toMatchObject({ dueAt: at('2026-02-21 17:00') });
  });

  it('closes a minor complaint answered without a remedy at once, without a survey', () => {
    const data = resolved({ severity: 'minor' });
    delete data.remedy;
    const { events, state } = history([schedule(data)]);
    expect(types(events)).toEqual(['FollowUpScheduled', 'ComplaintClosed']);
    expect(events[1]?.data).toMatchObject({
      outcome: 'no_survey',
      classification: 'quality/quality/minor',
      retainUntil: at('2029-03-09 10:01'),
      needsReview: false,
    });
    expect(state.status).toBe('closed');
  });

  it('surveys a minor complaint that needed a remedy', () => {
    const { events } = history([schedule(resolved({ severity: 'minor' }))]);
    expect(types(events)).toEqual(['FollowUpScheduled']);
  });

  it('changes nothing when the same resolution arrives again', () => {
    const { events } = history([schedule(), schedule()]);
    expect(types(events)).toEqual(['FollowUpScheduled']);
  });

  it('refuses a resolution without the grading the policy needs', () => {
    const data = resolved();
    delete data.department;
    expect(() => history([schedule(data)])).toThrow(InvalidInput);
  });
});

describe('callback attempts', () => {
  it('retries an unanswered callback on the calendar, then closes as unreachable, flagged', () => {
    const { events, state } = history([
      schedule(),
      attempt('no_answer', at('2026-03-09 16:00')),
      attempt('no_answer', at('2026-03-10 10:00')),
      attempt('no_answer', at('2026-03-10 15:00')),
    ]);
    expect(types(events)).toEqual([
      'FollowUpScheduled',
      'FollowUpAttempted',
      'FollowUpAttempted',
      'FollowUpAttempted',
      'ComplaintClosed',
    ]);
    // 4 working hours after Monday 16:00 (2 h left that day) is Tuesday 11:00.
    expect(events[1]?.data).toMatchObject({ attempt: 1, nextAttemptAt: at('2026-03-10 11:00') });
    expect(events[3]?.data).not.toHaveProperty('nextAttemptAt');
    expect(events[4]?.data).toMatchObject({ outcome: 'unreachable', needsReview: true });
    expect(state.status).toBe('closed');
  });

  it('does not count a reached attempt as unanswered', () => {
    const { events } = history(
      [
        schedule(),
        attempt('reached', at('2026-03-09 16:00')),
        attempt('no_answer', at('2026-03-10 10:00')),
      ],
      policyWith((p) => (p.callbacks.maxAttempts = 2)),
    );
    expect(types(events)).not.toContain('ComplaintClosed');
  });

  it('closes at once as unreachable on a wrong number, and without a survey on a refusal', () => {
    expect(
      history([schedule(), attempt('wrong_number', at('2026-03-09 16:00'))]).events[2]?.data,
    ).toMatchObject({
      outcome: 'unreachable',
      needsReview: true,
    });
    expect(
      history([schedule(), attempt('refused', at('2026-03-09 16:00'))]).events[2]?.data,
    ).toMatchObject({
      outcome: 'no_survey',
      needsReview: false,
    });
  });

  it('refuses an attempt on a closed follow-up, naming the state', () => {
    expect(() =>
      history([
        schedule(),
        attempt('wrong_number', at('2026-03-09 16:00')),
        attempt('reached', at('2026-03-10 10:00')),
      ]),
    ).toThrow(expect.objectContaining({ extensions: { currentStatus: 'closed' } }));
  });

  it('refuses an attempt before any resolution', () => {
    expect(() => history([attempt('reached', at('2026-03-09 16:00'))])).toThrow(FollowUpNotFound);
  });
});

describe('the survey (DOMAIN §4: unsatisfied → second handling)', () => {
  it.each([
    [1, true, 'unsatisfied'],
    [2, true, 'unsatisfied'],
    [3, true, 'satisfied'],
    [5, true, 'satisfied'],
    [5, false, 'unsatisfied'],
  ] as const)('satisfaction %i, solved %s → %s', (score, solved, verdict) => {
    const { events } = history([schedule(), survey(score, solved)]);
    expect(events[1]?.data).toMatchObject({ verdict, satisfaction: score, round: 1 });
    expect(events[2]?.type).toBe(verdict === 'satisfied' ? 'ComplaintClosed' : 'ComplaintReopened');
  });

  it('reopens with the reason and the round; the next round’s resolution schedules a new callback', () => {
    const { events, state } = history([
      schedule(),
      survey(2),
      schedule(resolved({ round: 2, resolvedAt: at('2026-03-12 10:00') }), at('2026-03-12 10:01')),
      survey(4, true, at('2026-03-13 10:00')),
    ]);
    expect(types(events)).toEqual([
      'FollowUpScheduled',
      'SatisfactionRecorded',
      'ComplaintReopened',
      'FollowUpScheduled',
      'SatisfactionRecorded',
      'ComplaintClosed',
    ]);
    expect(events[2]?.data).toMatchObject({
      reason: 'the customer is not satisfied (satisfaction 2 of 5)',
      round: 1,
      satisfaction: 2,
    });
    expect(events[3]?.data).toMatchObject({ round: 2, dueAt: at('2026-03-13 10:00') });
    expect(events[5]?.data).toMatchObject({ outcome: 'satisfied', round: 2 });
    expect(state.status === 'closed' && state.surveys).toHaveLength(2);
  });

  it('follows the configured bar', () => {
    const strict = policyWith((p) => (p.survey.reopenAtOrBelow = 3));
    expect(history([schedule(), survey(3)], strict).events[2]?.type).toBe('ComplaintReopened');
  });

  it('refuses a survey while the complaint is reopened', () => {
    expect(() => history([schedule(), survey(1), survey(5)])).toThrow(InvalidTransition);
  });
});

describe('corrective and preventive actions (DOMAIN §4, 003)', () => {
  const request = (due: { at: string } | { within: { days: number } }): FollowUpCommand => ({
    type: 'RequestCorrectiveAction',
    complaintId: COMPLAINT_ID,
    at: at('2026-03-10 10:00'),
    by: 'head-quality',
    actionId: ACTION_ID,
    kind: 'corrective',
    owner: 'qa-lead',
    description: 'Re-inspect the sealing line',
    due,
  });

  it('is addressed to the complaint’s department by default, due on the business calendar', () => {
    const { events } = history([schedule(), request({ within: { days: 5 } })]);
    expect(events[1]?.data).toMatchObject({ department: 'quality', dueAt: at('2026-03-17 10:00') });
  });

  it('reports overdue once at its due date, and not once completed', () => {
    const due = at('2026-03-12 10:00');
    const overdue: FollowUpCommand = {
      type: 'RecordCorrectiveActionOverdue',
      complaintId: COMPLAINT_ID,
      at: at('2026-03-12 10:00'),
      actionId: ACTION_ID,
      dueAt: due,
    };
    const late = history([schedule(), request({ at: due }), overdue, overdue]);
    expect(types(late.events)).toEqual([
      'FollowUpScheduled',
      'CorrectiveActionRequested',
      'CorrectiveActionOverdue',
    ]);
    const complete: FollowUpCommand = {
      type: 'CompleteCorrectiveAction',
      complaintId: COMPLAINT_ID,
      at: at('2026-03-11 10:00'),
      by: 'qa-lead',
      actionId: ACTION_ID,
    };
    const done = history([schedule(), request({ at: due }), complete, overdue]);
    expect(types(done.events)).toEqual([
      'FollowUpScheduled',
      'CorrectiveActionRequested',
      'CorrectiveActionCompleted',
    ]);
    expect(done.events[2]?.data).toMatchObject({ late: false });
    expect(followUpTimers(done.state, policy).arm).toEqual([]);
    expect(followUpTimers(history([schedule(), request({ at: due })]).state, policy).arm).toEqual([
      expect.objectContaining({ kind: 'followup.corrective-action-overdue', dueAt: new Date(due) }),
    ]);
  });

  it('refuses a due date in the past and a second completion', () => {
    expect(() => history([schedule(), request({ at: at('2026-03-01 10:00') })])).toThrow(
      InvalidInput,
    );
    const complete: FollowUpCommand = {
      type: 'CompleteCorrectiveAction',
      complaintId: COMPLAINT_ID,
      at: at('2026-03-11 10:00'),
      by: 'qa-lead',
      actionId: ACTION_ID,
    };
    expect(() =>
      history([schedule(), request({ within: { days: 1 } }), complete, complete]),
    ).toThrow(InvalidTransition);
  });
});

describe('the case library and its clock (DOMAIN §4, 003: a major case within one week)', () => {
  const major = resolved({ severity: 'major', escalationClass: 'major' });
  const publish: FollowUpCommand = {
    type: 'PublishCaseStudy',
    complaintId: COMPLAINT_ID,
    at: at('2026-03-12 10:00'),
    by: 'head-quality',
    caseStudyId: STUDY_ID,
    title: '酸奶异物投诉的处理',
    summary: '顾客在餐厅发现酸奶中有苍蝇……',
    keywords: ['酸奶', '异物'],
    language: 'zh',
  };
  const remind = (stage: 'due_soon' | 'overdue', when: string): FollowUpCommand => ({
    type: 'RemindCaseStudy',
    complaintId: COMPLAINT_ID,
    at: when,
    stage,
    dueAt: at('2026-03-17 09:00'),
  });

  it('arms a reminder two days before and one at the due date once a major complaint closes', () => {
    const { state } = history([schedule(major), survey(5, true, at('2026-03-10 09:00'))]);
    expect(followUpTimers(state, policy).arm.map((t) => [t.key, t.dueAt.toISOString()])).toEqual([
      [`case-study:due_soon:${COMPLAINT_ID}`, at('2026-03-15 09:00')],
      [`case-study:overdue:${COMPLAINT_ID}`, at('2026-03-17 09:00')],
    ]);
  });

  it('reminds once per stage, and not once published', () => {
    const closed = [schedule(major), survey(5, true, at('2026-03-10 09:00'))];
    const reminded = history([
      ...closed,
      remind('due_soon', at('2026-03-15 09:00')),
      remind('due_soon', at('2026-03-15 09:01')),
    ]);
    expect(types(reminded.events).filter((t) => t === 'CaseStudyReminded')).toHaveLength(1);
    const published = history([...closed, publish, remind('overdue', at('2026-03-17 09:00'))]);
    expect(types(published.events)).toEqual([
      'FollowUpScheduled',
      'SatisfactionRecorded',
      'ComplaintClosed',
      'CaseStudyPublished',
    ]);
    expect(followUpTimers(published.state, policy)).toEqual({
      arm: [],
      disarm: [`case-study:due_soon:${COMPLAINT_ID}`, `case-study:overdue:${COMPLAINT_ID}`],
    });
  });

  it('needs no report for a general complaint, and publishes one case study per complaint', () => {
    const { state } = history([schedule(), survey(5)]);
    expect(followUpTimers(state, policy).arm).toEqual([]);
    expect(() => history([schedule(), publish, publish])).toThrow(InvalidTransition);
  });
});

describe('goodwill (DOMAIN §4, 000: repair the relationship)', () => {
  const gesture: FollowUpCommand = {
    type: 'RecordGoodwill',
    complaintId: COMPLAINT_ID,
    at: at('2026-03-11 10:00'),
    by: 'agent-1',
    gestureId: STUDY_ID,
    kind: 'coupon',
    value: { amount: '50', currency: 'CNY' },
  };

  it('is recorded once the complaint is closed, not before', () => {
    expect(types(history([schedule(), survey(5), gesture]).events)).toContain(
      'GoodwillGestureRecorded',
    );
    expect(() => history([schedule(), gesture])).toThrow(InvalidTransition);
  });
});
