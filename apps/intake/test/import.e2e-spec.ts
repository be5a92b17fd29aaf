import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import { TopicReader, type ReadMessage } from '@redress/testing';
import { startIntake, tokenFor } from './intake-app';
import type { IntakeOutbox } from '../src/messaging/intake-outbox';

let app: INestApplication;
let outbox: IntakeOutbox;
let reader: TopicReader;

const admin = tokenFor({ roles: ['admin'], department: 'quality' });
const agent = tokenFor({ roles: ['agent'], department: 'customer-service' });

beforeAll(async () => {
  ({ app, outbox } = await startIntake());
  await outbox.drain({ timeoutMs: 30_000 });
  reader = await TopicReader.start(TOPICS.intake, { startAt: 'end', topicTimeoutMs: 30_000 });
}, 90_000);

afterAll(async () => {
  await reader?.stop();
  await app?.close();
});

const http = () => request(app.getHttpServer());

function upload(
  body: string | Buffer,
  contentType: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
  token = admin,
) {
  const req = http()
    .post('/complaints/imports')
    .query(query)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', contentType);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.send(body);
}

interface Report {
  rows: number;
  imported: number;
  alreadyImported: number;
  rejected: number;
  ambiguousDates: number;
  rejectedRows: { line: number; sourceId?: string; errors: { field: string; reason: string }[] }[];
  rejectedRowsNotListed: number;
}

const CRLF = '\r\n';
const HEADER =
  'sourceId,receivedAt,channel,customer.name,customer.phone,subject.type,subject.productSku,description,desiredRemedies,flags.safetyIncident';

/** A file with good rows, every kind of bad row, a BOM, CRLF and a quoted newline. */
function messyCsv(prefix: string, phone: string): string {
  return (
    '\uFEFF' +
    [
      HEADER,
      // line 2: good, day-first and ambiguous; the description spans two lines and names the customer
      `${prefix}-1,05/03/2024 14:30,hotline,王小明,${phone},product,SKU-1,"酸奶有异物${CRLF}请联系王小明 ${phone}",refund;apology,是`,
      // line 4: good, ISO with an offset
      `${prefix}-2,2024-03-06T09:00:00+08:00,web,Li Lei,13900000002,service,,"Rude staff, ""very"" rude",,no`,
      // line 5: bad date
      `${prefix}-3,31/31/2024,hotline,A,13900000003,product,SKU-3,broken,,`,
      // line 6: missing source id
      `,2024-03-07,hotline,B,13900000004,product,SKU-4,broken,,`,
      // line 7: unknown channel
      `${prefix}-5,2024年3月8日,carrier-pigeon,C,13900000005,product,SKU-5,broken,,`,
      // line 8: bad subject type
      `${prefix}-6,2024/03/09,hotline,D,13900000006,spaceship,SKU-6,broken,,`,
      // line 9: blank, skipped
      '',
      // line 10: good, Chinese date, no time
      `${prefix}-7,2024年3月10日,app,E,13900000007,logistics,,late,,`,
      // line 11: too many fields
      `${prefix}-8,2024-03-11,hotline,F,13900000008,product,SKU-8,broken,,,extra`,
    ].join(CRLF) +
    CRLF
  );
}

