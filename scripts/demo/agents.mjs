// The scripted staff of the demo: who does what through the public APIs. Each step looks at the
// case as the API shows it and does only what is still to do, with an Idempotency-Key made of
// the sample's id and the step, so a second run picks up where the first stopped.
import { call, waitFor } from './client.mjs';
import { idempotencyKey } from './sample.mjs';

/** The people of the demo, as development tokens. */
export function staff(token) {
  return {
    channel: () => token('channel.hotline-gateway', ['channel']),
    admin: () => token('admin.demo', ['admin']),
    supervisor: () => token('supervisor.zhou', ['supervisor'], 'customer-service'),
    agent: (department) => token(`agent.${department}`, ['agent'], department),
    head: (department) => token(`head.${department}`, ['department_head'], department),
    /**
     * An approver for one body of the approval matrix (apps/resolution's default policy): the
     * project general manager is the case department's head, legal is legal, the division head
     * and the product decision committee are supervisors — one person per body (four eyes).
     */
    approver: (body, department) => {
      if (body === 'project-general-manager')
        return token(`head.${department}`, ['department_head'], department);
      if (body === 'legal') return token('legal.chen', ['legal'], 'legal');
      return token(`${body}.member`, ['supervisor'], 'customer-service');
    },
  };
}

// What a plan offers, by severity (DOMAIN §3: I — remote guidance plus a coupon; II — repair,
// exchange or partial refund; III — full refund plus compensation, reviewed by legal).
const PLANS = {
  general: [
    {
      optionId: 'guidance',
      kind: 'remote_guidance',
      tier: 1,
      description: '远程指导 / remote guidance',
    },
    { optionId: 'coupon', kind: 'coupon', tier: 1, value: { amount: '50', currency: 'CNY' } },
  ],
  serious: [
    { optionId: 'repair', kind: 'repair', tier: 1, description: 'free on-site repair' },
    { optionId: 'exchange', kind: 'exchange', tier: 2 },
    { optionId: 'refund', kind: 'refund', tier: 3, value: { amount: '300', currency: 'CNY' } },
  ],
  major: [
    { optionId: 'refund', kind: 'refund', tier: 1, description: 'full refund' },
    {
      optionId: 'compensation',
      kind: 'compensation',
      tier: 1,
      value: { amount: '2000', currency: 'CNY' },
    },
    {
      optionId: 'apology',
      kind: 'apology',
      tier: 1,
      description: 'handwritten apology, dedicated agent',
    },
  ],
};

const ROOT_CAUSES = {
  product: ['Batch inspection found a defect in assembly', 'company'],
  service: ['Ticket sat unassigned over the weekend', 'company'],
  staff: ['Store staff did not follow the service script', 'company'],
  process: ['Rule was not explained on the page', 'company'],
  logistics: ['Carrier lost the parcel at the sorting centre', 'third_party'],
  billing: ['Payment gateway retried a timed-out charge', 'third_party'],
  property: ['Maintenance contractor missed the repair window', 'company'],
  other: ['Customer misunderstood the promotion rules', 'customer'],
};

/** How far an in-progress sample is worked before the demo leaves it (by its number). */
function stopAfter(sample) {
  if (sample.scenario !== 'in-progress') return undefined;
  return ['assignment', 'contact', 'proposal'][Number(sample.id.slice(-3)) % 3];
}

