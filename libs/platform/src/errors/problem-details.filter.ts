import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentCorrelationId, type CorrelatedRequest } from '../logging/correlation-id';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

interface ErrorLog {
  error(obj: object, msg: string): void;
}

/**
 * The one place where errors become HTTP answers (STYLE.md "Errors"): every exception, from a
 * guard, a pipe, a controller, a use case or the body parser, leaves as application/problem+json.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly fallbackLog = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const correlationId = (req as CorrelatedRequest).correlationId ?? currentCorrelationId();
    const { problem, unexpected, headers } = toProblem(exception, {
      instance: pathOf(req),
      ...(correlationId !== undefined ? { correlationId } : {}),
    });

    if (unexpected) this.logUnexpected(req, exception, correlationId);
    if (res.headersSent) {
      // The answer has begun; all that is left is to stop it so the client sees a broken reply.
      res.destroy();
      return;
    }
    if (problem.status === 401 && res.getHeader('WWW-Authenticate') === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer');
    }
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    res.status(problem.status);
    res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(problem));
  }

  private logUnexpected(req: Request, exception: unknown, correlationId: string | undefined): void {
    const requestLog = requestLogOf(req);
    if (requestLog !== undefined) {
      requestLog.error({ err: exception }, 'unexpected error while serving the request');
      return;
    }
    const stack = exception instanceof Error ? exception.stack : String(exception);
    this.fallbackLog.error(
      `unexpected error while serving ${req.method} ${pathOf(req)} (correlation id ${correlationId ?? 'none'})`,
      stack,
    );
  }
}

/** The request path without its query string, which may carry codes or filters on people. */
export function pathOf(req: { originalUrl?: string; url?: string }): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** pino-http's request logger, present when the platform's HTTP logger saw the request. */
function requestLogOf(req: Request): ErrorLog | undefined {
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
