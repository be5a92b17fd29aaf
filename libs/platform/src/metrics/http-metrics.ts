import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

/** Requests that matched no route share one label value, so scanners cannot grow the series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** A Fastify `onRequest` hook. */
export type HttpMetricsHook = (
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) => void;

/**
 * Fastify `onRequest` hook recording `http_request_duration_seconds{method,route,status}`. The
 * route is the matched pattern (`/complaints/:id`), read when the response finishes, never the
 * raw URL.
 */
export function createHttpMetrics(registry: Registry): HttpMetricsHook {
  const histogram = new Histogram({
    name: HTTP_DURATION_METRIC,
    help: 'Duration of HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return function httpMetrics(request, reply, done): void {
    const started = process.hrtime.bigint();
    const res = reply.raw;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe(
        {
          method: request.method,
          route: routeOf(request),
          status: String(res.statusCode),
        },
        seconds,
      );
    });
    done();
  };
}

/**
 * The pattern of the route the router matched (`/complaints/:id`), kept for any status the
 * handler answers; a request no route matched (Fastify's not-found handler) is `unmatched`.
 */
export function routeOf(request: Pick<FastifyRequest, 'routeOptions' | 'is404'>): string {
  const url: unknown = request.routeOptions.url;
  return request.is404 || typeof url !== 'string' ? UNMATCHED_ROUTE : url;
}
