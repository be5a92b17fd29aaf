import { randomBytes } from 'node:crypto';
import { FixedClock } from '@redress/business-time';
import { TOPICS } from '@redress/contracts';
import {
  InMemorySpanExporter,
  currentTracing,
  startTracing,
  type ReadableSpan,
} from '@redress/platform';
import { uniqueName, type TopicReader } from '@redress/testing';
import { Upstream, registered } from './inbound';
import { of, startTriageFromNow, type RunningTriage } from './triage-app';

jest.setTimeout(60_000);

// Monday 23 November 2026, 10:00 in Shanghai: a working day.
const clock = new FixedClock('2026-11-23T02:00:00.000Z');
const upstream = new Upstream();
const exporter = new InMemorySpanExporter();
let triage: RunningTriage | undefined;
let reader: TopicReader | undefined;

beforeAll(async () => {
  startTracing({ service: 'triage', exporter, env: {} });
  ({ triage, reader } = await startTriageFromNow(clock, uniqueName('triage-tracing')));
}, 120_000);

afterAll(async () => {
  await triage?.app.close();
  await reader?.stop();
  await upstream.close();
  await currentTracing()?.shutdown();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('one trace from intake through triage', () => {
  it("handles ComplaintRegistered in a consumer span of intake's trace and publishes ComplaintTriaged in it", async () => {
    const traceId = hex(16);
    const intakeSpanId = hex(8);
    const event = {
      ...registered({ registeredAt: clock.now().toISOString() }),
      traceparent: `00-${traceId}-${intakeSpanId}-01`,
    };
    const id = event.data.complaintId;
    await upstream.publish(TOPICS.intake, [event]);

    const [triaged] = await reader!.waitForMessages(of(id, 'ComplaintTriaged'));
    const [, triagedTraceId, triagedSpanId] =
      TRACEPARENT.exec(triaged!.headers.traceparent ?? '') ?? [];
    expect(triagedTraceId).toBe(traceId);
    expect((triaged!.json as { traceparent?: string }).traceparent).toBe(
      triaged!.headers.traceparent,
    );

    // Recorded inside triage's consumer span, whose parent is the span intake recorded it in.
    const consumer = exporter
      .getFinishedSpans()
      .find((span: ReadableSpan) => span.spanContext().spanId === triagedSpanId);
    expect(consumer).toBeDefined();
    expect(consumer!.name).toBe('process ComplaintRegistered');
    expect(consumer!.spanContext().traceId).toBe(traceId);
    expect(consumer!.parentSpanContext?.spanId).toBe(intakeSpanId);
    expect(consumer!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': TOPICS.intake,
      'cloudevents.event_type': 'ComplaintRegistered',
      'cloudevents.event_id': event.id,
      'redress.complaint.id': id,
    });
  });
});
