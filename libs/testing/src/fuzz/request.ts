import fc, { type Arbitrary } from 'fast-check';
import { HOSTILE_STRINGS, hostileRaw, mutate, mutation, type Body } from './hostile';
import { resolve, type OpenApiDocument, type Operation, type ParameterObject } from './openapi';
import { anyJson, validValue } from './values';

/** One generated request, printable in a failure report. */
export interface FuzzRequest {
  operation: string;
  method: string;
  /** Path and query, encoded. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RequestOptions {
  /** Whole `Authorization` values of valid tokens (`Bearer …`), one per kind of caller. */
  authorizations: readonly string[];
  /** Values that reach existing records, by parameter name (`id`, `trackingNo`, …). */
  knownValues: Readonly<Record<string, readonly string[]>>;
  /** More bodies to mutate, by operation key (`PUT /triage/policy`). */
  bodies: Readonly<Record<string, readonly unknown[]>>;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const OTHER_TYPES = [
  'application/merge-patch+json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
];

/** Path segments that are already encoded (or deliberately not): inserted as they are. */
const RAW_SEGMENTS = [
  '..',
  '%2e%2e',
  '%E0%A4%A',
  '%00',
  '%25',
  '%2F',
  ';',
  '~',
  '-',
  'x'.repeat(3000),
  'RD-20261123-7KQ2M9XA',
  'rd-20261123-7kq2m9xa',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa',
];

/** Header values Node.js lets through: printable Latin-1. */
const HEADER_UNIT = fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~é');

/** Every request this operation may be sent: mostly well-formed, often not. */
export function requestsFor(
  document: OpenApiDocument,
  operation: Operation,
  options: RequestOptions,
): Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const headerParams = operation.parameters.filter((p) => p.in === 'header');
  const takesBody = operation.method !== 'GET' && operation.method !== 'DELETE';

  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => pathSegment(document, p, options))),
      query: queryString(document, queryParams, options),
      authorization: authorization(options.authorizations),
      headers: fc.tuple(...headerParams.map((p) => headerValue(p, options))),
      body: takesBody
        ? fc.oneof(
            { weight: 9, arbitrary: bodyFor(document, operation, options) },
            fc.constant(undefined),
          )
        : fc.oneof(
            { weight: 9, arbitrary: fc.constant(undefined) },
            bodyFor(document, operation, options),
          ),
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...JSON_TYPES) },
        { weight: 2, arbitrary: fc.constantFrom(...OTHER_TYPES) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      contentEncoding: fc.oneof(
        { weight: 20, arbitrary: fc.constant(undefined) },
        fc.constantFrom('gzip', 'br', 'identity'),
      ),
      correlationId: fc.option(
        fc.oneof(fc.uuid(), fc.string({ unit: HEADER_UNIT, maxLength: 100 })),
        { freq: 4 },
      ),
    })
    .map((parts) => buildRequest(operation, parts));
}

interface RequestParts {
  /** Path parameter values in the order the operation declares them, already encoded. */
  path: ReadonlyArray<string | undefined>;
  query: string;
  authorization: string | undefined;
  /** Header parameter values in the order the operation declares them. */
  headers: ReadonlyArray<string | undefined>;
  body: Body | undefined;
  contentType: string | undefined;
  contentEncoding?: string | undefined;
  correlationId?: string | null;
}

function buildRequest(operation: Operation, parts: RequestParts): FuzzRequest {
  let url = operation.path;
  operation.parameters
    .filter((p) => p.in === 'path')
    .forEach((p, i) => {
      url = url.replace(`{${p.name}}`, parts.path[i] ?? '');
    });
  const request: FuzzRequest = {
    operation: operation.key,
    method: operation.method,
    url: parts.query ? `${url}?${parts.query}` : url,
    headers: {},
  };
  if (parts.authorization !== undefined) request.headers.authorization = parts.authorization;
  operation.parameters
    .filter((p) => p.in === 'header')
    .forEach((p, i) => {
      const value = parts.headers[i];
      if (value !== undefined) request.headers[p.name.toLowerCase()] = value;
    });
  if (parts.correlationId) request.headers['x-correlation-id'] = parts.correlationId;
  if (parts.body !== undefined) {
    request.body = encode(parts.body);
    if (parts.contentType !== undefined) request.headers['content-type'] = parts.contentType;
    if (parts.contentEncoding !== undefined) {
      request.headers['content-encoding'] = parts.contentEncoding;
    }
  }
  return withPrintout(request);
}

