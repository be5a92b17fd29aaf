import {
  evolveProgress,
  nextPromise,
  publicProgress,
  stageOf,
  type ComplaintProgress,
  type ProgressEvent,
  type PublicStage,
} from './public-stage.policy';

const TRIAGE = '/redress/triage';
const RESOLUTION = '/redress/resolution';
const FOLLOWUP = '/redress/followup';
const INTAKE = '/redress/intake';

/** Minutes after 10:00 UTC on 23 November 2026, as an ISO instant. */
const t = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 10, minutes)).toISOString();
const now = (minutes: number) => new Date(t(minutes));

let ids = 0;
function event(
  source: string,
  streamversion: number,
  body: Omit<ProgressEvent, 'id' | 'source' | 'streamversion'>,
): ProgressEvent {
  ids += 1;
  return {
    id: `e-${String(ids).padStart(4, '0')}`,
    source,
    streamversion,
    ...body,
  } as ProgressEvent;
}

const deadlines = (respondBy: number | undefined, resolveBy: number) => ({
  ...(respondBy !== undefined ? { respondBy: t(respondBy) } : {}),
  resolveBy: t(resolveBy),
});

const triaged = (at: number, v = 1, d = deadlines(120, 600)) =>
  event(TRIAGE, v, { type: 'ComplaintTriaged', data: { triagedAt: t(at), deadlines: d } });
const reclassified = (at: number, v: number, d = deadlines(200, 700)) =>
  event(TRIAGE, v, {
    type: 'ComplaintReclassified',
    data: { reclassifiedAt: t(at), deadlines: d },
  });
const escalated = (at: number, v: number, d?: ReturnType<typeof deadlines>) =>
  event(TRIAGE, v, {
    type: 'ComplaintEscalated',
    data: { escalatedAt: t(at), ...(d !== undefined ? { deadlines: d } : {}) },
  });
const reissued = (reopenedAt: number, v: number, d = deadlines(2000, 3000)) =>
  event(TRIAGE, v, {
    type: 'ComplaintDeadlinesReissued',
    data: { reissuedAt: t(reopenedAt + 1), reopenedAt: t(reopenedAt), deadlines: d },
  });
const assigned = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'CaseAssigned', data: { assignedAt: t(at) } });
const contacted = (at: number, v: number, remedyId?: string) =>
  event(RESOLUTION, v, {
    type: 'CustomerContacted',
    data: { contactedAt: t(at), ...(remedyId !== undefined ? { remedyId } : {}) },
  });
const investigated = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'InvestigationRecorded', data: { recordedAt: t(at) } });
const proposed = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'RemedyProposed', data: { proposedAt: t(at) } });
const approved = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'RemedyApproved', data: { approvedAt: t(at) } });
const rejected = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'RemedyRejected', data: { rejectedAt: t(at) } });
const accepted = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'RemedyAccepted', data: { acceptedAt: t(at) } });
const declined = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'RemedyDeclined', data: { declinedAt: t(at) } });
const scheduled = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'ActionScheduled', data: { scheduledAt: t(at) } });
const completed = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'ActionCompleted', data: { completedAt: t(at) } });
const resolved = (at: number, v: number) =>
  event(RESOLUTION, v, { type: 'ComplaintResolved', data: { resolvedAt: t(at) } });
const reopened = (at: number, v: number) =>
  event(FOLLOWUP, v, { type: 'ComplaintReopened', data: { reopenedAt: t(at) } });
const closed = (at: number, v: number) =>
  event(FOLLOWUP, v, { type: 'ComplaintClosed', data: { closedAt: t(at) } });
const withdrawn = (at: number) =>
  event(INTAKE, 3, { type: 'ComplaintWithdrawn', data: { withdrawnAt: t(at) } });

const fold = (events: readonly ProgressEvent[], from: ComplaintProgress = {}) =>
  events.reduce(evolveProgress, from);

