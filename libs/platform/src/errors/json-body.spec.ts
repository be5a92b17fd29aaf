import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemException } from './problem';
import {
  bodyParserProblem,
  hasBody,
  isJsonMediaType,
  pathDeeperThan,
  requireDecodablePath,
  requireJson,
} from './json-body';

function req(method: string, headers: Record<string, string>): IncomingMessage {
  return { method, headers } as unknown as IncomingMessage;
}

function outcomeOf(request: IncomingMessage): unknown {
  let passed: unknown = 'not called';
  requireJson(request, {} as ServerResponse, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe('JSON-only writes', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/merge-patch+json', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    [undefined, false],
  ])('treats %s as JSON: %s', (type, expected) => {
    expect(isJsonMediaType(type)).toBe(expected);
  });

  it('refuses a POST with a text body with 415', () => {
    const error = outcomeOf(req('POST', { 'content-type': 'text/plain', 'content-length': '5' }));
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem).toMatchObject({
      status: 415,
      detail: 'send the request body as application/json (got text/plain)',
      errors: [{ field: 'Content-Type', message: 'must be application/json' }],
    });
  });

  it('refuses a chunked PATCH without a content type', () => {
    const error = outcomeOf(req('PATCH', { 'transfer-encoding': 'chunked' }));
    expect((error as ProblemException).problem.status).toBe(415);
  });

  it('lets JSON writes, bodiless writes and reads through', () => {
    expect(
      outcomeOf(req('PUT', { 'content-type': 'application/json', 'content-length': '2' })),
    ).toBeUndefined();
    expect(outcomeOf(req('POST', { 'content-length': '0' }))).toBeUndefined();
    expect(
      outcomeOf(req('GET', { 'content-type': 'text/plain', 'content-length': '3' })),
    ).toBeUndefined();
  });

  it('knows when a request has a body', () => {
    expect(hasBody(req('POST', {}))).toBe(false);
    expect(hasBody(req('POST', { 'content-length': '12' }))).toBe(true);
  });
});

describe('bodyParserProblem', () => {
  const parserError = (type: string, status: number) =>
    Object.assign(new Error(type), { type, status, expose: true });

  it('maps malformed JSON to 400, an oversized body to 413, a bad charset to 415', () => {
    expect(
      (bodyParserProblem(parserError('entity.parse.failed', 400), '1kb') as ProblemException)
        .problem,
    ).toMatchObject({
      status: 400,
      detail: 'the request body is not valid JSON',
      errors: [{ field: 'body', message: 'is not valid JSON' }],
    });
    expect(
      (bodyParserProblem(parserError('entity.too.large', 413), '1kb') as ProblemException).problem,
    ).toMatchObject({
      status: 413,
      detail: 'the request body is larger than the limit of 1kb',
      errors: [{ field: 'body', message: 'must not be larger than 1kb' }],
    });
    expect(
      (bodyParserProblem(parserError('charset.unsupported', 415), '1kb') as ProblemException)
        .problem,
    ).toMatchObject({ status: 415, errors: [{ field: 'Content-Type' }] });
    expect(
      (bodyParserProblem(parserError('encoding.unsupported', 415), '1kb') as ProblemException)
        .problem,
    ).toMatchObject({ status: 415, errors: [{ field: 'Content-Encoding' }] });
  });

  it('passes other errors on unchanged', () => {
    const aborted = parserError('request.aborted', 400);
    expect(bodyParserProblem(aborted, '1kb')).toBe(aborted);
  });
});

describe('the nesting limit', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: [nested(depth - 1)] });

  it('passes a body within the limit and names the path of one beyond it', () => {
    expect(pathDeeperThan(nested(5), 10)).toBeUndefined();
    expect(pathDeeperThan({ ok: 1, deep: nested(6) }, 10)).toBe('deep.a.0.a.0.a.0.a.0.a');
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let value: unknown = [];
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(pathDeeperThan(value, 32)?.split('.')).toHaveLength(32);
  });
});

describe('requireDecodablePath', () => {
  const outcome = (url: string) => {
    let passed: unknown = 'not called';
    requireDecodablePath({ url } as IncomingMessage, {} as ServerResponse, (error?: unknown) => {
      passed = error;
    });
    return passed;
  };

  it('passes paths that decode, whatever their query', () => {
    expect(outcome('/complaints/%E5%BC%A0?q=%E0%A4%A')).toBeUndefined();
  });

  it('refuses a bad escape with 400 naming the path', () => {
    expect((outcome('/complaints/%E0%A4%A') as ProblemException).problem).toMatchObject({
      status: 400,
      errors: [{ field: 'path', message: 'is not valid percent-encoded UTF-8' }],
    });
  });
});
