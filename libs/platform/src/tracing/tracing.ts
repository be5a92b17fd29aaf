import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { setTraceRoots } from '@redress/messaging';
import { ConfigError } from '../config/config-error';

export interface TracingOptions {
  /** The service's name; `OTEL_SERVICE_NAME` (or `OTEL_RESOURCE_ATTRIBUTES`) overrides it. */
  service: string;
  /** The standard `OTEL_*` variables are read from here; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where spans go instead of the OTLP exporter (tests: an `InMemorySpanExporter`). Spans are
   * handed over one by one as they end, not in batches.
   */
  exporter?: SpanExporter;
}

/** Process-wide tracing as `startTracing` set it up. */
export interface Tracing {
  readonly service: string;
  /** Spans leave the process (an OTLP endpoint or an exporter is configured). */
  readonly exporting: boolean;
  /** Hands the spans ended so far to the exporter. */
  forceFlush(): Promise<void>;
  /** Flushes, then unregisters everything: context no longer propagates. */
  shutdown(): Promise<void>;
}

export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

let current: Tracing | undefined;

/** The tracing `startTracing` set up, or undefined (not started, or `OTEL_SDK_DISABLED`). */
export function currentTracing(): Tracing | undefined {
  return current;
}

/**
 * Sets up OpenTelemetry tracing for the process, once (a second call returns the first setup):
 *
 * - always, so a trace context received in a `traceparent` (HTTP header, Kafka header, event
 *   envelope) propagates to the events appended while handling it even when nothing is exported:
 *   the AsyncLocalStorage context manager, the W3C trace-context propagator and a tracer provider;
 * - spans are exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 *   `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set and `OTEL_TRACES_EXPORTER` is not `none`, or to
 *   `options.exporter`; only then do requests and records without a trace context start one;
 * - sampling by `OTEL_TRACES_SAMPLER` (default `parentbased_traceidratio`) with the ratio
 *   `OTEL_TRACES_SAMPLER_ARG` (default 1): a child follows its parent's decision.
 *
 * `OTEL_SDK_DISABLED=true` registers nothing. A malformed variable throws a `ConfigError` naming it.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (current !== undefined) return current;
  const env = options.env ?? process.env;
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const sampler = samplerOf(env);
  const exporter = options.exporter ?? otlpExporterOf(env);
  const processors: SpanProcessor[] = [];
  if (options.exporter !== undefined) {
    processors.push(new SimpleSpanProcessor({ exporter: options.exporter }));
  } else if (exporter !== undefined) {
    processors.push(new BatchSpanProcessor({ exporter }));
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }).merge(
      detectResources({ detectors: [envDetector] }),
    ),
    sampler,
    spanProcessors: processors,
  });
  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const exporting = processors.length > 0;
  setTraceRoots(exporting);
  const tracing: Tracing = {
    service: options.service,
    exporting,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      if (current !== tracing) return;
      current = undefined;
      setTraceRoots(false);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
  current = tracing;
  return tracing;
}

function otlpExporterOf(
  env: Readonly<Record<string, string | undefined>>,
): SpanExporter | undefined {
  const kind = (env.OTEL_TRACES_EXPORTER ?? 'otlp').trim().toLowerCase();
  if (kind === 'none') return undefined;
  if (kind !== 'otlp') {
    throw new ConfigError(['OTEL_TRACES_EXPORTER: must be otlp or none']);
  }
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const general = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const variable = specific ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const endpoint = specific || general;
  if (!endpoint) return undefined;
  if (!isHttpUrl(endpoint)) throw new ConfigError([`${variable}: must be an http(s) URL`]);
  // As the specification says: the signal's own endpoint is used as it is, the general one gets
  // the traces path. Headers, timeout and certificates come from the other OTEL_EXPORTER_OTLP_*.
  const url = specific ? endpoint : `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  return new OTLPTraceExporter({ url });
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

/** `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`, as the OpenTelemetry specification names them. */
export function samplerOf(env: Readonly<Record<string, string | undefined>>): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? 'parentbased_traceidratio').trim().toLowerCase();
  const ratio = ratioOf(env.OTEL_TRACES_SAMPLER_ARG);
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      throw new ConfigError([`OTEL_TRACES_SAMPLER: must be one of ${SAMPLERS.join(', ')}`]);
  }
}

function ratioOf(arg: string | undefined): number {
  if (arg === undefined || arg.trim() === '') return 1;
  const ratio = Number(arg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new ConfigError(['OTEL_TRACES_SAMPLER_ARG: must be a ratio from 0 to 1']);
  }
  return ratio;
}
