import { context, propagation, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { CloudEvent } from '@redress/contracts';
import { cloudEvent } from '@redress/testing';
import { toRecord } from './event-publisher';
import {
  inConsumerSpan,
  inRecordSpans,
  recordTraceContext,
  setTraceRoots,
  traceHeadersOf,
  type ConsumedRecord,
} from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

function event(extra: Partial<CloudEvent> = {}): CloudEvent {
  return { ...cloudEvent('/redress/intake', 'ComplaintRegistered', 'complaint-1', {}), ...extra };
}

const consumed: ConsumedRecord = {
  topic: 'complaints.intake.v1',
  partition: 2,
  offset: '41',
  groupId: 'triage',
  eventType: 'ComplaintRegistered',
  eventId: 'e-1',
  complaintId: 'complaint-1',
};

describe('the trace context on a record', () => {
  it("puts the envelope's traceparent and tracestate in the W3C headers", () => {
    const record = toRecord(event({ traceparent: TRACEPARENT, tracestate: 'redress=1' }));
    expect(record.headers).toMatchObject({ traceparent: TRACEPARENT, tracestate: 'redress=1' });
    expect(JSON.parse(record.value.toString('utf8'))).toMatchObject({ traceparent: TRACEPARENT });
  });

  it('adds no trace header to an event recorded outside any trace', () => {
    expect(Object.keys(toRecord(event()).headers)).toEqual(['content-type', 'ce_id', 'ce_type']);
    expect(traceHeadersOf({ tracestate: 'redress=1' })).toEqual({});
  });
});

describe('with tracing registered', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  beforeEach(() => {
    exporter.reset();
    setTraceRoots(false);
  });

  const spanContextOf = (ctx: Context | undefined) =>
    ctx === undefined ? undefined : trace.getSpanContext(ctx);

  it('reads the context from the headers first, then from the envelope', () => {
    const other = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
    expect(
      spanContextOf(recordTraceContext({ traceparent: TRACEPARENT }, { traceparent: other })),
    ).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
    expect(spanContextOf(recordTraceContext({}, { traceparent: other }))?.traceId).toBe(
      '1'.repeat(32),
    );
    expect(
      recordTraceContext({ traceparent: 'garbage' }, { traceparent: 'nonsense' }),
    ).toBeUndefined();
    expect(recordTraceContext({}, null)).toBeUndefined();
  });

  it("runs the handler in a CONSUMER span, a child of the record's context", async () => {
    const parent = recordTraceContext({ traceparent: TRACEPARENT }, undefined);
    const active = await inConsumerSpan(consumed, parent, async () =>
      trace.getActiveSpan()?.spanContext(),
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('process ComplaintRegistered');
    expect(span?.spanContext()).toEqual(active);
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(SPAN_ID);
    expect(span?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'complaints.intake.v1',
      'messaging.consumer.group.name': 'triage',
      'cloudevents.event_id': 'e-1',
      'redress.complaint.id': 'complaint-1',
    });
  });

  it('marks the span of a failing handler as an error and rethrows', async () => {
    const parent = recordTraceContext({ traceparent: TRACEPARENT }, undefined);
    await expect(
      inConsumerSpan(consumed, parent, () => Promise.reject(new TypeError('bad'))),
    ).rejects.toThrow('bad');
    expect(exporter.getFinishedSpans()[0]?.status).toEqual({ code: 2, message: 'TypeError' });
  });

  it('handles a record without a context outside any span, unless roots are started', async () => {
    expect(
      await inConsumerSpan(consumed, undefined, async () => trace.getActiveSpan()),
    ).toBeUndefined();
    expect(exporter.getFinishedSpans()).toHaveLength(0);

    setTraceRoots(true);
    const root = await inConsumerSpan(consumed, undefined, async () => trace.getActiveSpan());
    expect(root).toBeDefined();
    expect(exporter.getFinishedSpans()[0]?.parentSpanContext).toBeUndefined();
  });

  it('gives each record of a batch that has a context a child span of it, and the others none', async () => {
    const second = `00-${'3'.repeat(32)}-${'4'.repeat(16)}-01`;
    await inRecordSpans(
      [
        { record: consumed, parent: recordTraceContext({ traceparent: TRACEPARENT }, undefined) },
        { record: { ...consumed, offset: '42' }, parent: undefined },
        {
          record: { ...consumed, offset: '43' },
          parent: recordTraceContext({}, { traceparent: second }),
        },
      ],
      async () => undefined,
    );
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.spanContext().traceId).sort()).toEqual(['3'.repeat(32), TRACE_ID]);
    expect(spans.map((s) => s.parentSpanContext?.spanId).sort()).toEqual([SPAN_ID, '4'.repeat(16)]);
  });
});