/** Works one case from wherever it stands to resolved (or to its in-progress stop). */
export async function workCase(people, sample, complaintId, log) {
  const supervisor = await people.supervisor();
  const read = () =>
    call('resolution', 'GET', `/cases/${complaintId}`, { token: supervisor, notFound: null });
  let c = await waitFor(read, { timeoutMs: 120_000, everyMs: 1000 });
  if (!c) throw new Error(`${sample.id}: resolution opened no case within 2 minutes`);
  const department = c.department;
  const agent = await people.agent(department);
  const me = `agent.${department}`;
  const post = async (step, path, body, token = agent) => {
    const answer = await call('resolution', 'POST', `/cases/${complaintId}${path}`, {
      token,
      body,
      key: idempotencyKey(sample.id, `r${c.round.round}:${step}`),
    });
    c = answer.case ?? (await read());
    return answer;
  };
  const stop = stopAfter(sample);
  if (c.status === 'resolved' || c.status === 'withdrawn') return c.status;
  if (c.round.awaitingDeadlines) {
    c = await waitFor(
      async () => {
        const now = await read();
        return now.round.awaitingDeadlines ? undefined : now;
      },
      { timeoutMs: 120_000 },
    );
  }

  if (c.assignee === undefined)
    await post('assign', '/assignment', { assignee: { id: me, department } });
  if (stop === 'assignment') return 'in progress';
  if (c.round.firstContactAt === undefined) {
    await post('contact', '/contacts', {
      channel: 'phone',
      summary:
        'Called the customer, apologised and asked what happened (seven steps: calm, apologise, ask).',
    });
  }
  if (stop === 'contact') return 'in progress';
  if (c.investigation === undefined) {
    const [rootCause, responsibility] = ROOT_CAUSES[sample.subject.type] ?? ROOT_CAUSES.other;
    await post('investigation', '/investigation', {
      rootCause,
      responsibility,
      evidence: [{ kind: 'call_recording', ref: `REC-${sample.id}` }],
    });
  }
  // A minor complaint is answered at the first contact: resolved without a plan.
  const needsPlan = c.severity !== 'minor' && c.round.round === 1;
  if (needsPlan) {
    let remedy = c.remedies.find((r) => r.remedyId === c.currentRemedyId);
    if (!remedy || remedy.status === 'rejected' || remedy.status === 'declined') {
      const options = PLANS[c.severity] ?? PLANS.general;
      const answer = await post('propose', '/remedies', {
        options,
        rationale: `Tiered options for a ${c.severity} complaint; the customer chooses.`,
      });
      remedy = c.remedies.find((r) => r.remedyId === answer.remedyId);
    }
    if (stop === 'proposal') return 'in progress';
    for (const body of remedy.missingApprovals ?? []) {
      await post(
        `approve:${body}`,
        `/remedies/${remedy.remedyId}/approval`,
        { decision: 'approved', body, note: 'Within policy.' },
        await people.approver(body, department),
      );
      log.approvals[body] = (log.approvals[body] ?? 0) + 1;
    }
    remedy = c.remedies.find((r) => r.remedyId === remedy.remedyId);
    if (remedy.offeredAt === undefined) {
      await post('offer', '/contacts', {
        channel: 'phone',
        summary: 'Explained the cause and the approved plan.',
        remedyId: remedy.remedyId,
      });
    }
    if (remedy.status !== 'accepted') {
      await post('decision', '/customer-decision', {
        remedyId: remedy.remedyId,
        decision: 'accepted',
        optionId: remedy.options[0].optionId,
      });
    }
    let action = c.actions[0];
    if (!action) {
      const answer = await post('action', '/actions', {
        description: `Carry out the chosen option (${remedy.options[0].kind})`,
        owner: { id: me, department },
        within: { hours: 24 },
      });
      action = c.actions.find((a) => a.actionId === answer.actionId);
    }
    if (action.completedAt === undefined) {
      await post('action-done', `/actions/${action.actionId}/completion`, {
        note: 'Done and confirmed with the customer.',
      });
    }
  } else if (c.round.round > 1 && c.round.firstContactAt === undefined) {
    await post('contact', '/contacts', {
      channel: 'phone',
      summary: 'Second handling: called back.',
    });
  }
  if (c.status !== 'resolved') {
    await post('resolve', '/resolution', {
      summary:
        c.round.round > 1
          ? 'Second handling: engineer replaced the part on site.'
          : 'Resolved with the customer.',
    });
  }
  return c.status;
}

/** The customer's answer at the callback, by scenario: mostly satisfied. */
export async function followUp(people, sample, complaintId, department) {
  const agent = await people.agent(department);
  const read = () =>
    call('follow-up', 'GET', `/follow-ups/${complaintId}`, { token: agent, notFound: null });
  const f = await waitFor(read, { timeoutMs: 120_000 });
  if (!f) throw new Error(`${sample.id}: follow-up scheduled no callback within 2 minutes`);
  if (f.status !== 'awaiting_callback') return f;
  const post = (step, path, body) =>
    call('follow-up', 'POST', `/follow-ups/${complaintId}${path}`, {
      token: agent,
      body,
      key: idempotencyKey(sample.id, `f${f.round ?? 1}:${step}`),
    });
  if (sample.scenario === 'unhappy' && (f.round ?? 1) === 1) {
    await post('survey', '/survey', {
      satisfaction: 2,
      resolved: false,
      ratings: { efficiency: 2, attitude: 3, outcome: 1 },
      comment: '修了还是晃，没有解决。',
    });
  } else {
    const n = Number(sample.id.slice(-3));
    await post('survey', '/survey', {
      satisfaction: n % 7 === 0 ? 3 : n % 2 === 0 ? 5 : 4,
      resolved: true,
      ratings: { efficiency: 4, attitude: 5, outcome: 4 },
    });
  }
  return read();
}
