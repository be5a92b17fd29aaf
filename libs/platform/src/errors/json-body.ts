import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import express from 'express';
import { UNSTORABLE_TEXT_MESSAGE, isStorableText } from '../dto/text';
import { PROBLEM_TYPES, ProblemException, validationProblem, type FieldError } from './problem';

type Next = (error?: unknown) => void;

const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** `application/json` and structured `+json` types (e.g. `application/merge-patch+json`). */
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/;

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = mediaTypeOf(contentType);
  return type !== undefined && JSON_MEDIA_TYPE.test(type);
}

/** RFC 9112 §6.3: a request has a body when it is chunked or declares a non-zero length. */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * JSON-only writes: a POST, PUT or PATCH that carries a body in any other media type is refused
 * with 415 before anything parses it. A write without a body passes (its DTO decides).
 */
export function requireJson(req: IncomingMessage, _res: ServerResponse, next: Next): void {
  if (!WRITE_METHODS.has(req.method ?? '') || !hasBody(req)) return next();
  const contentType = req.headers['content-type'];
  if (isJsonMediaType(contentType)) return next();
  const detail = `send the request body as application/json (got ${mediaTypeOf(contentType) ?? 'no Content-Type'})`;
  next(
    new ProblemException({
      status: 415,
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      detail,
      errors: [{ field: 'Content-Type', message: 'must be application/json' }],
    }),
  );
}

/** `requireJson` as a Nest middleware class, for `consumer.apply(RequireJson)`. */
@Injectable()
export class RequireJson implements NestMiddleware<IncomingMessage, ServerResponse> {
  use(req: IncomingMessage, res: ServerResponse, next: Next): void {
    requireJson(req, res, next);
  }
}

/**
 * How deeply a request body may nest objects and arrays. No request of the platform needs more
 * than a handful of levels; code that walks a body recursively (class-transformer, hashing for
 * idempotency) would otherwise overflow its stack on a body of 10,000 opening brackets.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The JSON body parser with the service's size limit and nesting limit. Its failures become
 * problems here, where body-parser's error codes are known: malformed JSON → 400, nested deeper
 * than `maxDepth` or holding text the database cannot store → 400 naming where, too large → 413,
 * an unsupported charset or encoding → 415.
 * It is named `jsonParser` so Nest does not add its own.
 */
export function jsonBodyParser(
  limit: string,
  maxDepth: number = MAX_JSON_DEPTH,
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const parse = express.json({
    limit,
    strict: true,
    type: (req) => isJsonMediaType(req.headers['content-type']),
  });
  return function jsonParser(req: IncomingMessage, res: ServerResponse, next: Next): void {
    parse(req as express.Request, res as express.Response, (error?: unknown) => {
      if (error) return next(bodyParserProblem(error, limit));
      const problem = bodyShapeProblem((req as express.Request).body, maxDepth);
      next(problem === undefined ? undefined : validationProblem([problem]));
    });
  };
}

/**
 * What is wrong with the shape of a parsed body, if anything: a value nested deeper than `max`
 * levels, or a string (or member name) the database could not store (`isStorableText`), named by
 * its dotted path as field errors name fields. Iterative, so the check itself cannot overflow the
 * stack, and linear in the size of the value.
 */
export function bodyShapeProblem(value: unknown, max: number): FieldError | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [
    { value, depth: 1, path: '' },
  ];
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === undefined) continue;
    if (typeof top.value === 'string') {
      if (!isStorableText(top.value)) {
        return { field: top.path || 'body', message: UNSTORABLE_TEXT_MESSAGE };
      }
      continue;
    }
    if (top.value === null || typeof top.value !== 'object') continue;
    if (top.depth > max) {
      return {
        field: top.path || 'body',
        message: `nests objects and arrays deeper than ${max} levels`,
      };
    }
    const container = top.value as Record<string, unknown>;
    const keys = Array.isArray(container)
      ? [...container.keys()].map(String)
      : Object.keys(container);
    for (const key of keys) {
      const path = top.path ? `${top.path}.${key}` : key;
      if (!isStorableText(key)) return { field: path, message: UNSTORABLE_TEXT_MESSAGE };
      stack.push({ value: container[key], depth: top.depth + 1, path });
    }
  }
  return undefined;
}

export function bodyParserProblem(error: unknown, limit: string): unknown {
  switch (bodyParserErrorType(error)) {
    case 'entity.parse.failed':
      return new ProblemException({
        status: 400,
        type: PROBLEM_TYPES.malformedJson,
        title: 'Malformed JSON',
        detail: 'the request body is not valid JSON',
        errors: [{ field: 'body', message: 'is not valid JSON' }],
      });
    case 'entity.too.large':
      return new ProblemException({
        status: 413,
        type: PROBLEM_TYPES.payloadTooLarge,
        title: 'Payload too large',
        detail: `the request body is larger than the limit of ${limit}`,
        errors: [{ field: 'body', message: `must not be larger than ${limit}` }],
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ProblemException({
        status: 415,
        type: PROBLEM_TYPES.unsupportedMediaType,
        title: 'Unsupported media type',
        detail: 'send the request body as UTF-8 JSON, optionally gzip- or deflate-encoded',
        errors: [
          bodyParserErrorType(error) === 'charset.unsupported'
            ? { field: 'Content-Type', message: 'must name the UTF-8 charset, or none' }
            : { field: 'Content-Encoding', message: 'must be gzip, deflate or identity' },
        ],
      });
    default:
      return unreadableBodyProblem(error);
  }
}

/**
 * Any other failure to read the body that http-errors marks as the client's (status 4xx): a
 * gzip or deflate body that does not inflate, a Content-Length that does not match, an aborted
 * upload. A 400 naming what is wrong; anything else goes on to the filter as it is.
 */
function unreadableBodyProblem(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  if (status === undefined || status < 400 || status > 499) return error;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  const type = bodyParserErrorType(error);
  const [field, message] = code.startsWith('Z_')
    ? ['Content-Encoding', 'does not match the body: it does not inflate']
    : type === 'request.size.invalid'
      ? ['Content-Length', 'does not match the length of the body']
      : ['body', 'could not be read'];
  return new ProblemException({
    status,
    type: PROBLEM_TYPES.validation,
    title: 'Invalid request',
    detail: `${field}: ${message}`,
    errors: [{ field, message }],
  });
}

/** body-parser and raw-body tag their errors with a stable `type` code. */
function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  return typeof error.type === 'string' ? error.type : undefined;
}

/**
 * Express decodes path parameters only when a route matches, and answers a bad escape
 * (`/complaints/%E0%A4%A`) with a bare 400 that names nothing. Checked here first, the answer
 * names the path like any other bad input.
 */
export function requireDecodablePath(req: IncomingMessage, _res: ServerResponse, next: Next): void {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (!path.includes('%')) return next();
  try {
    decodeURIComponent(path);
  } catch {
    return next(
      validationProblem([{ field: 'path', message: 'is not valid percent-encoded UTF-8' }]),
    );
  }
  next();
}
