import { context, propagation } from '@opentelemetry/api';
import type { EventMetadata } from './stored-event';

/** The W3C trace-context fields an event's metadata can carry. */
export interface TraceContextFields {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The active OpenTelemetry context as W3C `traceparent`/`tracestate`, through the globally
 * registered propagator. Without one (the API's no-op default: tracing not started) or without
 * an active span, nothing: an event never gets a trace context nobody started.
 */
export function activeTraceContext(): TraceContextFields {
  const carrier: TraceContextFields = {};
  propagation.inject(context.active(), carrier);
  const fields: TraceContextFields = {};
  if (typeof carrier.traceparent === 'string') fields.traceparent = carrier.traceparent;
  if (typeof carrier.tracestate === 'string') fields.tracestate = carrier.tracestate;
  return fields;
}

/** `meta` with the active trace context, unless the caller stated one. */
export function withActiveTraceContext(meta: EventMetadata): EventMetadata {
  if (meta.traceparent !== undefined) return meta;
  const fields = activeTraceContext();
  return fields.traceparent === undefined ? meta : { ...meta, ...fields };
}
