import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TOPICS } from '@redress/contracts';
import {
  InMemorySpanExporter,
  currentTracing,
  startTracing,
  type ReadableSpan,
} from '@redress/platform';
import { TopicReader, type ReadMessage } from '@redress/testing';
import { aComplaint, startIntake, tokenFor } from './intake-app';
import type { IntakeOutbox } from '../src/messaging/intake-outbox';

let app: INestApplication;
let outbox: IntakeOutbox;
let reader: TopicReader;
const exporter = new InMemorySpanExporter();
const channel = tokenFor({ roles: ['channel'], department: 'customer-service' });

// Each test waits for a record to reach Kafka through the outbox: seconds on a busy machine.
jest.setTimeout(30_000);

beforeAll(async () => {
  ({ app, outbox } = await startIntake());
  await outbox.drain({ timeoutMs: 30_000 });
  reader = await TopicReader.start(TOPICS.intake, { startAt: 'end', topicTimeoutMs: 30_000 });
}, 90_000);

afterAll(async () => {
  await reader?.stop();
  await app?.close();
  await currentTracing()?.shutdown();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

function register(traceparent?: string) {
  const req = request(app.getHttpServer())
    .post('/complaints')
    .set('Authorization', `Bearer ${channel}`);
  if (traceparent !== undefined) req.set('traceparent', traceparent);
  return req.send(aComplaint()).expect(201);
}

async function registeredRecord(complaintId: string): Promise<ReadMessage> {
  const [record] = await reader.waitForMessages(
    (m) => m.key === complaintId && (m.json as { type: string }).type === 'ComplaintRegistered',
  );
  return record!;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

describe('with spans exported', () => {
  beforeAll(async () => {
    await currentTracing()?.shutdown();
    startTracing({ service: 'intake', exporter, env: {} });
  });

  it("carries the caller's traceparent through the registration into the ComplaintRegistered record's headers and envelope", async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const res = await register(`00-${traceId}-${callerSpanId}-01`);
    const record = await registeredRecord(res.body.complaintId);

    const [, recordTraceId, recordSpanId] =
      TRACEPARENT.exec(record.headers.traceparent ?? '') ?? [];
    expect(recordTraceId).toBe(traceId);
    expect((record.json as { traceparent?: string }).traceparent).toBe(record.headers.traceparent);

    // The event was recorded inside intake's server span, a child of the caller's span.
    const server = exporter
      .getFinishedSpans()
      .find((span: ReadableSpan) => span.spanContext().spanId === recordSpanId);
    expect(server).toBeDefined();
    expect(server!.name).toBe('POST /complaints');
    expect(server!.spanContext().traceId).toBe(traceId);
    expect(server!.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(server!.attributes['http.response.status_code']).toBe(201);
    expect(server!.attributes['http.route']).toBe('/complaints');
  });

  it('starts a trace for a registration that comes without one', async () => {
    const res = await register();
    const record = await registeredRecord(res.body.complaintId);
    const [, traceId, spanId] = TRACEPARENT.exec(record.headers.traceparent ?? '') ?? [];
    const server = exporter
      .getFinishedSpans()
      .find((span: ReadableSpan) => span.spanContext().spanId === spanId);
    expect(server?.spanContext().traceId).toBe(traceId);
    expect(server?.parentSpanContext).toBeUndefined();
  });
});

describe('propagating only, nothing exported', () => {
  beforeAll(async () => {
    await currentTracing()?.shutdown();
    startTracing({ service: 'intake', env: {} });
  });

  it('invents no trace context for a registration without one', async () => {
    expect(currentTracing()?.exporting).toBe(false);
    const res = await register();
    const record = await registeredRecord(res.body.complaintId);
    expect(record.headers).not.toHaveProperty('traceparent');
    expect(record.json).not.toHaveProperty('traceparent');
  });

  it("still carries a caller's trace context on to the event", async () => {
    const traceId = hex(16);
    const res = await register(`00-${traceId}-${hex(8)}-01`);
    const record = await registeredRecord(res.body.complaintId);
    expect(TRACEPARENT.exec(record.headers.traceparent ?? '')?.[1]).toBe(traceId);
  });
});

describe('without tracing started', () => {
  beforeAll(async () => {
    await currentTracing()?.shutdown();
  });

  it('registers as before, with no trace headers on the record', async () => {
    const res = await register(`00-${hex(16)}-${hex(8)}-01`);
    const record = await registeredRecord(res.body.complaintId);
    expect(record.headers).not.toHaveProperty('traceparent');
    expect(record.headers).not.toHaveProperty('tracestate');
  });
});
