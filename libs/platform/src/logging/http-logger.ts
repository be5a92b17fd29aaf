import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { ensureCorrelationId } from './correlation-id';

/** Probes and scrapes answer every few seconds; their access lines would drown the rest. */
const QUIET_PATHS = /^\/(?:health\/(?:live|ready)|metrics)\/?(?:\?|$)/;

/** Query parameters whose values are dropped from logged URLs (a tracking code, contacts). */
const SENSITIVE_QUERY_KEYS: ReadonlySet<string> = new Set([
  'code',
  'token',
  'access_token',
  'email',
  'phone',
  'name',
]);

/**
 * The access log: one line per request with method, route URL, status and duration; the
 * correlation id is bound to every line logged while serving it. Bodies are never logged.
 */
export function createHttpLogger(logger: Logger): HttpLogger<IncomingMessage, ServerResponse> {
  return pinoHttp({
    logger,
    genReqId: (req, res) => ensureCorrelationId(req, res),
    // Lines logged from inside a request carry just `correlationId`, not the whole request.
    quietReqLogger: true,
    // The access line adds the request itself (below), when it is written: a child logger bound
    // to the request would serialise and redact it for every request, even when the level
    // (e.g. `warn` in production) drops the line.
    quietResLogger: true,
    customSuccessObject: (req, _res, fields: object) => ({ req, ...fields }),
    customErrorObject: (req, _res, _error, fields: object) => ({ req, ...fields }),
    customAttributeKeys: { reqId: 'correlationId' },
    autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
    customLogLevel: (_req, res, error) => {
      if (error !== undefined || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    serializers: {
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: sanitizeUrl(req.url),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
}

/** Keeps the path and the parameter names; values of sensitive parameters are masked. */
export function sanitizeUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  const kept: string[] = [];
  for (const [key, value] of params) {
    const shown = SENSITIVE_QUERY_KEYS.has(key.toLowerCase())
      ? '[redacted]'
      : encodeURIComponent(value);
    kept.push(`${encodeURIComponent(key)}=${shown}`);
  }
  return `${url.slice(0, query)}?${kept.join('&')}`;
}
