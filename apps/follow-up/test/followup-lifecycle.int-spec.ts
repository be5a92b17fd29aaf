import request from 'supertest';
import { FixedClock } from '@redress/business-time';
import { TOPICS } from '@redress/contracts';
import {
  TopicReader,
  publishEvents,
  uniqueName,
  waitFor,
  type ReadMessage,
} from '@redress/testing';
import {
  resolvedEvent,
  startFollowUpFromNow,
  tokenFor,
  type RunningFollowUp,
} from './followup-app';

jest.setTimeout(60_000);

// Monday 23 November 2026, 10:00 in Shanghai.
const MONDAY_10 = '2026-11-23T02:00:00.000Z';
const clock = new FixedClock(MONDAY_10);
const group = uniqueName('followup-lifecycle-test');
let followUp: RunningFollowUp;
let reader: TopicReader;

const caller = tokenFor({ sub: 'caller-wu', roles: ['agent'], department: 'quality' });
const head = tokenFor({ sub: 'head-wang', roles: ['department_head'], department: 'quality' });
const outsider = tokenFor({ sub: 'agent-zhao', roles: ['agent'], department: 'logistics' });

beforeAll(async () => {
  ({ followUp, reader } = await startFollowUpFromNow(clock, group));
}, 120_000);

afterAll(async () => {
  await followUp?.app.close();
  await reader?.stop();
});

const http = () => request(followUp.app.getHttpServer());
const typeOf = (m: ReadMessage) => (m.json as { type: string }).type;
const dataOf = (m: ReadMessage) => (m.json as { data: Record<string, unknown> }).data;
const of = (complaintId: string, type: string) => (m: ReadMessage) =>
  m.key === complaintId && typeOf(m) === type;

function post(path: string, token: string, body: unknown) {
  return http()
    .post(path)
    .auth(token, { type: 'bearer' })
    .send(body as object);
}

async function scheduled(id: string, round = 1) {
  return waitFor(
    async () => {
      const res = await http().get(`/follow-ups/${id}`).auth(caller, { type: 'bearer' });
      return res.status === 200 &&
        res.body.round === round &&
        res.body.status === 'awaiting_callback'
        ? res
        : undefined;
    },
    { description: `follow-up of ${id} (round ${round}) scheduled`, timeoutMs: 20_000 },
  );
}

