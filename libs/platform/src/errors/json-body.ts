import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import express from 'express';
import { PROBLEM_TYPES, ProblemException } from './problem';

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
  next(
    new ProblemException({
      status: 415,
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      detail: `send the request body as application/json (got ${mediaTypeOf(contentType) ?? 'no Content-Type'})`,
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
 * The JSON body parser with the service's size limit. Its failures become problems here, where
 * body-parser's error codes are known: malformed JSON → 400, too large → 413, an unsupported
 * charset or encoding → 415. It is named `jsonParser` so Nest does not add its own.
 */
export function jsonBodyParser(
  limit: string,
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const parse = express.json({
    limit,
    strict: true,
    type: (req) => isJsonMediaType(req.headers['content-type']),
  });
  return function jsonParser(req: IncomingMessage, res: ServerResponse, next: Next): void {
    parse(req as express.Request, res as express.Response, (error?: unknown) => {
      next(error ? bodyParserProblem(error, limit) : undefined);
    });
  };
}

export function bodyParserProblem(error: unknown, limit: string): unknown {
  switch (bodyParserErrorType(error)) {
    case 'entity.parse.failed':
      return new ProblemException({
        status: 400,
        type: PROBLEM_TYPES.malformedJson,
        title: 'Malformed JSON',
        detail: 'the request body is not valid JSON',
      });
    case 'entity.too.large':
      return new ProblemException({
        status: 413,
        type: PROBLEM_TYPES.payloadTooLarge,
        title: 'Payload too large',
        detail: `the request body is larger than the limit of ${limit}`,
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ProblemException({
        status: 415,
        type: PROBLEM_TYPES.unsupportedMediaType,
        title: 'Unsupported media type',
        detail: 'send the request body as UTF-8 JSON, optionally gzip- or deflate-encoded',
      });
    default:
      // Aborted or miscounted requests keep their http-errors status; the filter maps them.
      return error;
  }
}

/** body-parser and raw-body tag their errors with a stable `type` code. */
function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  return typeof error.type === 'string' ? error.type : undefined;
}
