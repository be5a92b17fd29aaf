import fc from 'fast-check';
import { mutate, type Mutation } from './hostile';
import { operationsOf, type OpenApiDocument } from './openapi';
import { happyRequests, requestsFor } from './request';
import type { FuzzResponse } from './send';
import { validValue } from './values';
import { problemsWith } from './verdict';

const document: OpenApiDocument = {
  paths: {
    '/things/{id}': {
      post: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 9 } },
        ],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingDto' } } },
        },
      },
      get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] },
    },
  },
  components: {
    schemas: {
      ThingDto: {
        type: 'object',
        required: ['name', 'sha256', 'tags'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 5 },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          kind: { type: 'string', enum: ['a', 'b'] },
          count: { type: 'integer', minimum: 1, maximum: 3 },
          when: { type: 'string', format: 'date-time' },
          tags: {
            type: 'array',
            maxItems: 2,
            uniqueItems: true,
            items: { type: 'string', maxLength: 3 },
          },
          note: { type: 'string', nullable: true, maxLength: 2 },
        },
      },
    },
  },
};

describe('the fuzzer', () => {
  const [get, post] = operationsOf(document);

  it('lists each operation of the document with its parameters and body schema', () => {
    expect([get?.key, post?.key]).toEqual(['GET /things/{id}', 'POST /things/{id}']);
    expect(post?.body).toEqual({ $ref: '#/components/schemas/ThingDto' });
  });

  it('generates values the schema accepts', () => {
    fc.assert(
      fc.property(validValue(document, { $ref: '#/components/schemas/ThingDto' }), (value) => {
        const thing = value as Record<string, unknown>;
        expect(typeof thing.name).toBe('string');
        // Lengths as class-validator counts them: code points.
        expect([...(thing.name as string)].length).toBeGreaterThanOrEqual(1);
        expect([...(thing.name as string)].length).toBeLessThanOrEqual(5);
        expect(thing.sha256).toMatch(/^[0-9a-f]{64}$/);
        if ('kind' in thing) expect(['a', 'b']).toContain(thing.kind);
        if ('count' in thing) expect(thing.count).toEqual(expect.any(Number));
        if ('when' in thing) expect(Date.parse(thing.when as string)).not.toBeNaN();
        const tags = thing.tags as string[];
        expect(tags.length).toBeLessThanOrEqual(2);
        expect(new Set(tags).size).toBe(tags.length);
        if ('note' in thing && thing.note !== null) {
          expect([...(thing.note as string)].length).toBeLessThanOrEqual(2);
        }
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('mutates one member of one container, reproducibly', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const drop: Mutation = { at: 1, kind: 'drop', key: '', value: null };
    // Containers in document order: the value, a, a.c; a's members b, c: the second is dropped.
    expect(mutate(base, drop)).toEqual({ a: { b: 1 }, d: 'x' });
    expect(mutate(base, drop)).toEqual(mutate(base, drop));
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
    const added = mutate(base, { at: 0, kind: 'add', key: '__proto__', value: 1 }) as object;
    expect(Object.prototype.hasOwnProperty.call(added, '__proto__')).toBe(true);
    expect(mutate('scalar', { at: 0, kind: 'replace', key: '', value: 7 })).toBe(7);
  });

  it('builds requests Node can send, with encoded paths and queries', () => {
    if (!post) throw new Error('no POST');
    const requests = fc.sample(
      requestsFor(document, post, {
        authorizations: ['Bearer good'],
        knownValues: { id: ['11111111-1111-1111-1111-111111111111'] },
        bodies: {},
      }),
      { seed: 3, numRuns: 300 },
    );
    for (const request of requests) {
      expect(request.url).toMatch(/^\/things\/[\x21-\x7e]*$/);
      expect(request.method).toBe('POST');
    }
    expect(requests.some((r) => r.url.startsWith('/things/11111111-'))).toBe(true);
    expect(requests.some((r) => r.headers.authorization === 'Bearer good')).toBe(true);
    expect(requests.some((r) => r.headers.authorization === undefined)).toBe(true);
    expect(requests.some((r) => r.headers['idempotency-key'] !== undefined)).toBe(true);
  });

  it('starts each operation with the given bodies from the first caller', () => {
    if (!post || !get) throw new Error('no operations');
    const options = {
      authorizations: ['Bearer admin', 'Bearer other'],
      knownValues: { id: ['known-1'] },
      bodies: { 'POST /things/{id}': [{ name: 'ok' }] },
    };
    expect(happyRequests(post, options)).toEqual([
      expect.objectContaining({
        url: '/things/known-1',
        headers: { authorization: 'Bearer admin', 'content-type': 'application/json' },
        body: Buffer.from('{"name":"ok"}'),
      }),
    ]);
    expect(happyRequests(get, options)).toHaveLength(1);
    expect(happyRequests(get, { ...options, knownValues: {} })).toEqual([]);
  });
});

describe('problemsWith', () => {
  const answer = (
    status: number,
    body: unknown,
    type = 'application/problem+json; charset=utf-8',
  ) =>
    ({
      status,
      headers: { 'content-type': type },
      body: JSON.stringify(body),
      ms: 1,
    }) as FuzzResponse;
  const problem = (status: number, extra: object = {}) => ({
    type: 'about:blank',
    title: 'x',
    status,
    detail: 'y',
    ...extra,
  });

  it('passes 2xx, and 4xx problem documents that name the field where they must', () => {
    expect(problemsWith(answer(201, {}, 'application/json'))).toEqual([]);
    expect(problemsWith(answer(404, problem(404)))).toEqual([]);
    expect(
      problemsWith(answer(400, problem(400, { errors: [{ field: 'a', message: 'b' }] }))),
    ).toEqual([]);
  });

  it.each([
    ['a 5xx', answer(500, problem(500)), /answered 500/],
    [
      'no answer',
      { status: 0, headers: {}, body: '', ms: 1, error: 'reset' } as FuzzResponse,
      /no answer: reset/,
    ],
    [
      'a 4xx in another media type',
      answer(404, problem(404), 'text/html'),
      /not application\/problem\+json/,
    ],
    ['a 400 naming no field', answer(400, problem(400)), /names no field/],
    [
      'a 422 with an empty field',
      answer(422, problem(422, { errors: [{ field: '', message: 'x' }] })),
      /names no field/,
    ],
    ['a status the document contradicts', answer(409, problem(400)), /document says status 400/],
  ])('flags %s', (_case, response, expected) => {
    expect(problemsWith(response).join('\n')).toMatch(expected);
  });
});