describe('from ComplaintResolved to ComplaintClosed', () => {
  it('reopens on an unhappy survey and closes on a happy one after the second round', async () => {
    const first = resolvedEvent(MONDAY_10);
    const id = first.data.complaintId;
    await publishEvents(TOPICS.resolution, [first]);
    const [scheduledEvent] = await reader.waitForMessages(of(id, 'FollowUpScheduled'));
    // One working day after Monday 10:00.
    expect(dataOf(scheduledEvent!)).toMatchObject({ round: 1, dueAt: '2026-11-24T02:00:00.000Z' });

    // The department's due list has it; another department's does not.
    const due = await http().get('/follow-ups?limit=100').auth(caller, { type: 'bearer' });
    expect(due.body.items).toContainEqual(expect.objectContaining({ complaintId: id, round: 1 }));
    const theirs = await http().get('/follow-ups?limit=100').auth(outsider, { type: 'bearer' });
    expect(theirs.body.items.map((f: { complaintId: string }) => f.complaintId)).not.toContain(id);
    expect(
      (await post(`/follow-ups/${id}/attempts`, outsider, { outcome: 'reached' })).status,
    ).toBe(403);

    // A redelivery of the same event, and the same round again, change nothing.
    await publishEvents(TOPICS.resolution, [first, resolvedEvent(MONDAY_10, { complaintId: id })]);

    expect((await post(`/follow-ups/${id}/attempts`, caller, { outcome: 'reached' })).status).toBe(
      201,
    );
    const bad = await post(`/follow-ups/${id}/survey`, caller, { satisfaction: 7, resolved: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'satisfaction' }),
        expect.objectContaining({ field: 'ratings' }),
      ]),
    );
    const unhappy = await post(`/follow-ups/${id}/survey`, caller, {
      satisfaction: 2,
      resolved: true,
      ratings: { efficiency: 2, attitude: 4, outcome: 2 },
    });
    expect(unhappy.status).toBe(200);
    expect(unhappy.body.events).toEqual(['SatisfactionRecorded', 'ComplaintReopened']);
    const [reopened] = await reader.waitForMessages(of(id, 'ComplaintReopened'));
    expect(dataOf(reopened!)).toMatchObject({ round: 1, satisfaction: 2 });
    // Reopened: no survey until resolution resolves the second round.
    const early = await post(`/follow-ups/${id}/survey`, caller, {
      satisfaction: 5,
      resolved: true,
      ratings: { efficiency: 5, attitude: 5, outcome: 5 },
    });
    expect(early.status).toBe(409);
    expect(early.body.currentStatus).toBe('reopened');

    clock.set('2026-11-25T02:00:00.000Z');
    await publishEvents(TOPICS.resolution, [
      resolvedEvent('2026-11-25T02:00:00.000Z', { complaintId: id, round: 2 }),
    ]);
    await scheduled(id, 2);
    const happy = await post(`/follow-ups/${id}/survey`, caller, {
      satisfaction: 5,
      resolved: true,
      ratings: { efficiency: 4, attitude: 5, outcome: 5 },
    });
    expect(happy.status).toBe(200);
    const [closed] = await reader.waitForMessages(of(id, 'ComplaintClosed'));
    expect(dataOf(closed!)).toMatchObject({
      outcome: 'satisfied',
      round: 2,
      classification: 'quality/quality/general',
      retainUntil: '2029-11-25T02:00:00.000Z',
      needsReview: false,
    });
    const page = await http().get(`/follow-ups/${id}`).auth(caller, { type: 'bearer' });
    expect(page.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'FollowUpScheduled',
      'FollowUpAttempted',
      'SatisfactionRecorded',
      'ComplaintReopened',
      'FollowUpScheduled',
      'SatisfactionRecorded',
      'ComplaintClosed',
    ]);
    // The redelivered resolution and the repeated round scheduled nothing more.
    expect(reader.messages.filter(of(id, 'FollowUpScheduled'))).toHaveLength(2);
    // Closed: a goodwill gesture may be recorded now.
    expect(
      (
        await post(`/follow-ups/${id}/goodwill`, caller, {
          kind: 'coupon',
          value: { amount: '50', currency: 'CNY' },
        })
      ).status,
    ).toBe(201);
  });

  it('closes as unreachable after the last unanswered try, flagged for review', async () => {
    clock.set(MONDAY_10);
    const event = resolvedEvent(MONDAY_10);
    const id = event.data.complaintId;
    await publishEvents(TOPICS.resolution, [event]);
    await scheduled(id);
    const first = await post(`/follow-ups/${id}/attempts`, caller, { outcome: 'no_answer' });
    expect(first.body.followUp.nextAttemptAt).toBe('2026-11-23T06:00:00.000Z');
    await post(`/follow-ups/${id}/attempts`, caller, { outcome: 'no_answer' });
    const last = await post(`/follow-ups/${id}/attempts`, caller, { outcome: 'no_answer' });
    expect(last.body.events).toEqual(['FollowUpAttempted', 'ComplaintClosed']);
    const [closed] = await reader.waitForMessages(of(id, 'ComplaintClosed'));
    expect(dataOf(closed!)).toMatchObject({ outcome: 'unreachable', needsReview: true });
    const review = await http()
      .get('/follow-ups?status=closed&needsReview=true&limit=100')
      .auth(head, { type: 'bearer' });
    expect(review.body.items).toContainEqual(
      expect.objectContaining({ complaintId: id, outcome: 'unreachable' }),
    );
  });

  it('tracks a corrective action to its department and reports it overdue once', async () => {
    clock.set(MONDAY_10);
    const event = resolvedEvent(MONDAY_10);
    const id = event.data.complaintId;
    await publishEvents(TOPICS.resolution, [event]);
    await scheduled(id);
    const requested = await post(`/follow-ups/${id}/corrective-actions`, head, {
      kind: 'preventive',
      description: 'Train every store manager on food-safety complaints',
      owner: 'trainer-sun',
      department: 'customer-service',
      dueAt: '2026-11-24T02:00:00.000Z',
    });
    expect(requested.status).toBe(201);
    const actionId = requested.body.id as string;
    // The addressed department sees the follow-up and may complete the action.
    const trainer = tokenFor({
      sub: 'trainer-sun',
      roles: ['agent'],
      department: 'customer-service',
    });
    expect((await http().get(`/follow-ups/${id}`).auth(trainer, { type: 'bearer' })).status).toBe(
      200,
    );

    clock.set('2026-11-24T02:00:00.000Z');
    const [overdue] = await reader.waitForMessages(of(id, 'CorrectiveActionOverdue'));
    expect(dataOf(overdue!)).toMatchObject({ actionId, department: 'customer-service' });
    await followUp.timers.fireDue();
    const done = await post(
      `/follow-ups/${id}/corrective-actions/${actionId}/completion`,
      trainer,
      {},
    );
    expect(done.status).toBe(200);
    expect(done.body.events).toEqual(['CorrectiveActionCompleted']);
    await followUp.messaging.drain();
    expect(reader.messages.filter(of(id, 'CorrectiveActionOverdue'))).toHaveLength(1);
  });

  it('publishes a major case to the library, found by Chinese and English words', async () => {
    clock.set(MONDAY_10);
    const event = resolvedEvent(MONDAY_10, { severity: 'major', escalationClass: 'major' });
    const id = event.data.complaintId;
    await publishEvents(TOPICS.resolution, [event]);
    await scheduled(id);
    await post(`/follow-ups/${id}/survey`, caller, {
      satisfaction: 4,
      resolved: true,
      ratings: { efficiency: 4, attitude: 4, outcome: 4 },
    });
    const page = await http().get(`/follow-ups/${id}`).auth(caller, { type: 'bearer' });
    expect(page.body.caseStudyDueAt).toBe('2026-11-30T02:00:00.000Z');
    const word = `酸奶${id.slice(0, 6)}`;
    const published = await post('/case-library', head, {
      complaintId: id,
      title: `${word}中发现苍蝇：门店处理经过`,
      summary: 'A fly in a yogurt; the store offered an independent test and a factory visit.',
      keywords: ['食品安全', 'Yogurt'],
      language: 'zh',
    });
    expect(published.status).toBe(201);
    await reader.waitForMessages(of(id, 'CaseStudyPublished'));
    for (const q of [word, `${word} factory`, 'YOGURT ' + id.slice(0, 6)]) {
      const found = await http()
        .get(`/case-library?q=${encodeURIComponent(q)}`)
        .auth(outsider, { type: 'bearer' });
      expect(found.status).toBe(200);
      expect(found.body.items.map((c: { complaintId: string }) => c.complaintId)).toEqual([id]);
    }
    const none = await http()
      .get(`/case-library?q=${encodeURIComponent(`${word} 物流`)}`)
      .auth(outsider, { type: 'bearer' });
    expect(none.body.items).toEqual([]);
    // One case study per complaint.
    expect(
      (
        await post('/case-library', head, {
          complaintId: id,
          title: 'again',
          summary: 'again',
          language: 'en',
        })
      ).status,
    ).toBe(409);
  });
});