/**
 * The requests that surely get past authentication and validation, sent before the generated
 * ones: each given body (or none, for an operation without one) from the first caller, with the
 * first known value of each path parameter and header parameter. Operations with a path parameter nobody knows a
 * value for have none.
 */
export function happyRequests(operation: Operation, options: RequestOptions): FuzzRequest[] {
  const path = operation.parameters
    .filter((p) => p.in === 'path')
    .map((p) => options.knownValues[p.name]?.[0]);
  if (path.some((value) => value === undefined)) return [];
  const bodies: Array<Body | undefined> = [
    ...operation.bodyExamples,
    ...(options.bodies[operation.key] ?? []),
  ].map((json) => ({ json }));
  if (bodies.length === 0 && operation.body === undefined) bodies.push(undefined);
  return bodies.map((body) =>
    buildRequest(operation, {
      path: path.map((value) => percentEncode(value ?? '')),
      query: '',
      authorization: options.authorizations[0],
      headers: operation.parameters
        .filter((p) => p.in === 'header')
        .map((p) => options.knownValues[p.name]?.[0]),
      body,
      contentType: body === undefined ? undefined : 'application/json',
    }),
  );
}

function pathSegment(
  document: OpenApiDocument,
  p: ParameterObject,
  options: RequestOptions,
): Arbitrary<string> {
  const known = options.knownValues[p.name] ?? [];
  const choices = [
    { weight: 4, arbitrary: scalar(document, p).map(percentEncode) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((s) => percentEncode(s) || '%20'),
    },
  ];
  if (known.length > 0) {
    choices.push({ weight: 8, arbitrary: fc.constantFrom(...known).map(percentEncode) });
  }
  return fc.oneof(...choices);
}

/** A value of a parameter's schema, as the text a URL or header carries. */
function scalar(document: OpenApiDocument, p: ParameterObject): Arbitrary<string> {
  return validValue(document, p.schema ?? { type: 'string' }).map((v) =>
    typeof v === 'string' ? v : JSON.stringify(v),
  );
}

function queryString(
  document: OpenApiDocument,
  params: readonly ParameterObject[],
  options: RequestOptions,
): Arbitrary<string> {
  const pair = (name: string, value: string) => `${percentEncode(name)}=${percentEncode(value)}`;
  const valid = (p: ParameterObject): Arbitrary<string> => {
    const known = options.knownValues[p.name] ?? [];
    const fromSchema = scalar(document, p).map((v) => pair(p.name, v));
    return known.length > 0
      ? fc.oneof(
          fromSchema,
          fc.constantFrom(...known).map((v) => pair(p.name, v)),
        )
      : fromSchema;
  };
  const hostile = (p: ParameterObject): Arbitrary<string> =>
    fc.oneof(
      { weight: 4, arbitrary: valid(p) },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((v) => pair(p.name, v)) },
      // A repeated key arrives as an array; a bracketed one as an object in some parsers.
      {
        weight: 1,
        arbitrary: fc
          .tuple(scalar(document, p), scalar(document, p))
          .map(([a, b]) => `${pair(p.name, a)}&${pair(p.name, b)}`),
      },
      { weight: 1, arbitrary: fc.constant(`${percentEncode(p.name)}[x]=1`) },
    );
  const optional = (p: ParameterObject, value: Arbitrary<string>, freq: number) =>
    p.required ? value : fc.option(value, { nil: undefined, freq });
  const join = (parts: ReadonlyArray<string | undefined>) =>
    parts.filter((part): part is string => part !== undefined).join('&');
  // A query of valid values only (each parameter now and then), so filters reach the database;
  // or any parameter hostile, plus one the operation does not know.
  const clean = fc.tuple(...params.map((p) => optional(p, valid(p), 2))).map(join);
  const rough = fc
    .record({
      declared: fc.tuple(...params.map((p) => optional(p, hostile(p), 2))),
      unknown: fc.option(
        fc.oneof(
          fc.constantFrom(
            'colour=red',
            'a[b]=c',
            '%E0%A4%A=1',
            '=&=',
            `${'x'.repeat(4000)}=1`,
            `q=${'a.'.repeat(10_000)}`,
          ),
          fc
            .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
            .map(([k, v]) => pair(k, v)),
        ),
        { nil: undefined, freq: 4 },
      ),
    })
    .map(({ declared, unknown }) => join([...declared, unknown]));
  return fc.oneof(clean, rough);
}

