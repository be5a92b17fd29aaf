import { context, propagation, trace } from '@opentelemetry/api';
import { ConfigError } from '../config/config-error';
import { createLogger } from '../logging/logger';
import { currentTracing, samplerOf, startTracing } from './tracing';

afterEach(async () => {
  await currentTracing()?.shutdown();
});

describe('samplerOf', () => {
  it('samples parent-based by trace id ratio, every trace unless OTEL_TRACES_SAMPLER_ARG says less', () => {
    expect(samplerOf({}).toString()).toBe(
      'ParentBased{root=TraceIdRatioBased{1}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
    );
    expect(samplerOf({ OTEL_TRACES_SAMPLER_ARG: '0.25' }).toString()).toMatch(
      /^ParentBased\{root=TraceIdRatioBased\{0.25\}/,
    );
    expect(samplerOf({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toBe('AlwaysOffSampler');
  });

  it('refuses an unknown sampler or a ratio outside 0..1, naming the variable', () => {
    expect(() => samplerOf({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(ConfigError);
    expect(() => samplerOf({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER:/);
    expect(() => samplerOf({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
    expect(() => samplerOf({ OTEL_TRACES_SAMPLER_ARG: 'half' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});

describe('startTracing', () => {
  it('propagates without exporting when no OTLP endpoint is set', () => {
    const tracing = startTracing({ service: 'triage', env: {} });
    expect(tracing?.exporting).toBe(false);
    expect(propagation.fields()).toEqual(['traceparent', 'tracestate']);
    expect(startTracing({ service: 'other', env: {} })).toBe(tracing);
  });

  it('exports over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
    const tracing = startTracing({
      service: 'triage',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
    });
    expect(tracing?.exporting).toBe(true);
  });

  it('exports nothing with OTEL_TRACES_EXPORTER=none, and registers nothing with OTEL_SDK_DISABLED', () => {
    const none = startTracing({
      service: 'triage',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' },
    });
    expect(none?.exporting).toBe(false);
    return none!.shutdown().then(() => {
      expect(
        startTracing({ service: 'triage', env: { OTEL_SDK_DISABLED: 'true' } }),
      ).toBeUndefined();
      expect(propagation.fields()).toEqual([]);
    });
  });

  it('refuses a malformed endpoint or exporter, naming the variable', () => {
    expect(() =>
      startTracing({ service: 'triage', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' } }),
    ).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() =>
      startTracing({ service: 'triage', env: { OTEL_TRACES_EXPORTER: 'zipkin' } }),
    ).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('gives log lines written inside a span its traceId and spanId, and others none', () => {
    startTracing({ service: 'triage', env: {} });
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('triage', 'info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const span = trace.getTracer('test').startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    span.end();
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    });
    expect(lines[1]).not.toHaveProperty('traceId');
  });
});