describe('importing history', () => {
  it('imports the good rows of a messy CSV, reports each bad row by line, and publishes version-2 registrations without personal data', async () => {
    const prefix = `crm-${randomUUID()}`;
    const phone = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const res = await upload(messyCsv(prefix, phone), 'text/csv; charset=utf-8').expect(200);
    const report = res.body as Report;
    expect(report).toMatchObject({
      rows: 8,
      imported: 3,
      alreadyImported: 0,
      rejected: 5,
      ambiguousDates: 1,
      rejectedRowsNotListed: 0,
    });
    const rejected = Object.fromEntries(
      report.rejectedRows.map((r) => [r.line, r.errors.map((e) => e.field)]),
    );
    expect(rejected).toEqual({
      5: ['receivedAt'],
      6: ['sourceId'],
      7: ['channel'],
      8: ['subject.type'],
      11: ['row'],
    });
    expect(report.rejectedRows.find((r) => r.line === 6)).not.toHaveProperty('sourceId');
    expect(report.rejectedRows.find((r) => r.line === 5)).toMatchObject({
      sourceId: `${prefix}-3`,
      errors: [{ field: 'receivedAt', reason: 'has no month in "31/31/2024"' }],
    });

    await outbox.drain({ timeoutMs: 30_000 });
    const registered = await reader.waitForMessages(
      (m: ReadMessage) => isOurs(m, ['2024-03-05T06:30:00.000Z', '2024-03-06T01:00:00.000Z']),
      2,
    );
    const first = registered.find((m) => JSON.stringify(m.json).includes('SKU-1'));
    expect(first?.json).toMatchObject({
      type: 'ComplaintRegistered',
      schemaversion: 2,
      data: {
        channel: 'hotline',
        imported: true,
        receivedAt: '2024-03-05T06:30:00.000Z',
        registeredAt: expect.stringMatching(/^20\d\d-/),
        receivingDepartment: 'quality',
        customer: { maskedName: '王**', maskedPhone: `*******${phone.slice(-4)}` },
        desiredRemedies: ['refund', 'apology'],
        flags: expect.objectContaining({ safetyIncident: true }),
      },
    });
    const raw = JSON.stringify(registered.map((m) => m.json));
    expect(raw).not.toContain(phone);
    expect(raw).not.toContain('王小明');
    expect(raw).not.toContain('Li Lei');
    expect((first?.json as { data: { description: string } }).data.description).toContain('\r\n');
    // No acknowledgement is owed for history: the stream holds the registration alone.
    const complaintId = (first?.json as { subject: string }).subject;
    const own = reader.messages
      .filter((m) => m.key === complaintId)
      .map((m) => (m.json as { type: string }).type);
    expect(own).toEqual(['ComplaintRegistered']);

    const view = await http()
      .get(`/complaints/${complaintId}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(view.body).toMatchObject({ imported: true, receivedAt: '2024-03-05T06:30:00.000Z' });
    expect(view.body.customer).toMatchObject({ name: '王小明', phone });

    // The same file again changes nothing.
    const again = await upload(messyCsv(prefix, phone), 'text/csv').expect(200);
    expect(again.body).toMatchObject({ rows: 8, imported: 0, alreadyImported: 3, rejected: 5 });
  }, 60_000);

  it('reads NDJSON, gzip-encoded, nested or dotted, and reports a line that is not JSON', async () => {
    const prefix = `erp-${randomUUID()}`;
    const lines = [
      JSON.stringify({
        sourceId: `${prefix}-1`,
        receivedAt: '03/05/2024',
        channel: 'email',
        customer: { name: 'Ann', email: 'ann@example.com' },
        subject: { type: 'billing' },
        description: 'charged twice',
        complainantCount: 2,
      }),
      '{"sourceId": "broken',
      JSON.stringify({
        sourceId: `${prefix}-3`,
        receivedAt: '2024-03-05 10:00',
        channel: 'email',
        'customer.name': 'Bob',
        'customer.email': 'bob@example.com',
        'subject.type': 'billing',
        description: 'charged thrice',
      }),
      JSON.stringify({ sourceId: `${prefix}-4`, receivedAt: '2024-03-05', nickname: 'x' }),
    ];
    const body = gzipSync(Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n'));
    const res = await upload(
      body,
      'application/x-ndjson',
      { dateOrder: 'mdy' },
      {
        'Content-Encoding': 'gzip',
      },
    ).expect(200);
    expect(res.body).toMatchObject({ rows: 4, imported: 2, rejected: 2, ambiguousDates: 1 });
    expect((res.body as Report).rejectedRows).toEqual([
      { line: 2, errors: [{ field: 'line', reason: 'is not valid JSON' }] },
      { line: 4, errors: [{ field: 'nickname', reason: 'is not a field of an import' }] },
    ]);
    // application/gzip with the format named: the same rows, already imported.
    const again = await upload(body, 'application/gzip', {
      format: 'ndjson',
      dateOrder: 'mdy',
    }).expect(200);
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 2 });
  }, 60_000);

  it('reads columns named otherwise through a mapping, and ignores columns it does not map', async () => {
    const id = `legacy-${randomUUID()}`;
    const csv = [
      '工单号,受理时间,渠道,客户姓名,电话,类型,内容,备注',
      `${id},2024年3月5日 9:30,hotline,赵六,13900000009,product,坏了,内部备注`,
    ].join('\n');
    const mapping = {
      工单号: 'sourceId',
      受理时间: 'receivedAt',
      渠道: 'channel',
      客户姓名: 'customer.name',
      电话: 'customer.phone',
      类型: 'subject.type',
      内容: 'description',
    };
    const res = await upload(csv, 'text/csv', { mapping: JSON.stringify(mapping) }).expect(200);
    expect(res.body).toMatchObject({ rows: 1, imported: 1, rejected: 0 });
  }, 30_000);

  it('answers 4xx naming the field for a bad request, before reading a row', async () => {
    const csv = `${HEADER}\n`;
    const badMapping = await upload(csv, 'text/csv', {
      mapping: JSON.stringify({ a: 'sourceId', b: 'nickname' }),
    }).expect(400);
    expect(badMapping.body.errors).toEqual([
      { field: 'mapping.b', message: expect.stringContaining('must name one of') },
    ]);
    const notJson = await upload(csv, 'text/csv', { mapping: '{nope' }).expect(400);
    expect(notJson.body.errors[0].field).toBe('mapping');
    const unknownColumn = await upload('sourceId,receivedAt,nickname\n', 'text/csv').expect(400);
    expect(unknownColumn.body.errors[0]).toMatchObject({ field: 'columns' });
    const wrongType = await upload(csv, 'application/json').expect(415);
    expect(wrongType.body.errors[0].field).toBe('Content-Type');
    const badOrder = await upload(csv, 'text/csv', { dateOrder: 'ymd' }).expect(400);
    expect(badOrder.body.errors[0].field).toBe('dateOrder');
    const brokenGzip = await upload(Buffer.from('not gzip at all'), 'application/gzip').expect(400);
    expect(brokenGzip.body.errors[0].field).toBe('body');
    await upload(csv, 'text/csv', {}, {}, agent).expect(403);
  }, 30_000);
});

/** An imported registration received at one of `receivedAt` (this file's rows). */
function isOurs(m: ReadMessage, receivedAt: string[]): boolean {
  const event = m.json as { type: string; data?: { imported?: boolean; receivedAt?: string } };
  return (
    event.type === 'ComplaintRegistered' &&
    event.data?.imported === true &&
    receivedAt.includes(event.data.receivedAt ?? '')
  );
}
