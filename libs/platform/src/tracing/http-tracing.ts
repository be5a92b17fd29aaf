import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { CorrelatedRequest } from '../logging/correlation-id';
import { UNMATCHED_ROUTE, routeOf } from '../metrics/http-metrics';
import { currentTracing } from './tracing';

const TRACER_NAME = '@redress/platform';

/**
 * Fastify `onRequest` hook: a SERVER span per request, a child of the caller's `traceparent` (W3C
 * trace context) when it sent one, active while the request is served, so the events a command
 * appends carry its trace context. Named `METHOD route` (the matched pattern, never the raw URL,
 * which may hold personal data) once the response is done; 5xx responses mark it as an error.
 *
 * Without tracing started it does nothing; when spans are not exported, a request without a
 * `traceparent` gets no span (no trace is invented), one with it a span only to carry it on.
 */
export function httpTracingHook(
  request: FastifyRequest,
  reply: FastifyReply,
  next: HookHandlerDoneFunction,
): void {
  const tracing = currentTracing();
  if (tracing === undefined) return next();
  const req = request.raw;
  const res = reply.raw;
  const parent =
    req.headers.traceparent === undefined
      ? ROOT_CONTEXT
      : propagation.extract(ROOT_CONTEXT, req.headers);
  if (!tracing.exporting && trace.getSpanContext(parent) === undefined) return next();
  const method = req.method ?? 'UNKNOWN';
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } },
      parent,
    );
  const correlationId = (req as CorrelatedRequest).correlationId;
  if (correlationId !== undefined) span.setAttribute('redress.correlation_id', correlationId);
  res.once('close', () => {
    const status = res.statusCode;
    const route = routeOf(request);
    if (route !== UNMATCHED_ROUTE) {
      span.updateName(`${method} ${route}`);
      span.setAttribute(ATTR_HTTP_ROUTE, route);
    }
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (!res.writableFinished) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: 'connection closed before the response ended',
      });
    } else if (status >= 500) {
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  });
  context.with(trace.setSpan(parent, span), () => next());
}
