import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';

/** RFC 9457 media type of every error answer. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One rejected input: a dotted path into the body (`customer.phone`, `attachments.0.sha256`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The members of a problem document that the platform writes. Extensions ride alongside. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * Problem types are URNs rather than URLs: stable identifiers that clients branch on, with no host
 * that would have to serve a page. `about:blank` (RFC 9457 §4.2.1) is used for plain HTTP errors,
 * whose title is then the status phrase.
 */
export const PROBLEM_TYPES = {
  validation: 'urn:redress:problem:validation',
  malformedJson: 'urn:redress:problem:malformed-json',
  payloadTooLarge: 'urn:redress:problem:payload-too-large',
  unsupportedMediaType: 'urn:redress:problem:unsupported-media-type',
  unauthorized: 'urn:redress:problem:unauthorized',
  forbidden: 'urn:redress:problem:forbidden',
  notFound: 'urn:redress:problem:not-found',
  conflict: 'urn:redress:problem:conflict',
  invalidState: 'urn:redress:problem:invalid-state',
  unprocessable: 'urn:redress:problem:unprocessable',
  internal: 'urn:redress:problem:internal',
  identityProviderUnavailable: 'urn:redress:problem:identity-provider-unavailable',
  notReady: 'urn:redress:problem:not-ready',
  databaseUnavailable: 'urn:redress:problem:database-unavailable',
  rateLimited: 'urn:redress:problem:rate-limited',
} as const;

export const BLANK_PROBLEM_TYPE = 'about:blank';

/** The members the platform owns; an extension may not overwrite them. */
export const RESERVED_PROBLEM_MEMBERS: ReadonlySet<string> = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'correlationId',
  'errors',
]);

export interface ProblemInit {
  status: number;
  type?: string;
  title?: string;
  detail: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  /** Response headers that go with the answer, e.g. `Retry-After`. */
  headers?: Record<string, string>;
}

/**
 * An HTTP error that already knows its problem document. The filter renders it as given, so
 * platform code (auth, body parsing, readiness) and services can answer with a precise type.
 */
export class ProblemException extends HttpException {
  readonly problem: Readonly<ProblemInit>;

  constructor(problem: ProblemInit) {
    super(problem.detail, problem.status);
    this.name = 'ProblemException';
    this.problem = problem;
  }
}

/** RFC 9110 reason phrase, the title of an `about:blank` problem. */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * A problem document lists at most this many field errors (the first ones found), and says how
 * many it left out: a body with 20,000 bad members gets a readable answer of a few kilobytes.
 */
export const MAX_FIELD_ERRORS = 50;

export function validationProblem(errors: FieldError[]): ProblemException {
  return new ProblemException({
    status: 400,
    type: PROBLEM_TYPES.validation,
    title: 'Invalid request',
    detail: describeFieldErrors(errors) || 'the request is not valid',
    errors,
  });
}

/** `field: message; …` for the first `MAX_FIELD_ERRORS` errors, then how many more there are. */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  const listed = errors
    .slice(0, MAX_FIELD_ERRORS)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
  const more = errors.length - MAX_FIELD_ERRORS;
  return more > 0 ? `${listed}; and ${more} more` : listed;
}

/** 401: the bearer token in the Authorization header is missing or not valid. */
export function unauthorizedProblem(detail: string): ProblemException {
  return new ProblemException({
    status: 401,
    type: PROBLEM_TYPES.unauthorized,
    title: 'Authentication required',
    detail,
    errors: [{ field: 'Authorization', message: detail }],
  });
}

export function forbiddenProblem(detail: string): ProblemException {
  return new ProblemException({
    status: 403,
    type: PROBLEM_TYPES.forbidden,
    title: 'Forbidden',
    detail,
  });
}

/** 429 with `Retry-After` (RFC 9110 §10.2.3): the client may try again after that many seconds. */
export function tooManyRequestsProblem(
  detail: string,
  retryAfterSeconds: number,
): ProblemException {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ProblemException({
    status: 429,
    type: PROBLEM_TYPES.rateLimited,
    title: 'Too many requests',
    detail,
    extensions: { retryAfterSeconds: seconds },
    headers: { 'Retry-After': String(seconds) },
  });
}
