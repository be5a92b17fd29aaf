import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/**
 * A caller's id is kept when it is a UUID or up to 64 characters that are safe in a header, a log
 * line and a CloudEvents attribute; anything else is replaced, never rejected.
 */
const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_CORRELATION_ID.test(value);
}

interface CorrelationScope {
  correlationId: string;
}

const scope = new AsyncLocalStorage<CorrelationScope>();

/** A request that has been given its correlation id. */
export interface CorrelatedRequest extends IncomingMessage {
  correlationId?: string;
}

/**
 * The correlation id of the work in progress: the HTTP request being served, or whatever a
 * consumer wrapped in `CorrelationId.run` (e.g. the `correlationid` of the event it handles), so
 * the events it causes carry the same id.
 */
export const CorrelationId = {
  header: CORRELATION_ID_HEADER,
  current(): string | undefined {
    return scope.getStore()?.correlationId;
  },
  run<T>(correlationId: string, work: () => T): T {
    return scope.run({ correlationId }, work);
  },
  generate(): string {
    return randomUUID();
  },
} as const;

export function currentCorrelationId(): string | undefined {
  return CorrelationId.current();
}

/**
 * Gives the request its correlation id once (the caller's when valid, a new UUID otherwise) and
 * echoes it in the response header. Idempotent, so the HTTP logger and the middleware agree.
 */
export function ensureCorrelationId(req: IncomingMessage, res?: ServerResponse): string {
  const request = req as CorrelatedRequest;
  if (request.correlationId !== undefined) return request.correlationId;
  const offered = req.headers[CORRELATION_ID_HEADER.toLowerCase()];
  const correlationId = isValidCorrelationId(offered) ? offered : randomUUID();
  request.correlationId = correlationId;
  if (res !== undefined && !res.headersSent) res.setHeader(CORRELATION_ID_HEADER, correlationId);
  return correlationId;
}

/** Express middleware: runs the rest of the request inside its correlation scope. */
export function correlationIdMiddleware(
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const correlationId = ensureCorrelationId(req, res);
  scope.run({ correlationId }, () => next());
}