/** JSON with every object's keys sorted, so equal values give equal strings. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, member: unknown) =>
    member !== null && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : 1)))
      : member,
  );

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('public stage: what each event means to the customer', () => {
  const cases: Array<[string, ProgressEvent, PublicStage]> = [
    ['ComplaintTriaged', triaged(1), 'triaged'],
    ['ComplaintReclassified (deadlines only)', reclassified(1, 2), 'registered'],
    ['ComplaintEscalated (deadlines only)', escalated(1, 2, deadlines(30, 90)), 'registered'],
    ['ComplaintDeadlinesReissued (deadlines only)', reissued(1, 3), 'registered'],
    ['CaseAssigned', assigned(1, 2), 'in_progress'],
    ['CustomerContacted without a plan', contacted(1, 3), 'in_progress'],
    ['CustomerContacted with the approved plan', contacted(1, 3, 'plan-1'), 'plan_offered'],
    ['InvestigationRecorded', investigated(1, 4), 'in_progress'],
    ['RemedyProposed', proposed(1, 5), 'in_progress'],
    ['RemedyApproved', approved(1, 6), 'in_progress'],
    ['RemedyRejected', rejected(1, 6), 'in_progress'],
    ['RemedyAccepted', accepted(1, 8), 'in_progress'],
    ['RemedyDeclined', declined(1, 8), 'in_progress'],
    ['ActionScheduled', scheduled(1, 9), 'in_progress'],
    ['ActionCompleted', completed(1, 10), 'in_progress'],
    ['ComplaintResolved', resolved(1, 11), 'resolved'],
    ['ComplaintReopened', reopened(1, 2), 'reopened'],
    ['ComplaintClosed', closed(1, 3), 'closed'],
    ['ComplaintWithdrawn', withdrawn(1)],
  ].map(([name, e, stage]) => [
    name as string,
    e as ProgressEvent,
    (stage ?? 'withdrawn') as PublicStage,
  ]);

  it.each(cases)('%s alone puts a registered complaint in its stage', (_name, e, stage) => {
    const now = stageOf(evolveProgress({}, e));
    expect(now.stage).toBe(stage);
    if (stage === 'registered') expect(now.since).toBeUndefined();
    else expect(now.since).toBe(t(1));
  });

  it('is registered, with no promise, before any event', () => {
    expect(publicProgress({}, now(0))).toEqual({ stage: 'registered', promise: { kind: 'none' } });
  });

  it('follows one complaint through its whole life, in order', () => {
    const life: Array<[ProgressEvent, PublicStage]> = [
      [triaged(1), 'triaged'],
      [assigned(2, 2), 'in_progress'],
      [contacted(3, 3), 'in_progress'],
      [investigated(4, 4), 'in_progress'],
      [proposed(5, 5), 'in_progress'],
      [approved(6, 6), 'in_progress'],
      [contacted(7, 7, 'plan-1'), 'plan_offered'],
      // A reminder call and a reassignment while the customer decides do not hide the plan.
      [contacted(8, 8), 'plan_offered'],
      [assigned(9, 9), 'plan_offered'],
      [accepted(10, 10), 'in_progress'],
      [scheduled(11, 11), 'in_progress'],
      [completed(12, 12), 'in_progress'],
      [resolved(13, 13), 'resolved'],
      [reopened(14, 1), 'reopened'],
      [reissued(14, 2), 'reopened'],
      [contacted(15, 14), 'in_progress'],
      [resolved(16, 15), 'resolved'],
      [closed(17, 2), 'closed'],
    ];
    let progress: ComplaintProgress = {};
    for (const [e, stage] of life) {
      progress = evolveProgress(progress, e);
      expect({ after: e.type, stage: stageOf(progress).stage }).toEqual({ after: e.type, stage });
    }
    expect(stageOf(progress).since).toBe(t(17));
  });

  it('keeps a declined plan, a rejected plan and a new proposal from showing as offered', () => {
    const offered = fold([triaged(1), contacted(2, 2, 'plan-1')]);
    expect(stageOf(offered).stage).toBe('plan_offered');
    for (const moved of [declined(3, 3), rejected(3, 3), proposed(3, 3)]) {
      expect(stageOf(evolveProgress(offered, moved))).toEqual({
        stage: 'in_progress',
        since: t(3),
      });
    }
    const offeredAgain = fold([declined(3, 3), contacted(4, 4, 'plan-2')], offered);
    expect(stageOf(offeredAgain)).toEqual({ stage: 'plan_offered', since: t(4) });
  });
});

describe('public stage: events in any order, any number of times', () => {
  const scenarios: Array<[string, ProgressEvent[], PublicStage]> = [
    [
      'a plan on offer, with a later call',
      [
        triaged(1),
        contacted(3, 3),
        proposed(4, 4),
        approved(5, 5),
        contacted(6, 6, 'p'),
        contacted(7, 7),
      ],
      'plan_offered',
    ],
    [
      'resolved, then reopened and worked on again',
      [triaged(1), contacted(2, 2), resolved(3, 3), reopened(4, 1), reissued(4, 2), assigned(5, 4)],
      'in_progress',
    ],
    [
      'resolved and reopened, the new round not started',
      [triaged(1), accepted(2, 2), completed(3, 3), resolved(4, 4), reopened(5, 1), reissued(5, 2)],
      'reopened',
    ],
    [
      'closed, with a case event timed after the closure',
      [triaged(1), contacted(2, 2), resolved(3, 3), closed(4, 1), completed(5, 4)],
      'closed',
    ],
    [
      'withdrawn, with case work timed after the withdrawal',
      [triaged(1), assigned(2, 2), withdrawn(3), contacted(4, 3), resolved(5, 4)],
      'withdrawn',
    ],
    [
      'reopened after a closure',
      [triaged(1), resolved(2, 2), closed(3, 1), reopened(4, 2), reopened(1, 3)],
      'reopened',
    ],
  ];

  it.each(scenarios)(
    '%s: every arrival order gives the same stage and promise',
    (_n, events, stage) => {
      expect(stageOf(fold(events)).stage).toBe(stage);
      // The registers themselves, and the page they give, are the same for every order.
      const outcomes = new Set(
        permutations(events).map((order) => {
          const progress = fold(order);
          return canonical({ progress, page: publicProgress(progress, now(0)) });
        }),
      );
      expect(outcomes.size).toBe(1);
    },
  );

  it.each(scenarios)('%s: a redelivered event changes nothing', (_n, events) => {
    const once = fold(events);
    expect(fold([...events, ...events.slice().reverse()])).toEqual(once);
  });

  it('never lets an older event overwrite a newer stage, but keeps the deadlines it carries', () => {
    const progress = fold([assigned(5, 2), triaged(1)]);
    expect(stageOf(progress)).toEqual({ stage: 'in_progress', since: t(5) });
    expect(nextPromise(progress, 'in_progress', now(6))).toEqual({ kind: 'contact', by: t(120) });
  });

  it('orders events of one stream stated at the same instant by their place in it', () => {
    const offerFirst = [contacted(3, 7, 'p'), accepted(3, 8)];
    const answerFirst = [declined(3, 7), contacted(3, 8, 'p')];
    for (const events of [offerFirst, [...offerFirst].reverse()]) {
      expect(stageOf(fold(events)).stage).toBe('in_progress');
    }
    for (const events of [answerFirst, [...answerFirst].reverse()]) {
      expect(stageOf(fold(events)).stage).toBe('plan_offered');
    }
  });

  it('ignores a reopening older than the closure it would undo', () => {
    expect(stageOf(fold([resolved(2, 2), closed(4, 2), reopened(3, 1)]))).toEqual({
      stage: 'closed',
      since: t(4),
    });
  });
});

describe('the promised date', () => {
  const base = [triaged(1, 1, deadlines(120, 600))];

  it('is triage’s respondBy until the first contact, then its resolveBy', () => {
    const progress = fold([...base, assigned(2, 2)]);
    expect(nextPromise(progress, 'in_progress', now(3))).toEqual({ kind: 'contact', by: t(120) });
    const after = evolveProgress(progress, contacted(30, 3));
    expect(nextPromise(after, 'in_progress', now(31))).toEqual({ kind: 'resolve', by: t(600) });
  });

  it('is resolveBy at once where the severity has no response target', () => {
    const progress = fold([triaged(1, 1, deadlines(undefined, 600))]);
    expect(nextPromise(progress, 'triaged', now(2))).toEqual({ kind: 'resolve', by: t(600) });
  });

  it('moves on to resolveBy once respondBy has passed, and is overdue once both have', () => {
    const progress = fold(base);
    expect(nextPromise(progress, 'triaged', now(120))).toEqual({ kind: 'resolve', by: t(600) });
    expect(nextPromise(progress, 'triaged', now(600))).toEqual({ kind: 'overdue' });
  });

  it('is none before triage, and none once resolved, closed or withdrawn', () => {
    expect(nextPromise(fold([assigned(2, 2)]), 'in_progress', now(3))).toEqual({ kind: 'none' });
    for (const ended of [resolved(5, 5), closed(5, 1), withdrawn(5)]) {
      expect(publicProgress(fold([...base, ended]), now(6)).promise).toEqual({ kind: 'none' });
    }
  });

  it('takes the deadlines of the latest triage event, whatever order they arrive in', () => {
    const later = reclassified(10, 3, deadlines(200, 700));
    const earlier = escalated(5, 2, deadlines(60, 300));
    for (const order of [
      [...base, earlier, later],
      [later, earlier, ...base],
    ]) {
      expect(nextPromise(fold(order), 'triaged', now(11))).toEqual({ kind: 'contact', by: t(200) });
    }
  });

  it('is not changed by an escalation that carries no deadlines', () => {
    expect(nextPromise(fold([...base, escalated(5, 2)]), 'triaged', now(6))).toEqual({
      kind: 'contact',
      by: t(120),
    });
  });

  it('after a reopening: nothing until triage reissues the deadlines, then the new round’s', () => {
    const firstRound = fold([...base, contacted(2, 2), resolved(3, 3), reopened(400, 1)]);
    // Round one's resolveBy (600) is still ahead, but it was not promised for this round.
    expect(publicProgress(firstRound, now(401))).toEqual({
      stage: 'reopened',
      since: t(400),
      promise: { kind: 'none' },
    });
    // Round one's contact does not count: the new round's respondBy is promised.
    const secondRound = evolveProgress(firstRound, reissued(400, 4, deadlines(500, 900)));
    expect(publicProgress(secondRound, now(401)).promise).toEqual({ kind: 'contact', by: t(500) });
    const contactedAgain = evolveProgress(secondRound, contacted(450, 4));
    expect(publicProgress(contactedAgain, now(451))).toEqual({
      stage: 'in_progress',
      since: t(450),
      promise: { kind: 'resolve', by: t(900) },
    });
  });

  it('after a reopening, takes the reissued deadlines even when they arrive before it', () => {
    const progress = fold([reissued(400, 4, deadlines(500, 900)), ...base, resolved(3, 3)]);
    expect(publicProgress(progress, now(401))).toEqual({
      stage: 'resolved',
      since: t(3),
      promise: { kind: 'none' },
    });
    expect(publicProgress(evolveProgress(progress, reopened(400, 1)), now(401)).promise).toEqual({
      kind: 'contact',
      by: t(500),
    });
  });

  it('keeps the time a plan was offered as the stage’s time, and promises the resolution', () => {
    const progress = fold([...base, contacted(7, 2, 'plan-1'), investigated(8, 3)]);
    expect(publicProgress(progress, now(9))).toEqual({
      stage: 'plan_offered',
      since: t(7),
      promise: { kind: 'resolve', by: t(600) },
    });
  });
});
