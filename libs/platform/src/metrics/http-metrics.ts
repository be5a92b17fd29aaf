import type { IncomingMessage, ServerResponse } from 'node:http';
import { Histogram, type Registry } from 'prom-client';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

/** Requests that matched no route share one label value, so scanners cannot grow the series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Express middleware recording `http_request_duration_seconds{method,route,status}`. The route is
 * the matched pattern (`/complaints/:id`), read when the response finishes, never the raw URL.
 */
export function createHttpMetrics(
  registry: Registry,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const histogram = new Histogram({
    name: HTTP_DURATION_METRIC,
    help: 'Duration of HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return function httpMetrics(req, res, next): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe(
        {
          method: req.method ?? 'UNKNOWN',
          route: routeOf(req, res.statusCode),
          status: String(res.statusCode),
        },
        seconds,
      );
    });
    next();
  };
}

const WILDCARD = /\{?\*/;

/**
 * Express records the last route that matched on the request; its path is the pattern. Nest
 * mounts middleware as catch-all routes (`/{*path}`), so a 404 whose pattern is a wildcard is a
 * request that no handler matched.
 */
export function routeOf(req: IncomingMessage, status: number): string {
  const route: unknown = Reflect.get(req, 'route');
  const baseUrl: unknown = Reflect.get(req, 'baseUrl');
  if (typeof route !== 'object' || route === null || !('path' in route)) return UNMATCHED_ROUTE;
  const path = route.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  if (status === 404 && WILDCARD.test(path)) return UNMATCHED_ROUTE;
  return `${typeof baseUrl === 'string' ? baseUrl : ''}${path}`;
}
