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
import { SUBSCRIBED_TOPICS } from '../src/messaging/followup-messaging';
import { resolvedEvent, startFollowUp, tokenFor, type RunningFollowUp } from './followup-app';

/**
 * Every endpoint of follow-up's OpenAPI document, driven with generated valid and hostile
 * requests (libs/testing "Fuzzing"): no answer is a 5xx, every 4xx is problem+json naming the
 * field. The follow-ups it reaches are scheduled by publishing resolution's events.
 */
const { runs, seed } = fuzzSettings({ runs: 400, seed: 20261207 });

let followUp: RunningFollowUp;
let report: FuzzReport;

const callers = [
  tokenFor({ sub: 'agent-a', roles: ['agent'], department: 'quality' }),
  tokenFor({ sub: 'agent-b', roles: ['agent'], department: 'quality' }),
  tokenFor({ sub: 'head-q', roles: ['department_head'], department: 'quality' }),
  tokenFor({ sub: 'sup', roles: ['supervisor'] }),
  tokenFor({ sub: 'admin', roles: ['admin'] }),
  tokenFor({ sub: 'agent-l', roles: ['agent'], department: 'logistics' }),
  tokenFor({ sub: 'analyst', roles: ['analyst'], department: 'quality' }),
  tokenFor({ sub: 'channel', roles: ['channel'], department: 'customer-service' }),
].map((token) => `Bearer ${token}`);

async function someFollowUps(count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const events = Array.from({ length: count }, (_, i) =>
    resolvedEvent(now, i % 3 === 0 ? { severity: 'major', escalationClass: 'major' } : {}),
  );
  await publishEvents(TOPICS.resolution, events);
  const ids = events.map((e) => e.data.complaintId);
  await waitFor(
    async () => {
      for (const id of ids) {
        const res = await request(followUp.app.getHttpServer())
          .get(`/follow-ups/${id}`)
          .set('Authorization', callers[3]!);
        if (res.status !== 200) return false;
      }
      return true;
    },
    { description: 'follow-up to schedule the published resolutions', timeoutMs: 60_000 },
  );
  return ids;
}

beforeAll(
  async () => {
    await ensureTestInfra();
    await createTopics([...SUBSCRIBED_TOPICS, TOPICS.followup], { partitions: 3 });
    const group = uniqueName('followup-fuzz');
    await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
    followUp = await startFollowUp({
      env: { FOLLOWUP_CONSUMER_GROUP: group, LOG_LEVEL: 'error' },
    });
    await followUp.app.listen(0, '127.0.0.1');
    const ids = await someFollowUps(9);
    report = await fuzzApi({
      service: 'followup',
      baseUrl: await followUp.app.getUrl(),
      runs,
      seed,
      authorizations: callers,
      knownValues: { complaintId: ids },
      bodies: {
        'POST /follow-ups/{complaintId}/attempts': [
          { outcome: 'no_answer' },
          { outcome: 'reached' },
        ],
        'POST /follow-ups/{complaintId}/survey': [
          { satisfaction: 4, resolved: true, ratings: { efficiency: 4, attitude: 5, outcome: 4 } },
        ],
        'POST /follow-ups/{complaintId}/corrective-actions': [
          { kind: 'corrective', description: '复查封口工序', owner: 'qa-1', within: { days: 5 } },
        ],
        'POST /follow-ups/{complaintId}/goodwill': [{ kind: 'coupon' }],
        'POST /case-library': ids.map((complaintId) => ({
          complaintId,
          title: '酸奶异物',
          summary: 'A fly in a yogurt',
          keywords: ['food'],
          language: 'zh',
        })),
      },
    });
    saveFuzzReport(report);
    process.stdout.write(`${formatFuzzReport(report)}\n`);
  },
  180_000 + runs * 300,
);

afterAll(async () => {
  await followUp?.app.close();
});

describe('follow-up under generated input', () => {
  itFuzzesCleanly(() => report, {
    runs,
    operations: [
      'GET /follow-ups',
      'GET /follow-ups/{complaintId}',
      'POST /follow-ups/{complaintId}/attempts',
      'POST /follow-ups/{complaintId}/survey',
      'POST /follow-ups/{complaintId}/corrective-actions',
      'POST /follow-ups/{complaintId}/corrective-actions/{actionId}/completion',
      'POST /follow-ups/{complaintId}/goodwill',
      'GET /case-library',
      'POST /case-library',
    ],
    succeeding: [
      'GET /follow-ups',
      'GET /follow-ups/{complaintId}',
      'POST /follow-ups/{complaintId}/attempts',
      'GET /case-library',
    ],
  });
});
