import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
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
import { RESOLUTION_PG_POOL } from '../src/application/tokens';
import {
  startResolutionFromNow,
  tokenFor,
  triaged,
  upstream,
  wholeQueue,
  type RunningResolution,
} from './resolution-app';

jest.setTimeout(60_000);

// Monday 23 November 2026, 10:00 in Shanghai: a working day on the default calendar.
const MONDAY_10 = '2026-11-23T02:00:00.000Z';
const clock = new FixedClock(MONDAY_10);
const group = uniqueName('resolution-lifecycle-test');
let resolution: RunningResolution;
let reader: TopicReader;

const agent = tokenFor({ sub: 'agent-li', roles: ['agent'], department: 'quality' });
const head = tokenFor({ sub: 'head-wang', roles: ['department_head'], department: 'quality' });
const outsider = tokenFor({ sub: 'agent-zhao', roles: ['agent'], department: 'logistics' });
const supervisor = tokenFor({
  sub: 'sup-chen',
  roles: ['supervisor'],
  department: 'customer-service',
});

beforeAll(async () => {
  ({ resolution, reader } = await startResolutionFromNow(clock, group));
}, 120_000);

afterAll(async () => {
  await resolution?.app.close();
  await reader?.stop();
});

const http = () => request(resolution.app.getHttpServer());
const typeOf = (m: ReadMessage) => (m.json as { type: string }).type;
const dataOf = (m: ReadMessage) => (m.json as { data: Record<string, unknown> }).data;
const of = (complaintId: string, type: string) => (m: ReadMessage) =>
  m.key === complaintId && typeOf(m) === type;

/** Publishes triage's decision and waits until the case answers on `GET /cases/:id`. */
async function openCase(overrides: Parameters<typeof triaged>[1] = {}) {
  clock.set(MONDAY_10);
  const event = triaged(MONDAY_10, overrides);
  await publishEvents(TOPICS.triage, [event]);
  const id = event.data.complaintId;
  await waitFor(
    async () =>
      (await http().get(`/cases/${id}`).auth(supervisor, { type: 'bearer' })).status === 200,
    { description: `case ${id} open`, timeoutMs: 20_000 },
  );
  return id;
}

function post(id: string, path: string, token: string, body: unknown, key?: string) {
  const req = http().post(`/cases/${id}/${path}`).auth(token, { type: 'bearer' });
  if (key) req.set('Idempotency-Key', key);
  return req.send(body as object);
}

async function timersOf(id: string): Promise<Array<{ key: string; due_at: Date }>> {
  const pool = resolution.app.get<Pool>(RESOLUTION_PG_POOL);
  const { rows } = await pool.query<{ key: string; due_at: Date }>(
    `SELECT key, due_at FROM resolution.timers WHERE key LIKE '%' || $1 ORDER BY key`,
    [id],
  );
  return rows;
}

