import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { toStoredEvent, toStoredMetadata, type EventMetadata } from './stored-event';
import { activeTraceContext, withActiveTraceContext } from './trace-context';

const meta: EventMetadata = {
  source: '/redress/intake',
  correlationId: 'c-1',
  actor: { type: 'system', id: 'redress' },
};

describe('the trace context of appended events', () => {
  it('is absent while tracing is not started (the API is a no-op)', () => {
    expect(activeTraceContext()).toEqual({});
    expect(withActiveTraceContext(meta)).toBe(meta);
  });

  describe('with tracing started', () => {
    const provider = new TracerProvider();

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

    it('is taken from the active span', () => {
      const span = trace.getTracer('test').startSpan('register');
      const fields = context.with(trace.setSpan(context.active(), span), () =>
        withActiveTraceContext(meta),
      );
      span.end();
      const { traceId, spanId } = span.spanContext();
      expect(fields.traceparent).toBe(`00-${traceId}-${spanId}-01`);
      expect(toStoredMetadata(fields)).toMatchObject({ traceparent: fields.traceparent });
    });

    it('is none outside any span', () => {
      expect(withActiveTraceContext(meta)).toBe(meta);
    });

    it("keeps the caller's own trace context", () => {
      const own = {
        ...meta,
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
      };
      const span = trace.getTracer('test').startSpan('register');
      const fields = context.with(trace.setSpan(context.active(), span), () =>
        withActiveTraceContext(own),
      );
      span.end();
      expect(fields).toBe(own);
    });
  });

  it('is read back from the stored metadata', () => {
    const event = toStoredEvent({
      position: '1',
      transaction_id: '9',
      event_id: '0b7e6f0e-0a4b-4b8e-9f3e-52f1c2f0d7aa',
      stream_id: 'complaint-1',
      stream_version: 1,
      type: 'ComplaintRegistered',
      schema_version: 1,
      data: {},
      metadata: {
        source: '/redress/intake',
        correlationid: 'c-1',
        authtype: 'system',
        authid: 'redress',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        tracestate: 'redress=1',
      },
      recorded_at: new Date('2025-05-05T05:05:05Z'),
    });
    expect(event.metadata).toMatchObject({
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'redress=1',
    });
  });
});
