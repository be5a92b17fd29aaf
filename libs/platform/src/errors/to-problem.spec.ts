import {
  BadRequestException,
  ConflictException,
  HttpException,
  NotFoundException,
} from '@nestjs/common';
import { DomainError, InvalidInput, type DomainErrorKind } from '@redress/contracts';
import { DatabaseUnavailable } from '@redress/event-store';
import { PROBLEM_TYPES, ProblemException, tooManyRequestsProblem } from './problem';
import { toProblem } from './to-problem';

class ComplaintWithdrawn extends DomainError {
  readonly kind = 'invalid_state';
  constructor() {
    super('the complaint has been withdrawn', { currentStatus: 'withdrawn' });
  }
}

function domainError(kind: DomainErrorKind, extensions: Record<string, unknown> = {}): DomainError {
  return new (class extends DomainError {
    readonly kind = kind;
  })(`a ${kind} error`, extensions);
}

const context = { instance: '/complaints/42/withdrawal', correlationId: 'c-1' };

describe('toProblem', () => {
  it.each([
    ['not_found', 404, PROBLEM_TYPES.notFound],
    ['conflict', 409, PROBLEM_TYPES.conflict],
    ['invalid_state', 409, PROBLEM_TYPES.invalidState],
    ['forbidden', 403, PROBLEM_TYPES.forbidden],
    ['validation', 400, PROBLEM_TYPES.validation],
    ['unprocessable', 422, PROBLEM_TYPES.unprocessable],
  ] as const)('maps a %s domain error to %i', (kind, status, type) => {
    const { problem, unexpected } = toProblem(domainError(kind), context);
    expect(unexpected).toBe(false);
    expect(problem).toMatchObject({ type, status, detail: `a ${kind} error`, ...context });
  });

  it('merges the extensions of an invalid_state error, naming the current state', () => {
    const { problem } = toProblem(new ComplaintWithdrawn(), context);
    expect(problem).toEqual({
      type: PROBLEM_TYPES.invalidState,
      title: 'Invalid state',
      status: 409,
      detail: 'the complaint has been withdrawn',
      instance: '/complaints/42/withdrawal',
      correlationId: 'c-1',
      code: 'ComplaintWithdrawn',
      currentStatus: 'withdrawn',
    });
  });

  it('does not let an extension overwrite a standard member', () => {
    const { problem } = toProblem(
      domainError('conflict', { status: 200, title: 'OK', detail: 'x' }),
    );
    expect(problem).toMatchObject({ status: 409, title: 'Conflict', detail: 'a conflict error' });
  });

  it('lists the field of a validation domain error', () => {
    const { problem } = toProblem(new InvalidInput('Idempotency-Key', 'must be printable ASCII'));
    expect(problem).toMatchObject({
      status: 400,
      errors: [{ field: 'Idempotency-Key', message: 'must be printable ASCII' }],
    });
  });

  it('renders a ProblemException as given', () => {
    const exception = new ProblemException({
      status: 413,
      type: PROBLEM_TYPES.payloadTooLarge,
      title: 'Payload too large',
      detail: 'too big',
      extensions: { limit: '256kb' },
    });
    expect(toProblem(exception).problem).toEqual({
      type: PROBLEM_TYPES.payloadTooLarge,
      title: 'Payload too large',
      status: 413,
      detail: 'too big',
      limit: '256kb',
    });
  });

  it('keeps the status of an HttpException, as an about:blank problem titled by the status', () => {
    expect(toProblem(new NotFoundException('no such case')).problem).toMatchObject({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'no such case',
    });
    expect(toProblem(new ConflictException()).problem).toMatchObject({
      status: 409,
      detail: 'Conflict',
    });
    expect(toProblem(new HttpException('slow down', 429)).problem).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
      detail: 'slow down',
    });
  });

  it('joins the messages of a BadRequestException from a default ValidationPipe', () => {
    const exception = new BadRequestException(['title must be a string', 'x should not exist']);
    expect(toProblem(exception).problem.detail).toBe('title must be a string; x should not exist');
  });

  it('maps an exposed http-errors client error (body-parser) to its status', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
    });
    expect(toProblem(tooLarge)).toEqual({
      problem: expect.objectContaining({ status: 413, detail: 'request entity too large' }),
      unexpected: false,
    });
  });

  it('answers anything else with a generic 500 that hides the message', () => {
    const leaky = new Error('password authentication failed for user "intake" at 10.0.0.5');
    const { problem, unexpected } = toProblem(leaky, context);
    expect(unexpected).toBe(true);
    expect(problem).toMatchObject({
      type: PROBLEM_TYPES.internal,
      status: 500,
      correlationId: 'c-1',
    });
    expect(JSON.stringify(problem)).not.toMatch(/password|intake|10\.0\.0\.5/);
  });

  it('treats a 500 HttpException and an unexposed http error as unexpected', () => {
    expect(toProblem(new HttpException('db down at 10.0.0.5', 500)).unexpected).toBe(true);
    const hidden = Object.assign(new Error('internal'), { status: 400, expose: false });
    expect(toProblem(hidden).problem.status).toBe(500);
    expect(toProblem('a thrown string').problem.status).toBe(500);
  });

  it('answers 503 with Retry-After when the database cannot be reached, and hides the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), {
      code: 'ECONNREFUSED',
    });
    for (const error of [new DatabaseUnavailable('08001', { cause: refused }), refused]) {
      const { problem, unexpected, headers } = toProblem(error, context);
      expect(unexpected).toBe(false);
      expect(headers).toEqual({ 'Retry-After': '5' });
      expect(problem).toMatchObject({
        status: 503,
        type: PROBLEM_TYPES.databaseUnavailable,
        ...context,
      });
      expect(JSON.stringify(problem)).not.toContain('10.0.0.7');
    }
  });

  it('answers 429 with Retry-After in whole seconds, at least one', () => {
    for (const [wait, header] of [
      [12.2, '13'],
      [0, '1'],
    ] as const) {
      const { problem, headers } = toProblem(tooManyRequestsProblem('slow down', wait), context);
      expect(headers).toEqual({ 'Retry-After': header });
      expect(problem).toMatchObject({
        status: 429,
        type: PROBLEM_TYPES.rateLimited,
        title: 'Too many requests',
        detail: 'slow down',
        retryAfterSeconds: Number(header),
      });
    }
  });

  it("answers Fastify's own refusals of a request as the client's, never as a 500", () => {
    const mediaType = Object.assign(new Error('Unsupported Media Type'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(toProblem(mediaType, context)).toMatchObject({
      unexpected: false,
      problem: {
        status: 415,
        type: PROBLEM_TYPES.unsupportedMediaType,
        errors: [{ field: 'Content-Type', message: 'must be application/json' }],
      },
    });
    const badUrl = Object.assign(new Error("'/%E0' is not a valid url component"), {
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
    });
    expect(toProblem(badUrl, context)).toMatchObject({
      unexpected: false,
      problem: { status: 400, type: PROBLEM_TYPES.validation },
    });
    const server = Object.assign(new Error('plugin failed'), {
      code: 'FST_ERR_X',
      statusCode: 500,
    });
    expect(toProblem(server, context).unexpected).toBe(true);
  });
});
