import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import bodyParser from 'body-parser';
import { UNSTORABLE_TEXT_MESSAGE, isStorableText } from '../dto/text';
import { PROBLEM_TYPES, ProblemException, validationProblem, type FieldError } from './problem';

type Next = (error?: unknown) => void;

/** A request body-parser has read: the parsed value is on `body`. */
export interface ParsedRequest extends IncomingMessage {
  body?: unknown;
}

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

/** The `charset` parameter of a Content-Type, lower-cased, when there is one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const parameter of contentType?.split(';').slice(1) ?? []) {
    const [name, value] = parameter.split('=');
    if (name?.trim().toLowerCase() === 'charset' && value !== undefined) {
      return value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return undefined;
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
 * How many values (object members and array items, counted by their commas and brackets) a body
 * may hold. The largest request of the platform, a triage policy, holds about 5,000 by default;
 * building 65,000 empty objects out of a 256 kB body took JSON.parse alone 35 ms.
 */
export const MAX_JSON_VALUES = 20_000;

export interface JsonLimits {
  /** `MAX_JSON_DEPTH` by default. */
  maxDepth?: number;
  /** `MAX_JSON_VALUES` by default. */
  maxValues?: number;
}
/**
 * The JSON body parser with the service's size limit and nesting limit (body-parser's, which
 * also inflates gzip and deflate bodies). Its failures become problems here, where body-parser's
 * error codes are known: malformed JSON → 400, nested deeper than `maxDepth` or holding text the
 * database cannot store → 400 naming where, too large → 413, a charset other than UTF-8
 * (RFC 8259 §8.1) or an unsupported encoding → 415. `configureServiceApp` calls it from the
 * content-type parser of JSON requests; it answers the parsed body, or the problem.
 *
 * The raw bytes are scanned once before they are parsed (`scanRawJson`): a body nested past the
 * limit is refused without parsing it (131,000 nested brackets take V8 60 ms to parse), and only
 * a body whose text contains a NUL or surrogate escape is walked after parsing, to name the field.
 */
export function jsonBodyParser(
  limit: string,
  { maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES }: JsonLimits = {},
): (req: IncomingMessage, done: (error: unknown, body?: unknown) => void) => void {
  const suspicious = new WeakSet<IncomingMessage>();
  const parse = bodyParser.json({
    limit,
    strict: true,
    type: () => true,
    verify: (req, _res, bytes) => {
      const scan = scanRawJson(bytes, maxDepth, maxValues);
      if (scan.tooDeep) throw Object.assign(new Error('too deep'), { type: TOO_DEEP });
      if (scan.tooMany) throw Object.assign(new Error('too many values'), { type: TOO_MANY });
      if (scan.suspiciousEscapes) suspicious.add(req);
    },
  });
  return function jsonParser(req, done): void {
    const contentType = req.headers['content-type'];
    const charset = charsetOf(contentType);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(
        new ProblemException({
          status: 415,
          type: PROBLEM_TYPES.unsupportedMediaType,
          title: 'Unsupported media type',
          detail: `send JSON in UTF-8 (RFC 8259), not ${charset}`,
          errors: [{ field: 'Content-Type', message: 'must name the UTF-8 charset, or none' }],
        }),
      );
    }
    // body-parser hands the response only to `verify`, which has no use for it.
    parse(req, undefined as unknown as ServerResponse, (error?: unknown) => {
      if (error) return done(bodyParserProblem(error, limit, { maxDepth, maxValues }));
      const body = (req as ParsedRequest).body;
      if (!suspicious.has(req)) return done(undefined, body);
      const problem = bodyShapeProblem(body, maxDepth);
      if (problem !== undefined) return done(validationProblem([problem]));
      done(undefined, body);
    });
  };
}

/** The error types `jsonBodyParser`'s scan gives a body past the nesting or value limit. */
const TOO_DEEP = 'entity.too.deep';
const TOO_MANY = 'entity.too.many';

/** What one pass over the raw bytes of a UTF-8 JSON body finds before it is parsed. */
export interface RawJsonScan {
  /** Objects and arrays open deeper than the limit somewhere. */
  tooDeep: boolean;
  /** More values than the limit. */
  tooMany: boolean;
  /** A string holds a `\u0000` or surrogate escape: the parsed body needs `bodyShapeProblem`. */
  suspiciousEscapes: boolean;
}

