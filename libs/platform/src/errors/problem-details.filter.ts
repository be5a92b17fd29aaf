import type { IncomingMessage, ServerResponse } from 'node:http';
import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  currentCorrelationId,
  ensureCorrelationId,
  type CorrelatedRequest,
} from '../logging/correlation-id';
import { PROBLEM_CONTENT_TYPE, validationProblem } from './problem';
import { toProblem } from './to-problem';

interface ErrorLog {
  error(obj: object, msg: string): void;
}

/** What a filter may be handed: Fastify's request and reply, or (from a Nest middleware) Node's. */
type AnyRequest = FastifyRequest | IncomingMessage;
type AnyReply = FastifyReply | ServerResponse;

const fallbackLog = new Logger('ProblemDetailsFilter');

/**
 * The one place where errors become HTTP answers (STYLE.md "Errors"): every exception, from a
 * guard, a pipe, a controller, a use case or the body parser, leaves as application/problem+json.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    answerProblem(exception, http.getRequest<AnyRequest>(), http.getResponse<AnyReply>());
  }
}

/**
 * What Fastify's router refuses before any hook runs (a path parameter that does not decode),
 * answered like the same refusal anywhere else: Fastify's `frameworkErrors`.
 */
export function answerFrameworkError(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  ensureCorrelationId(request.raw, reply.raw);
  const exception =
    error.code === 'FST_ERR_BAD_URL'
      ? validationProblem([{ field: 'path', message: 'is not valid percent-encoded UTF-8' }])
      : error;
  answerProblem(exception, request, reply);
}

function answerProblem(exception: unknown, req: AnyRequest, res: AnyReply): void {
  const raw = rawRequestOf(req);
  const correlationId = (raw as CorrelatedRequest).correlationId ?? currentCorrelationId();
  const { problem, unexpected, headers } = toProblem(exception, {
    instance: pathOf(raw),
    ...(correlationId !== undefined ? { correlationId } : {}),
  });

  if (unexpected) logUnexpected(raw, exception, correlationId);
  const rawRes = 'raw' in res ? res.raw : res;
  if (rawRes.headersSent) {
    // The answer has begun; all that is left is to stop it so the client sees a broken reply.
    rawRes.destroy();
    return;
  }
  const answer: Record<string, string> = { ...headers };
  if (problem.status === 401 && headerOf(res, 'WWW-Authenticate') === undefined) {
    answer['WWW-Authenticate'] = 'Bearer';
  }
  answer['Content-Type'] = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;
  answer['Cache-Control'] = 'no-store';
  const body = JSON.stringify(problem);
  if ('raw' in res) {
    // Through Fastify, so its onSend and onResponse stages see the answer too.
    void res.code(problem.status).headers(answer).send(body);
    return;
  }
  for (const [name, value] of Object.entries(answer)) res.setHeader(name, value);
  res.statusCode = problem.status;
  res.end(body);
}

function logUnexpected(
  req: IncomingMessage,
  exception: unknown,
  correlationId: string | undefined,
): void {
  const requestLog = requestLogOf(req);
  if (requestLog !== undefined) {
    requestLog.error({ err: exception }, 'unexpected error while serving the request');
    return;
  }
  const stack = exception instanceof Error ? exception.stack : String(exception);
  fallbackLog.error(
    `unexpected error while serving ${req.method} ${pathOf(req)} (correlation id ${correlationId ?? 'none'})`,
    stack,
  );
}

function rawRequestOf(req: AnyRequest): IncomingMessage {
  return 'raw' in req ? req.raw : req;
}

function headerOf(res: AnyReply, name: string): unknown {
  return 'raw' in res ? (res.getHeader(name) ?? res.raw.getHeader(name)) : res.getHeader(name);
}

/** The request path without its query string, which may carry codes or filters on people. */
export function pathOf(req: { originalUrl?: string; url?: string }): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** pino-http's request logger, present when the platform's HTTP logger saw the request. */
function requestLogOf(req: IncomingMessage): ErrorLog | undefined {
  const log: unknown = Reflect.get(req, 'log');
  if (
    typeof log === 'object' &&
    log !== null &&
    'error' in log &&
    typeof log.error === 'function'
  ) {
    return log as ErrorLog;
  }
  return undefined;
}