function authorization(valid: readonly string[]): Arbitrary<string | undefined> {
  const broken = fc.oneof(
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer x.y.z',
      'Basic Zm9vOmJhcg==',
      `Bearer ${'a'.repeat(8000)}`,
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    ),
    fc.string({ unit: HEADER_UNIT, maxLength: 60 }),
    ...(valid.length > 0
      ? [
          fc.constantFrom(...valid).map((v) => `${v}x`),
          fc.constantFrom(...valid).map((v) => v.toLowerCase()),
        ]
      : []),
  );
  return fc.oneof(
    ...(valid.length > 0 ? [{ weight: 16, arbitrary: fc.constantFrom(...valid) }] : []),
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: broken },
  );
}

function headerValue(p: ParameterObject, options: RequestOptions): Arbitrary<string | undefined> {
  const known = options.knownValues[p.name] ?? [];
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    ...(known.length > 0 ? [{ weight: 5, arbitrary: fc.constantFrom(...known) }] : []),
    // A small pool, so a key comes back with the same or another body (replay and 422).
    { weight: 3, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3') },
    { weight: 2, arbitrary: fc.string({ unit: HEADER_UNIT, maxLength: 300 }) },
    ...(p.required ? [] : [{ weight: 1, arbitrary: fc.constant('') }]),
  );
}

function bodyFor(
  document: OpenApiDocument,
  operation: Operation,
  options: RequestOptions,
): Arbitrary<Body> {
  const schema = operation.body ?? { type: 'object' };
  const valid = validValue(document, schema);
  const seeds = [...operation.bodyExamples, ...(options.bodies[operation.key] ?? [])];
  const bases = seeds.length > 0 ? fc.oneof(valid, fc.constantFrom(...seeds)) : valid;
  // A schema that names no property ("any object") generates noise; given bodies do better.
  const described = Object.keys(resolve(document, schema).properties ?? {}).length > 0;
  return fc.oneof(
    {
      weight: described || seeds.length === 0 ? 6 : 1,
      arbitrary: valid.map((json) => ({ json })),
    },
    ...(seeds.length > 0
      ? [{ weight: 3, arbitrary: fc.constantFrom(...seeds).map((json) => ({ json })) }]
      : []),
    {
      weight: 6,
      arbitrary: fc.tuple(bases, mutation()).map(([base, m]) => ({ json: mutate(base, m) })),
    },
    { weight: 1, arbitrary: anyJson().map((json) => ({ json })) },
    { weight: 1, arbitrary: hostileRaw() },
  );
}

function encode(body: Body): Buffer {
  if ('raw' in body) return Buffer.isBuffer(body.raw) ? body.raw : Buffer.from(body.raw);
  // A mutation may leave nothing at all: an empty body.
  return body.json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body.json));
}

/** How fast-check prints a request in its report: short enough to read. */
function withPrintout(request: FuzzRequest): FuzzRequest {
  Object.defineProperty(request, fc.toStringMethod, {
    value: () => describeRequest(request),
    enumerable: false,
  });
  return request;
}

export function describeRequest(request: FuzzRequest, limit = 600): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${clip(k === 'authorization' ? v.slice(0, 24) + '…' : v, 120)}`)
    .join('\n  ');
  const body = request.body ? `\n  ${clip(request.body.toString('utf8'), limit)}` : '';
  return `${request.method} ${clip(request.url, 300)}\n  ${headers}${body}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) becomes the three bytes
 * it would have in CESU-8: exactly the kind of escape a server must refuse cleanly.
 */
function percentEncode(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^]/g, (unit) => {
    if (unit.length === 2 || !/[\ud800-\udfff]/.test(unit)) return encodeURIComponent(unit);
    const code = unit.charCodeAt(0);
    const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  });
}
