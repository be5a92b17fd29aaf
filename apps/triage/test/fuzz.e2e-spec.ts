import { Client } from 'pg';
import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import {
  createTopics,
  ensureTestInfra,
  formatFuzzReport,
  fuzzApi,
  fuzzSettings,
  itFuzzesCleanly,
  saveFuzzReport,
  serviceDbUrl,
  startGroupAtEnd,
  testConfig,
  uniqueName,
  waitFor,
  type FuzzReport,
} from '@redress/testing';
import { DEFAULT_TRIAGE_POLICY } from '../src/domain';
import { SUBSCRIBED_TOPICS } from '../src/messaging/triage-messaging';
import { registered, Upstream } from './inbound';
import { startTriage, tokenFor, type RunningTriage } from './triage-app';

/**
 * Every endpoint of triage's OpenAPI document, driven with generated valid and hostile requests
 * (libs/testing "Fuzzing"): no answer is a 5xx, every 4xx is problem+json naming the field. The
 * policy endpoint really changes the policy, so this triage has a database of its own, made anew
 * each run, and a consumer group of its own.
 */
const { runs, seed } = fuzzSettings({ runs: 400, seed: 20261204 });
const database = `${testConfig().testDatabase}_fuzz`;
const upstream = new Upstream();

let triage: RunningTriage;
let report: FuzzReport;

// Admins and supervisors twice: most triage writes are theirs.
const callers = [
  tokenFor({ roles: ['admin'] }),
  tokenFor({ roles: ['admin'], department: 'quality' }),
  tokenFor({ roles: ['supervisor'] }),
  tokenFor({ roles: ['supervisor'], department: 'logistics' }),
  tokenFor({ roles: ['agent'], department: 'quality' }),
  tokenFor({ roles: ['agent'], department: 'logistics' }),
  tokenFor({ roles: ['department_head'], department: 'customer-service' }),
  tokenFor({ roles: ['analyst'], department: 'quality' }),
  tokenFor({ roles: ['channel'], department: 'customer-service' }),
].map((token) => `Bearer ${token}`);

async function freshDatabase(): Promise<string> {
  const admin = new Client({ connectionString: testConfig().databaseAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureTestInfra({ database });
  return serviceDbUrl('triage', { db: database });
}

/** Complaints triage has decided on, for the requests to reach by id. */
async function someTriagedComplaints(count: number): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) =>
    registered({
      registeredAt: new Date().toISOString(),
      description:
        ['酸奶里有异物', '快递三天没到', '客服态度很差', '重复扣款两次'][i % 4] ?? '投诉',
    }),
  );
  await upstream.publish(TOPICS.intake, events);
  const ids = events.map((e) => e.data.complaintId);
  await waitFor(
    async () => {
      for (const id of ids) {
        const res = await request(triage.app.getHttpServer())
          .get(`/triage/${id}`)
          .set('Authorization', callers[0]!);
        if (res.status !== 200) return false;
      }
      return true;
    },
    { description: 'triage to decide on the published complaints', timeoutMs: 60_000 },
  );
  return ids;
}

beforeAll(
  async () => {
    await ensureTestInfra();
    await createTopics([...SUBSCRIBED_TOPICS, TOPICS.triage], { partitions: 3 });
    const group = uniqueName('triage-fuzz');
    await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
    triage = await startTriage({
      // Thousands of refused requests would each log a warning; errors (5xx) still show.
      env: {
        DATABASE_URL: await freshDatabase(),
        TRIAGE_CONSUMER_GROUP: group,
        LOG_LEVEL: 'error',
      },
    });
    await triage.app.listen(0, '127.0.0.1');
    const ids = await someTriagedComplaints(6);
    report = await fuzzApi({
      service: 'triage',
      baseUrl: await triage.app.getUrl(),
      runs,
      seed,
      authorizations: callers,
      knownValues: { complaintId: ids },
      bodies: {
        'PUT /triage/policy': [DEFAULT_TRIAGE_POLICY],
        'POST /triage/{complaintId}/reclassification': [
          { reason: '复核后确认', severity: 'serious' },
          { reason: 'checked with the customer', type: 'logistics' },
          { reason: '转给品质部', department: 'quality', escalationClass: 'hot' },
          { reason: 'no subcategory', subcategory: null },
        ],
      },
    });
    saveFuzzReport(report);
    process.stdout.write(`${formatFuzzReport(report)}\n`);
  },
  180_000 + runs * 300,
);

afterAll(async () => {
  await triage?.app.close();
  await upstream.close();
});

describe('triage under generated input', () => {
  itFuzzesCleanly(() => report, {
    runs,
    operations: [
      'GET /triage/review-queue',
      'GET /triage/policy',
      'PUT /triage/policy',
      'GET /triage/{complaintId}',
      'POST /triage/{complaintId}/reclassification',
    ],
    succeeding: ['POST /triage/{complaintId}/reclassification', 'PUT /triage/policy'],
  });
});
