import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@redress/contracts';
import { isDatabaseUnavailable } from '@redress/event-store';
import {
  BLANK_PROBLEM_TYPE,
  MAX_FIELD_ERRORS,
  PROBLEM_TYPES,
  ProblemException,
  RESERVED_PROBLEM_MEMBERS,
  statusTitle,
  type FieldError,
  type ProblemDetails,
} from './problem';

/** Where the error happened: the request path and the request's correlation id. */
export interface ProblemContext {
  instance?: string;
  correlationId?: string;
}

export interface MappedProblem {
  problem: ProblemDetails;
  /** A server fault: log it with the error; the client only sees a generic detail. */
  unexpected: boolean;
  /** Response headers that go with the answer. */
  headers?: Record<string, string>;
}

/** STYLE.md "Errors": one table from a domain error's kind to its HTTP answer. */
export const DOMAIN_ERROR_STATUS: Readonly<
  Record<DomainErrorKind, { status: number; type: string; title: string }>
> = {
  not_found: { status: 404, type: PROBLEM_TYPES.notFound, title: 'Not found' },
  conflict: { status: 409, type: PROBLEM_TYPES.conflict, title: 'Conflict' },
  invalid_state: { status: 409, type: PROBLEM_TYPES.invalidState, title: 'Invalid state' },
  forbidden: { status: 403, type: PROBLEM_TYPES.forbidden, title: 'Forbidden' },
  validation: { status: 400, type: PROBLEM_TYPES.validation, title: 'Invalid request' },
  unprocessable: { status: 422, type: PROBLEM_TYPES.unprocessable, title: 'Unprocessable request' },
};

/** Seconds a client is asked to wait before trying again while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const GENERIC_DETAIL =
  'An unexpected error occurred. It has been logged; quote the correlation id when reporting it.';

/**
 * Maps anything thrown while serving a request to an RFC 9457 problem document. Only errors the
 * platform cannot classify become 500, and their message never reaches the client: it may hold
 * SQL, hosts or personal data.
 */
export function toProblem(exception: unknown, context: ProblemContext = {}): MappedProblem {
  if (exception instanceof ProblemException) {
    const { status, type, title, detail, errors, extensions, headers } = exception.problem;
    const mapped = expected(
      build(
        {
          status,
          type: type ?? BLANK_PROBLEM_TYPE,
          title: title ?? statusTitle(status),
          detail,
          errors,
          extensions,
        },
        context,
      ),
    );
    return headers === undefined ? mapped : { ...mapped, headers: { ...headers } };
  }

  if (exception instanceof DomainError) {
    const mapped = DOMAIN_ERROR_STATUS[exception.kind];
    return expected(
      build(
        {
          ...mapped,
          detail: exception.message,
          errors: exception.fieldErrors.length > 0 ? [...exception.fieldErrors] : undefined,
          extensions: { code: exception.name, ...exception.extensions },
        },
        context,
      ),
    );
  }

  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 500) return unexpected(context);
    return expected(
      build(
        {
          status,
          type: BLANK_PROBLEM_TYPE,
          title: statusTitle(status),
          detail: httpExceptionDetail(exception),
        },
        context,
      ),
    );
  }

  // An outage, not a fault of the request or of the code: the client may try again shortly.
  if (isDatabaseUnavailable(exception)) {
    return {
      ...expected(
        build(
          {
            status: 503,
            type: PROBLEM_TYPES.databaseUnavailable,
            title: 'Database unavailable',
            detail:
              'The database cannot be reached at the moment, so the request may not have been ' +
              'carried out. Try again shortly; repeat a write with the same Idempotency-Key.',
          },
          context,
        ),
      ),
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
    };
  }

  const fastifyError = asFastifyClientError(exception);
  if (fastifyError) return expected(build(fastifyError, context));

  const clientError = asExposedClientError(exception);
  if (clientError) {
    return expected(
      build(
        {
          status: clientError.status,
          type: BLANK_PROBLEM_TYPE,
          title: statusTitle(clientError.status),
          detail: clientError.message,
        },
        context,
      ),
    );
  }

  return unexpected(context);
}

interface ProblemParts {
  status: number;
  type: string;
  title: string;
  detail: string;
  errors?: FieldError[] | undefined;
  extensions?: Record<string, unknown> | undefined;
}

function build(parts: ProblemParts, context: ProblemContext): ProblemDetails {
  const problem: ProblemDetails = {
    type: parts.type,
    title: parts.title,
    status: parts.status,
    detail: parts.detail,
  };
  if (context.instance !== undefined) problem.instance = context.instance;
  if (context.correlationId !== undefined) problem.correlationId = context.correlationId;
  if (parts.errors !== undefined && parts.errors.length > 0) {
    problem.errors = parts.errors.slice(0, MAX_FIELD_ERRORS);
  }
  for (const [member, value] of Object.entries(parts.extensions ?? {})) {
    if (!RESERVED_PROBLEM_MEMBERS.has(member)) problem[member] = value;
  }
  return problem;
}

function expected(problem: ProblemDetails): MappedProblem {
  return { problem, unexpected: false };
}

function unexpected(context: ProblemContext): MappedProblem {
  return {
    problem: build(
      {
        status: 500,
        type: PROBLEM_TYPES.internal,
        title: statusTitle(500),
        detail: GENERIC_DETAIL,
      },
      context,
    ),
    unexpected: true,
  };
}

/** Nest's built-in exceptions carry `{ message: string | string[] }` or a plain string. */
function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const { message } = response;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.map(String).join('; ');
  }
  return exception.message;
}

/**
 * Errors made with the `http-errors` package (body-parser, raw-body, express) mark the ones whose
 * message is meant for the client with `expose: true`; those are client errors with a status.
 */
function asExposedClientError(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (!('expose' in error) || error.expose !== true) return undefined;
  const status =
    'status' in error && typeof error.status === 'number'
      ? error.status
      : 'statusCode' in error && typeof error.statusCode === 'number'
        ? error.statusCode
        : undefined;
  if (status === undefined || status < 400 || status > 499) return undefined;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  return { status, message: message || statusTitle(status) };
}

/**
 * Fastify's own refusals of a request (`FST_…` codes with a 4xx `statusCode`) as they reach
 * `answerFrameworkError` (a parameter past the router's length, …): the client's fault, never
 * a 500. (Through Nest's error handler they arrive as an `HttpException` of the same status.)
 */
function asFastifyClientError(error: unknown): ProblemParts | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  const status =
    'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;
  if (!code.startsWith('FST_') || status === undefined || status < 400 || status > 499) {
    return undefined;
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      detail: 'Content-Type: is not a media type the service reads',
      errors: [{ field: 'Content-Type', message: 'must be application/json' }],
    };
  }
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  return {
    status,
    type: status === 400 ? PROBLEM_TYPES.validation : BLANK_PROBLEM_TYPE,
    title: statusTitle(status),
    detail: message || statusTitle(status),
  };
}