/**
 * Counts brackets outside strings and looks at `\u` escapes inside them, stopping as soon as
 * the nesting passes `maxDepth`. A byte loop: a 256 kB body takes about a millisecond. In UTF-8
 * no byte of a multi-byte character is an ASCII quote, bracket or backslash, so bytes suffice.
 */
export function scanRawJson(
  bytes: Uint8Array,
  maxDepth: number,
  maxValues: number = MAX_JSON_VALUES,
): RawJsonScan {
  let depth = 0;
  let values = 0;
  let inString = false;
  let suspiciousEscapes = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) {
        if (bytes[i + 1] === 0x75) {
          const code = hex4(bytes, i + 2);
          if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) suspiciousEscapes = true;
          i += 5;
        } else {
          i += 1;
        }
      } else if (byte === 0x22) {
        inString = false;
      }
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      values += 1;
      if (depth > maxDepth) return { tooDeep: true, tooMany: false, suspiciousEscapes };
      if (values > maxValues) return { tooDeep: false, tooMany: true, suspiciousEscapes };
    } else if (byte === 0x5d || byte === 0x7d) {
      depth -= 1;
    } else if (byte === 0x2c) {
      values += 1;
      if (values > maxValues) return { tooDeep: false, tooMany: true, suspiciousEscapes };
    }
  }
  return { tooDeep: false, tooMany: false, suspiciousEscapes };
}

function hex4(bytes: Uint8Array, at: number): number {
  let code = 0;
  for (let i = at; i < at + 4; i++) {
    const b = bytes[i] ?? 0;
    const digit =
      b >= 0x30 && b <= 0x39
        ? b - 0x30
        : b >= 0x61 && b <= 0x66
          ? b - 0x57
          : b >= 0x41 && b <= 0x46
            ? b - 0x37
            : -1;
    if (digit < 0) return -1;
    code = code * 16 + digit;
  }
  return code;
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number;
}

/** The dotted path of a frame, built only for the one that is reported. */
function pathOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) {
    keys.push(String(f.key));
  }
  return keys.reverse().join('.');
}

/**
 * What is wrong with the shape of a parsed body, if anything: a value nested deeper than `max`
 * levels, or a string (or member name) the database could not store (`isStorableText`), named by
 * its dotted path as field errors name fields. Iterative, so the check itself cannot overflow the
 * stack, and linear in the size of the value.
 */
export function bodyShapeProblem(value: unknown, max: number): FieldError | undefined {
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop();
    if (frame === undefined) break;
    const current = frame.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) {
        return { field: pathOf(frame) || 'body', message: UNSTORABLE_TEXT_MESSAGE };
      }
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (frame.depth > max) {
      return {
        field: pathOf(frame) || 'body',
        message: `nests objects and arrays deeper than ${max} levels`,
      };
    }
    const depth = frame.depth + 1;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        stack.push({ value: current[i], depth, parent: frame, key: i });
      }
      continue;
    }
    for (const key of Object.keys(current)) {
      const child: Frame = {
        value: (current as Record<string, unknown>)[key],
        depth,
        parent: frame,
        key,
      };
      if (!isStorableText(key)) return { field: pathOf(child), message: UNSTORABLE_TEXT_MESSAGE };
      stack.push(child);
    }
  }
  return undefined;
}

export function bodyParserProblem(
  error: unknown,
  limit: string,
  { maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES }: JsonLimits = {},
): unknown {
  switch (bodyParserErrorType(error)) {
    case TOO_DEEP:
      return validationProblem([
        { field: 'body', message: `nests objects and arrays deeper than ${maxDepth} levels` },
      ]);
    case TOO_MANY:
      return validationProblem([
        {
          field: 'body',
          message: `holds more than ${maxValues} values (object members and array items)`,
        },
      ]);
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
 * A path that does not decode (`/complaints/%E0%A4%A`) is answered like any other bad input,
 * naming the path, whether or not a route matches it (the router's own refusal of a bad
 * parameter goes the same way: `answerFrameworkError`).
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
