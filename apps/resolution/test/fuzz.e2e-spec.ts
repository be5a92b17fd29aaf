import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import {
  createTopics,
  ensureTestInfra,
  formatFuzzReport,
  fuzzApi,
  fuzzSettings,
  itFuzzesCleanly,
  publishEvents,
  saveFuzzReport,
  startGroupAtEnd,
  uniqueName,
  waitFor,
  type FuzzReport,
} from '@redress/testing';
import { SUBSCRIBED_TOPICS } from '../src/messaging/resolution-messaging';
import { startResolution, tokenFor, triaged, type RunningResolution } from './resolution-app';

/**
 * Every endpoint of resolution's OpenAPI document, driven with generated valid and hostile
 * requests (libs/testing "Fuzzing"): no answer is a 5xx, every 4xx is problem+json naming the
 * field. The cases it reaches are opened by publishing triage's decisions, under a consumer group
 * of its own.
 */
const { runs, seed } = fuzzSettings({ runs: 400, seed: 20261207 });

let resolution: RunningResolution;
let report: FuzzReport;

// People of the cases' department twice: most writes are theirs.
const callers = [
  tokenFor({ sub: 'agent-a', roles: ['agent'], department: 'quality' }),
  tokenFor({ sub: 'agent-b', roles: ['agent'], department: 'quality' }),
  tokenFor({ sub: 'head-q', roles: ['department_head'], department: 'quality' }),
  tokenFor({ sub: 'sup', roles: ['supervisor'] }),
  tokenFor({ sub: 'counsel', roles: ['legal'], department: 'legal' }),
  tokenFor({ sub: 'admin', roles: ['admin'] }),
  tokenFor({ sub: 'agent-l', roles: ['agent'], department: 'logistics' }),
  tokenFor({ sub: 'analyst', roles: ['analyst'], department: 'quality' }),
  tokenFor({ sub: 'channel', roles: ['channel'], department: 'customer-service' }),
].map((token) => `Bearer ${token}`);

/** Cases of quality, opened by publishing triage's decisions, for the requests to reach by id. */
async function someCases(count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const events = Array.from({ length: count }, (_, i) =>
    triaged(
      now,
      i % 3 === 0
        ? { severity: 'major', escalationClass: 'major', approver: 'product-decision-committee' }
        : {},
    ),
  );
  await publishEvents(TOPICS.triage, events);
  const ids = events.map((e) => e.data.complaintId);
  await waitFor(
    async () => {
      for (const id of ids) {
        const res = await request(resolution.app.getHttpServer())
          .get(`/cases/${id}`)
          .set('Authorization', callers[3]!);
        if (res.status !== 200) return false;
      }
      return true;
    },
    { description: 'resolution to open the published cases', timeoutMs: 60_000 },
  );
  return ids;
}

/** A plan on some cases, so approval, decision and action requests can reach real ids. */
async function somePlans(ids: readonly string[]): Promise<string[]> {
  const remedies: string[] = [];
  for (const id of ids.slice(0, 3)) {
    const res = await request(resolution.app.getHttpServer())
      .post(`/cases/${id}/remedies`)
      .set('Authorization', callers[0]!)
      .send({ options: [{ optionId: 'refund', kind: 'refund', tier: 1 }] });
    if (res.status === 201) remedies.push(res.body.remedyId as string);
  }
  return remedies;
}

beforeAll(
  async () => {
    await ensureTestInfra();
    await createTopics([...SUBSCRIBED_TOPICS, TOPICS.resolution], { partitions: 3 });
    const group = uniqueName('resolution-fuzz');
    await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
    resolution = await startResolution({
      // Thousands of refused requests would each log a warning; errors (5xx) still show.
      env: { RESOLUTION_CONSUMER_GROUP: group, LOG_LEVEL: 'error' },
    });
    await resolution.app.listen(0, '127.0.0.1');
    const ids = await someCases(9);
    const remedyIds = await somePlans(ids);
    report = await fuzzApi({
      service: 'resolution',
      baseUrl: await resolution.app.getUrl(),
      runs,
      seed,
      authorizations: callers,
      knownValues: { id: ids, remedyId: remedyIds },
      bodies: {
        'POST /cases/{id}/assignment': [{ assignee: { id: 'agent-b', department: 'quality' } }],
        'POST /cases/{id}/contacts': [{ channel: 'phone', summary: '已联系客户' }],
        'POST /cases/{id}/investigation': [
          {
            rootCause: '运输中密封失效',
            responsibility: 'company',
            evidence: [{ kind: 'waybill', ref: 'SF-1' }],
          },
        ],
        'POST /cases/{id}/remedies': [
          {
            options: [
              { optionId: 'refund', kind: 'refund', tier: 1 },
              {
                optionId: 'comp',
                kind: 'compensation',
                tier: 2,
                value: { amount: '50', currency: 'CNY' },
              },
            ],
          },
        ],
        'POST /cases/{id}/remedies/{remedyId}/approval': [
          { decision: 'approved' },
          { decision: 'rejected', reason: '方案不足' },
        ],
        'POST /cases/{id}/customer-decision': [{ decision: 'declined', reason: 'wants more' }],
        'POST /cases/{id}/actions': [
          { description: 'Refund', owner: { id: 'fin-1' }, within: { days: 2 } },
        ],
        'POST /cases/{id}/resolution': [{ summary: 'Explained and refunded' }],
      },
    });
    saveFuzzReport(report);
    process.stdout.write(`${formatFuzzReport(report)}\n`);
  },
  180_000 + runs * 300,
);

afterAll(async () => {
  await resolution?.app.close();
});

describe('resolution under generated input', () => {
  itFuzzesCleanly(() => report, {
    runs,
    operations: [
      'GET /cases',
      'GET /cases/{id}',
      'POST /cases/{id}/assignment',
      'POST /cases/{id}/contacts',
      'POST /cases/{id}/investigation',
      'POST /cases/{id}/remedies',
      'POST /cases/{id}/remedies/{remedyId}/approval',
      'POST /cases/{id}/customer-decision',
      'POST /cases/{id}/actions',
      'POST /cases/{id}/actions/{actionId}/completion',
      'POST /cases/{id}/resolution',
    ],
    succeeding: [
      'GET /cases',
      'GET /cases/{id}',
      'POST /cases/{id}/contacts',
      'POST /cases/{id}/investigation',
    ],
  });
});