describe('a case from ComplaintTriaged to ComplaintResolved', () => {
  it('opens on triage’s decision, is worked step by step and publishes ComplaintResolved', async () => {
    const id = await openCase({ subcategory: 'foreign-object' });
    await reader.waitForMessages(of(id, 'CaseOpened'));

    // The queue of the department shows it with its deadline; another department's does not.
    // The test database keeps earlier runs' cases, nearer deadlines first: page through it all.
    const queue = await wholeQueue(http(), '/cases?department=quality&limit=100', agent);
    expect(queue).toContainEqual(
      expect.objectContaining({ complaintId: id, status: 'open', slaState: 'on_track' }),
    );
    const theirs = await wholeQueue(http(), '/cases?limit=100', outsider);
    expect(theirs.map((c) => c.complaintId)).not.toContain(id);
    expect((await http().get(`/cases/${id}`).auth(outsider, { type: 'bearer' })).status).toBe(403);
    expect((await post(id, 'contacts', outsider, { channel: 'phone' })).status).toBe(403);

    expect(
      (await post(id, 'assignment', head, { assignee: { id: 'agent-li', department: 'quality' } }))
        .status,
    ).toBe(200);
    const contact = await post(id, 'contacts', agent, {
      channel: 'phone',
      summary: '已致电说明处理流程',
    });
    expect(contact.status).toBe(201);
    expect(contact.body.events).toEqual(['CustomerContacted']);
    expect(
      (
        await post(id, 'investigation', agent, {
          rootCause: 'Seal of batch 7 failed in transport',
          responsibility: 'company',
          evidence: [{ kind: 'test_report', ref: 'QA-2026-1123-7' }],
        })
      ).status,
    ).toBe(200);

    // Bad input names the field; the plan then waits for its approval.
    const bad = await post(id, 'remedies', agent, {
      options: [{ optionId: 'a', kind: 'cash', tier: 1 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'options.0.kind' }));
    const plan = await post(id, 'remedies', agent, {
      options: [
        { optionId: 'refund', kind: 'refund', tier: 1 },
        {
          optionId: 'comp',
          kind: 'compensation',
          tier: 2,
          value: { amount: '200', currency: 'CNY' },
        },
      ],
    });
    expect(plan.status).toBe(201);
    const remedyId = plan.body.remedyId as string;
    expect(plan.body.case.status).toBe('awaiting_approval');
    expect(plan.body.case.remedies[0].missingApprovals).toEqual(['project-general-manager']);

    // Not before its approval: 409 naming what is missing.
    const early = await post(id, 'customer-decision', agent, {
      remedyId,
      decision: 'accepted',
      optionId: 'refund',
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      currentStatus: 'awaiting_approval',
      missingApprovals: ['project-general-manager'],
    });
    // An agent is not an approver of this body.
    expect(
      (await post(id, `remedies/${remedyId}/approval`, agent, { decision: 'approved' })).status,
    ).toBe(403);

    const approved = await post(id, `remedies/${remedyId}/approval`, head, {
      decision: 'approved',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.case.status).toBe('plan_approved');
    expect((await post(id, 'contacts', agent, { channel: 'phone', remedyId })).status).toBe(201);
    const accepted = await post(id, 'customer-decision', agent, {
      remedyId,
      decision: 'accepted',
      optionId: 'refund',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.case.status).toBe('executing');

    const action = await post(id, 'actions', agent, {
      description: 'Refund through the original payment channel',
      owner: { id: 'finance-zhou', department: 'finance' },
      within: { days: 1 },
    });
    expect(action.status).toBe(201);
    const actionId = action.body.actionId as string;
    // One business day from Monday 10:00 is Tuesday 10:00 in Shanghai.
    expect(action.body.case.actions[0].dueAt).toBe('2026-11-24T02:00:00.000Z');
    expect((await timersOf(id)).map((t) => t.key)).toContain(`sla-breach:action:${actionId}:${id}`);

    // Resolving with an action open is refused, naming the state.
    const tooSoon = await post(id, 'resolution', agent, { summary: 'Refunded' });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.currentStatus).toBe('executing');

    expect((await post(id, `actions/${actionId}/completion`, agent, {})).status).toBe(200);
    const key = randomUUID();
    const resolved = await post(id, 'resolution', agent, { summary: 'Refunded in full' }, key);
    expect(resolved.status).toBe(200);
    expect(resolved.body.case.status).toBe('resolved');
    // A retry with the same key gets the first answer; another body with it is refused.
    const retry = await post(id, 'resolution', agent, { summary: 'Refunded in full' }, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(resolved.body);
    expect((await post(id, 'resolution', agent, { summary: 'Other' }, key)).status).toBe(422);
    // Without the key, a second resolution is a command in the wrong state.
    expect((await post(id, 'resolution', agent, { summary: 'Again' })).status).toBe(409);

    const [published] = await reader.waitForMessages(of(id, 'ComplaintResolved'));
    expect(dataOf(published!)).toMatchObject({
      complaintId: id,
      summary: 'Refunded in full',
      department: 'quality',
      severity: 'general',
      escalationClass: 'general',
      category: 'quality',
      responsibility: 'company',
      rootCause: 'Seal of batch 7 failed in transport',
      remedy: { remedyId, option: { optionId: 'refund', kind: 'refund', tier: 1 } },
    });
    // The case keeps no timer once resolved.
    expect(await timersOf(id)).toEqual([]);

    const page = await http().get(`/cases/${id}`).auth(agent, { type: 'bearer' });
    expect(page.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CaseOpened',
      'CaseAssigned',
      'CustomerContacted',
      'InvestigationRecorded',
      'RemedyProposed',
      'RemedyApproved',
      'CustomerContacted',
      'RemedyAccepted',
      'ActionScheduled',
      'ActionCompleted',
      'ComplaintResolved',
    ]);
    expect(page.body.slaState).toBe('met');
  });

  it('filters the queue by escalation class, and refuses a class that does not exist', async () => {
    const general = await openCase();
    const important = await openCase({ escalationClass: 'important' });
    const importantOnly = await wholeQueue(
      http(),
      '/cases?department=quality&escalationClass=important&limit=100',
      agent,
    );
    const ids = importantOnly.map((c) => c.complaintId);
    expect(ids).toContain(important);
    expect(ids).not.toContain(general);
    expect(importantOnly.every((c) => c.escalationClass === 'important')).toBe(true);

    const refused = await http()
      .get('/cases?escalationClass=urgent')
      .auth(agent, { type: 'bearer' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('escalationClass');
  });

  it('re-arms the clocks when triage escalates the case, with a supervision order', async () => {
    const id = await openCase();
    const before = await timersOf(id);
    expect(before.map((t) => t.key)).toContain(`sla-breach:resolve:${id}`);

    // Escalated to hot with a nearer deadline: Monday 14:00 in Shanghai.
    const resolveBy = '2026-11-23T06:00:00.000Z';
    await publishEvents(TOPICS.triage, [
      upstream(
        'triage',
        'ComplaintEscalated',
        id,
        {
          complaintId: id,
          escalatedAt: MONDAY_10,
          from: 'general',
          to: 'hot',
          rulesFired: [{ rule: 'escalation:repeat-after-closure', reason: 'came back' }],
          notify: ['project-general-manager'],
          approver: 'project-general-manager',
          reportToHeadquarters: false,
          deadlines: { resolveBy },
          policyVersion: 1,
        },
        MONDAY_10,
        2,
      ),
    ]);
    await reader.waitForMessages(of(id, 'SupervisionOrderIssued'));
    const after = await waitFor(
      async () => {
        const rows = await timersOf(id);
        const breach = rows.find((t) => t.key === `sla-breach:resolve:${id}`);
        return breach?.due_at.toISOString() === resolveBy ? rows : undefined;
      },
      { description: 'the breach timer moved to the new deadline' },
    );
    // Milestones of the order are armed too.
    expect(after.map((t) => t.key)).toContain(`supervision-milestone:resolved:${id}`);
    const page = await http().get(`/cases/${id}`).auth(supervisor, { type: 'bearer' });
    expect(page.body).toMatchObject({ escalationClass: 'hot', deadlines: { resolveBy } });
    expect(page.body.round.supervisionOrder.milestones.length).toBeGreaterThan(0);
  });

  it('stops every clock when the customer withdraws, even a withdrawal that overtook triage', async () => {
    // Intake's withdrawal arrives first: it waits for the case.
    clock.set(MONDAY_10);
    const early = triaged(MONDAY_10);
    const id = early.data.complaintId;
    await publishEvents(TOPICS.intake, [
      upstream(
        'intake',
        'ComplaintWithdrawn',
        id,
        { complaintId: id, withdrawnAt: MONDAY_10, reason: 'solved it myself' },
        MONDAY_10,
        3,
      ),
    ]);
    await publishEvents(TOPICS.triage, [early]);
    await reader.waitForMessages(of(id, 'CaseWithdrawn'));
    const page = await waitFor(
      async () => {
        const res = await http().get(`/cases/${id}`).auth(supervisor, { type: 'bearer' });
        return res.body.status === 'withdrawn' ? res : undefined;
      },
      { description: 'withdrawn case' },
    );
    expect(page.body.slaState).toBe('stopped');
    expect(await timersOf(id)).toEqual([]);
    const refused = await post(id, 'contacts', agent, { channel: 'phone' });
    expect(refused.status).toBe(409);
    expect(refused.body.currentStatus).toBe('withdrawn');
  });

  it('opens a second round on a reopening with the deadlines triage reissued', async () => {
    const id = await openCase();
    expect((await post(id, 'contacts', agent, { channel: 'phone' })).status).toBe(201);
    expect(
      (await post(id, 'resolution', agent, { summary: 'Explained the warranty terms' })).status,
    ).toBe(200);

    const reopenedAt = '2026-11-25T02:00:00.000Z';
    const resolveBy = '2026-11-26T02:00:00.000Z';
    clock.set(reopenedAt);
    await publishEvents(TOPICS.followup, [
      upstream(
        'followup',
        'ComplaintReopened',
        id,
        { complaintId: id, reopenedAt, reason: 'not solved' },
        reopenedAt,
        3,
      ),
    ]);
    await publishEvents(TOPICS.triage, [
      upstream(
        'triage',
        'ComplaintDeadlinesReissued',
        id,
        {
          complaintId: id,
          reissuedAt: reopenedAt,
          reopenedAt,
          severity: 'general',
          escalationClass: 'general',
          approver: 'project-general-manager',
          deadlines: { resolveBy },
          policyVersion: 1,
        },
        reopenedAt,
        2,
      ),
    ]);
    await reader.waitForMessages(of(id, 'CaseReopened'));
    const page = await waitFor(
      async () => {
        const res = await http().get(`/cases/${id}`).auth(agent, { type: 'bearer' });
        const clocks = (res.body.round?.clocks ?? []) as Array<{ clock: string; dueAt: string }>;
        return res.body.round?.round === 2 && clocks.some((c) => c.clock === 'resolve')
          ? res
          : undefined;
      },
      { description: 'second round with its resolve clock' },
    );
    expect(page.body.status).toBe('open');
    expect(page.body.earlierRounds).toHaveLength(1);
    expect(page.body.round.clocks).toContainEqual(
      expect.objectContaining({ clock: 'resolve', dueAt: resolveBy }),
    );
    expect((await timersOf(id)).map((t) => t.key)).toContain(`sla-breach:resolve:${id}`);
  });

  it('lets legal and the committee approve a major case across departments, and nothing else', async () => {
    const id = await openCase({
      severity: 'major',
      escalationClass: 'major',
      approver: 'product-decision-committee',
      deadlines: {
        respondBy: '2026-11-23T02:15:00.000Z',
        planBy: '2026-11-23T04:00:00.000Z',
        resolveBy: '2026-11-25T02:00:00.000Z',
      },
    });
    await reader.waitForMessages(of(id, 'CrisisTeamFormed'));
    const counsel = tokenFor({ sub: 'counsel-he', roles: ['legal'], department: 'legal' });
    // Nothing waits for legal yet: the case is outside its department.
    expect((await http().get(`/cases/${id}`).auth(counsel, { type: 'bearer' })).status).toBe(403);

    const plan = await post(id, 'remedies', agent, {
      options: [{ optionId: 'exchange', kind: 'exchange', tier: 1 }],
    });
    expect(plan.status).toBe(201);
    const remedyId = plan.body.remedyId as string;
    expect(plan.body.case.remedies[0].missingApprovals).toEqual([
      'product-decision-committee',
      'legal',
    ]);

    // Now legal sees it in its approvals inbox and on the case page, and may approve.
    const inbox = await wholeQueue(http(), '/cases?awaitingMyApproval=true&limit=100', counsel);
    expect(inbox.map((c) => c.complaintId)).toContain(id);
    expect((await http().get(`/cases/${id}`).auth(counsel, { type: 'bearer' })).status).toBe(200);
    expect((await post(id, 'contacts', counsel, { channel: 'phone' })).status).toBe(403);
    const byLegal = await post(id, `remedies/${remedyId}/approval`, counsel, {
      decision: 'approved',
    });
    expect(byLegal.status).toBe(200);
    expect(byLegal.body.case.remedies[0].missingApprovals).toEqual(['product-decision-committee']);
    const byCommittee = await post(id, `remedies/${remedyId}/approval`, supervisor, {
      decision: 'approved',
    });
    expect(byCommittee.status).toBe(200);
    expect(byCommittee.body.case.status).toBe('plan_approved');
    // Approved: legal no longer sees the case.
    expect((await http().get(`/cases/${id}`).auth(counsel, { type: 'bearer' })).status).toBe(403);
  });
});
