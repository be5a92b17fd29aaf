import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  formatFuzzReport,
  fuzzApi,
  fuzzSettings,
  itFuzzesCleanly,
  knownValuesFrom,
  saveFuzzReport,
  type FuzzReport,
} from '@redress/testing';
import { aComplaint, startIntake, tokenFor } from './intake-app';

/**
 * Every endpoint of intake's OpenAPI document, driven with generated valid and hostile requests
 * (libs/testing "Fuzzing"): no answer is a 5xx, every 4xx is problem+json naming the field.
 * `npm test` runs a bounded number with a fixed seed; `npm run fuzz -- --runs 10000` runs more.
 */
const { runs, seed } = fuzzSettings({ runs: 500, seed: 20261204 });

let app: INestApplication;
let report: FuzzReport;

const callers = [
  tokenFor({ roles: ['admin'] }),
  tokenFor({ roles: ['supervisor'] }),
  tokenFor({ roles: ['agent'], department: 'customer-service' }),
  tokenFor({ roles: ['channel'], department: 'customer-service' }),
  tokenFor({ roles: ['agent'], department: 'logistics' }),
  tokenFor({ roles: ['analyst'], department: 'customer-service' }),
  tokenFor({ roles: ['department_head'], department: 'quality' }),
].map((token) => `Bearer ${token}`);

/** Which field of a registered complaint each parameter of intake's API takes. */
const KNOWN_BY_PARAMETER = {
  id: 'complaintId',
  trackingNo: 'trackingNo',
  'X-Access-Code': 'accessCode',
  customerRef: 'customerRef',
} as const;

/** Complaints the requests can reach by id, tracking number and customer. */
async function someComplaints(count: number) {
  const registered: Array<{
    complaintId: string;
    trackingNo: string;
    accessCode: string;
    customerRef: string;
  }> = [];
  for (let i = 0; i < count; i++) {
    const res = await request(app.getHttpServer())
      .post('/complaints')
      .set('Authorization', callers[3]!)
      .send(aComplaint())
      .expect(201);
    const view = await request(app.getHttpServer())
      .get(`/complaints/${res.body.complaintId}`)
      .set('Authorization', callers[0]!)
      .expect(200);
    registered.push({
      complaintId: res.body.complaintId,
      trackingNo: res.body.trackingNo,
      accessCode: res.body.accessCode,
      customerRef: view.body.customer.customerRef,
    });
  }
  return registered;
}

beforeAll(
  async () => {
    // Thousands of refused requests would each log a warning; errors (5xx) still show.
    // The status page's rate limits are tested on their own: here they would answer every
    // request after the first few with 429, and the page's validation would go unfuzzed.
    ({ app } = await startIntake({
      env: {
        LOG_LEVEL: 'error',
        INTAKE_STATUS_LIMIT_PER_CLIENT: '100000',
        INTAKE_STATUS_LIMIT_PER_NUMBER: '100000',
      },
    }));
    await app.listen(0, '127.0.0.1');
    const known = await someComplaints(5);
    report = await fuzzApi({
      service: 'intake',
      baseUrl: await app.getUrl(),
      runs,
      seed,
      authorizations: callers,
      knownValues: knownValuesFrom(known, KNOWN_BY_PARAMETER),
      bodies: {
        'POST /complaints': [aComplaint(), aComplaint({ flags: { safetyIncident: true } })],
        'POST /complaints/{id}/amendments': [
          { title: '补充说明', flags: { mediaThreat: true } },
          {
            attachments: [
              { name: 'photo.jpg', sha256: 'a'.repeat(64), url: 'https://files.example.com/1' },
            ],
          },
          { customer: { phone: '13900001111' }, reason: '客户更换了电话' },
        ],
        'POST /complaints/{id}/withdrawal': [{ reason: '客户已自行解决' }],
        'POST /public/complaints/{trackingNo}/status': known.map((k) => ({
          accessCode: k.accessCode,
        })),
        'POST /customers/erasure': [{ customerRefs: [known[4]!.customerRef], dryRun: true }],
      },
    });
    saveFuzzReport(report);
    process.stdout.write(`${formatFuzzReport(report)}\n`);
  },
  120_000 + runs * 200,
);

afterAll(async () => {
  await app?.close();
});

describe('intake under generated input', () => {
  itFuzzesCleanly(() => report, {
    runs,
    operations: [
      'POST /complaints',
      'GET /complaints',
      'GET /complaints/{id}',
      'POST /complaints/{id}/amendments',
      'POST /complaints/{id}/withdrawal',
      'GET /public/complaints/{trackingNo}',
      'POST /public/complaints/{trackingNo}/status',
      'POST /customers/erasure',
      'POST /customers/{customerRef}/erasure',
      'POST /complaints/imports',
    ],
    succeeding: ['POST /complaints', 'POST /complaints/{id}/amendments'],
  });
});
