import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemException } from './problem';
import {
  bodyParserProblem,
  hasBody,
  isJsonMediaType,
  bodyShapeProblem,
  charsetOf,
  scanRawJson,
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
    expect(
      (
        bodyParserProblem(parserError('entity.too.deep', 403), '1kb', {
          maxDepth: 32,
        }) as ProblemException
      ).problem,
    ).toMatchObject({
      status: 400,
      errors: [{ field: 'body', message: 'nests objects and arrays deeper than 32 levels' }],
    });
  });

  it('names what is wrong with a body that cannot be read', () => {
    const inflate = Object.assign(new Error('incorrect header check'), {
      code: 'Z_DATA_ERROR',
      status: 400,
    });
    expect((bodyParserProblem(inflate, '1kb') as ProblemException).problem).toMatchObject({
      status: 400,
      errors: [{ field: 'Content-Encoding' }],
    });
    expect(
      (bodyParserProblem(parserError('request.size.invalid', 400), '1kb') as ProblemException)
        .problem,
    ).toMatchObject({ status: 400, errors: [{ field: 'Content-Length' }] });
    expect(
      (bodyParserProblem(parserError('request.aborted', 400), '1kb') as ProblemException).problem,
    ).toMatchObject({ status: 400, errors: [{ field: 'body', message: 'could not be read' }] });
  });

  it("passes errors that are not the client's on unchanged", () => {
    const broken = Object.assign(new Error('stream failure'), { status: 500 });
    expect(bodyParserProblem(broken, '1kb')).toBe(broken);
    const plain = new Error('no status');
    expect(bodyParserProblem(plain, '1kb')).toBe(plain);
  });
});

describe('the shape of a parsed body', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: [nested(depth - 1)] });

  it('passes a body within the nesting limit and names the path of one beyond it', () => {
    expect(bodyShapeProblem(nested(5), 10)).toBeUndefined();
    expect(bodyShapeProblem({ ok: 1, deep: nested(6) }, 10)).toEqual({
      field: 'deep.a.0.a.0.a.0.a.0.a',
      message: 'nests objects and arrays deeper than 10 levels',
    });
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    let value: unknown = [];
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(bodyShapeProblem(value, 32)?.field.split('.')).toHaveLength(32);
  });

  it.each([
    ['a NUL character', { reason: 'a\u0000b' }, 'reason'],
    ['an unpaired high surrogate', { items: ['ok', '\ud800'] }, 'items.1'],
    ['an unpaired low surrogate', { a: { b: 'x\udc00' } }, 'a.b'],
    ['a member name with NUL', { 'k\u0000': 1 }, 'k\u0000'],
  ])('names text the database cannot store: %s', (_case, body, field) => {
    expect(bodyShapeProblem(body, 32)).toEqual({
      field,
      message: 'must be Unicode text without NUL characters or unpaired surrogates',
    });
  });

  it('passes any well-formed text, emoji and Chinese included', () => {
    expect(bodyShapeProblem({ text: '酸奶 👨‍👩‍👧 \u{1F600} é' }, 32)).toBeUndefined();
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

describe('scanRawJson', () => {
  const scan = (text: string, max = 3) => scanRawJson(Buffer.from(text), max);

  it('counts nesting outside strings only, and stops past the limit', () => {
    const fine = { tooDeep: false, tooMany: false, suspiciousEscapes: false };
    expect(scan('{"a":[{"b":1}]}')).toEqual(fine);
    expect(scan('{"a":[[{"b":1}]]}')).toEqual({ ...fine, tooDeep: true });
    expect(scan('{"a":"[[[[[[\\"[[[["}')).toEqual(fine);
    expect(scan('['.repeat(200_000), 32).tooDeep).toBe(true);
  });

  it('counts values by their commas and brackets, outside strings', () => {
    expect(scanRawJson(Buffer.from('[1,2,3]'), 32, 4).tooMany).toBe(false);
    expect(scanRawJson(Buffer.from('[1,2,3,4,5]'), 32, 4).tooMany).toBe(true);
    expect(scanRawJson(Buffer.from('["a,b,c,d,e"]'), 32, 4).tooMany).toBe(false);
    expect(scanRawJson(Buffer.from(`[${'{},'.repeat(65_000)}{}]`), 32, 20_000).tooMany).toBe(true);
  });

  it('notices NUL and surrogate escapes, whatever their case', () => {
    expect(scan('{"a":"x\\u0000"}').suspiciousEscapes).toBe(true);
    expect(scan('{"a":"\\uD83D\\uDE00"}').suspiciousEscapes).toBe(true);
    expect(scan('{"a":"\\u00e9 \\\\u0000"}').suspiciousEscapes).toBe(false);
  });
});

describe('charsetOf', () => {
  it.each([
    ['application/json', undefined],
    ['application/json; charset=UTF-8', 'utf-8'],
    ['application/json;charset="utf-16"', 'utf-16'],
    ['application/json; boundary=x; Charset=latin1', 'latin1'],
  ])('reads %s as %s', (type, charset) => {
    expect(charsetOf(type)).toBe(charset);
  });
});
