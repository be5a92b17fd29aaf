import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  formatFuzzReport,
  fuzzApi,
  fuzzSettings,
  itFuzzesCleanly,
  saveFuzzReport,
  type FuzzReport,
} from '@redress/testing';
import { DIRECT, freshWorld, project, startAnalytics, tokenFor } from './analytics-app';

/**
 * Every endpoint of analytics' OpenAPI document, driven with generated valid and hostile requests
 * (libs/testing "Fuzzing"): no answer is a 5xx, every 4xx is problem+json naming the field.
 */
const { runs, seed } = fuzzSettings({ runs: 300, seed: 20261207 });

let app: INestApplication;
let report: FuzzReport;

const callers = [
  tokenFor({ sub: 'analyst', roles: ['analyst'], department: 'quality' }),
  tokenFor({ sub: 'sup', roles: ['supervisor'] }),
  tokenFor({ sub: 'admin', roles: ['admin'] }),
  tokenFor({ sub: 'agent', roles: ['agent'], department: 'quality' }),
  tokenFor({ sub: 'channel', roles: ['channel'], department: 'customer-service' }),
].map((token) => `Bearer ${token}`);

beforeAll(
  async () => {
    app = await startAnalytics(await freshWorld('fuzz'), { LOG_LEVEL: 'error' });
    const id = randomUUID();
    await project(app, [
      {
        topic: DIRECT,
        partition: 0,
        nextOffset: '1',
        events: [
          {
            id: randomUUID(),
            type: 'ComplaintRegistered',
            source: '/redress/intake',
            time: '2026-11-10T02:00:00.000Z',
            streamVersion: 1,
            data: { complaintId: id, channel: 'web', registeredAt: '2026-11-10T02:00:00.000Z' },
          },
        ],
      },
    ]);
    await app.listen(0, '127.0.0.1');
    report = await fuzzApi({
      service: 'analytics',
      baseUrl: await app.getUrl(),
      runs,
      seed,
      authorizations: callers,
      knownValues: { id: [id] },
    });
    saveFuzzReport(report);
    process.stdout.write(`${formatFuzzReport(report)}\n`);
  },
  120_000 + runs * 300,
);

afterAll(async () => {
  await app?.close();
});

describe('analytics under generated input', () => {
  itFuzzesCleanly(() => report, {
    runs,
    operations: [
      'GET /analytics/overview',
      'GET /analytics/complaints/{id}/timeline',
      'GET /analytics/reports/monthly',
      'GET /analytics/trends',
      'GET /analytics/hot-topics',
      'GET /analytics/hot-words',
    ],
    succeeding: ['GET /analytics/reports/monthly'],
  });
});
