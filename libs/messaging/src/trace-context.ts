import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/**
 * W3C trace-context header names, on Kafka records as on HTTP requests; the CloudEvents
 * distributed-tracing extension gives the envelope attributes the same names.
 */
export const TRACE_HEADERS = { parent: 'traceparent', state: 'tracestate' } as const;

const TRACER_NAME = '@redress/messaging';

/** The record headers that carry an event's trace context: none when it was recorded in none. */
export function traceHeadersOf(event: {
  traceparent?: unknown;
  tracestate?: unknown;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof event.traceparent !== 'string' || event.traceparent === '') return headers;
  headers[TRACE_HEADERS.parent] = event.traceparent;
  if (typeof event.tracestate === 'string' && event.tracestate !== '') {
    headers[TRACE_HEADERS.state] = event.tracestate;
  }
  return headers;
}

let startsRoots = false;

/**
 * Whether a consumer starts a new trace for a record that carries none. The platform turns it on
 * when spans are exported; off (the default) a record without a trace context is handled
 * outside any span, so what it causes gets none either: no trace context is ever invented.
 */
export function setTraceRoots(enabled: boolean): void {
  startsRoots = enabled;
}

/**
 * The context a record was produced in: from its `traceparent`/`tracestate` headers, else from
 * the envelope's attributes of the same names (a record copied by a tool that dropped headers).
 * Undefined when neither holds a valid one, or no propagator is registered (tracing not started).
 */
export function recordTraceContext(
  headers: Readonly<Record<string, string>>,
  envelope: unknown,
): Context | undefined {
  if (headers[TRACE_HEADERS.parent] !== undefined) {
    const fromHeaders = propagation.extract(ROOT_CONTEXT, headers);
    if (trace.getSpanContext(fromHeaders) !== undefined) return fromHeaders;
  }
  if (typeof envelope !== 'object' || envelope === null) return undefined;
  const carrier = traceHeadersOf(envelope as { traceparent?: unknown; tracestate?: unknown });
  if (carrier[TRACE_HEADERS.parent] === undefined) return undefined;
  const fromEnvelope = propagation.extract(ROOT_CONTEXT, carrier);
  return trace.getSpanContext(fromEnvelope) !== undefined ? fromEnvelope : undefined;
}

/** Where a record was read and what it holds, for its consumer span's attributes. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  eventType: string;
  eventId?: string;
  /** The complaint id (the envelope's subject, the record's key). */
  complaintId?: string;
}

/** The OpenTelemetry messaging conventions' attributes, plus the event's own. */
function consumerAttributes(record: ConsumedRecord): Attributes {
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': record.topic,
    'messaging.destination.partition.id': String(record.partition),
    'messaging.kafka.offset': Number(record.offset),
    'messaging.consumer.group.name': record.groupId,
    'cloudevents.event_type': record.eventType,
  };
  if (record.eventId !== undefined) {
    attributes['messaging.message.id'] = record.eventId;
    attributes['cloudevents.event_id'] = record.eventId;
  }
  if (record.complaintId !== undefined) attributes['redress.complaint.id'] = record.complaintId;
  return attributes;
}

/** Starts `process <EventType>`, a CONSUMER span, as a child of `parent` (or a new trace). */
function startConsumerSpan(record: ConsumedRecord, parent: Context | undefined): Span {
  return trace
    .getTracer(TRACER_NAME)
    .startSpan(
      `process ${record.eventType}`,
      { kind: SpanKind.CONSUMER, attributes: consumerAttributes(record) },
      parent ?? ROOT_CONTEXT,
    );
}

function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.name : typeof error,
    });
  }
  span.end();
}

/**
 * Runs `work` (one record's handler) inside a CONSUMER span whose parent is the record's trace
 * context, so whatever the handler appends carries the same trace id. A record without a context
 * runs in a new trace when `setTraceRoots(true)`, outside any span otherwise.
 */
export async function inConsumerSpan<T>(
  record: ConsumedRecord,
  parent: Context | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (parent === undefined && !startsRoots) return work();
  const span = startConsumerSpan(record, parent);
  try {
    const result = await context.with(trace.setSpan(parent ?? ROOT_CONTEXT, span), work);
    endSpan(span);
    return result;
  } catch (error: unknown) {
    endSpan(span, error);
    throw error;
  }
}

/**
 * Gives every record of a batch that carries a trace context a span of its own, a child of that
 * context, lasting as long as `work` (the batch's transaction); records without one get none.
 * OpenTelemetry's convention for batches is one span linked to each record's context, but then
 * the processing would not appear in the complaint's trace: a child span per record keeps one
 * complaint's path from intake to analytics in one trace, and costs next to nothing when the
 * trace is not sampled (a non-recording span).
 */
export async function inRecordSpans<T>(
  records: ReadonlyArray<{ record: ConsumedRecord; parent: Context | undefined }>,
  work: () => Promise<T>,
): Promise<T> {
  const spans: Span[] = [];
  for (const { record, parent } of records) {
    if (parent !== undefined) spans.push(startConsumerSpan(record, parent));
  }
  if (spans.length === 0) return work();
  try {
    const result = await work();
    for (const span of spans) endSpan(span);
    return result;
  } catch (error: unknown) {
    for (const span of spans) endSpan(span, error);
    throw error;
  }
}
