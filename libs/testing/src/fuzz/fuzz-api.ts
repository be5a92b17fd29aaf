import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import fc from 'fast-check';
import { operationsOf, type OpenApiDocument, type Operation } from './openapi';
import { describeRequest, happyRequests, requestsFor, type FuzzRequest } from './request';
import { send, type FuzzResponse } from './send';
import { problemsWith } from './verdict';

export interface FuzzOptions {
  /** The running service, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** Its OpenAPI document; fetched from `<baseUrl>/docs-json` when not given. */
  document?: OpenApiDocument;
  /** A name for the report (`intake`). */
  service?: string;
  /** Whole `Authorization` values of valid tokens, one per kind of caller worth trying. */
  authorizations?: readonly string[];
  /** Values of path and query parameters that reach existing records, by parameter name. */
  knownValues?: Readonly<Record<string, readonly string[]>>;
  /** Bodies to send and mutate besides those generated from the schema, by operation key. */
  bodies?: Readonly<Record<string, readonly unknown[]>>;
  /** Requests in all, shared evenly by the operations (at least one each). */
  runs: number;
  seed: number;
  /** Operations to leave out, by key (`GET /metrics`). */
  skip?: readonly string[];
  /** How long one answer may take before it counts as none. */
  timeoutMs?: number;
}

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'none';

export interface OperationReport {
  operation: string;
  requests: number;
  byClass: Record<StatusClass, number>;
  byStatus: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface FuzzFailure {
  operation: string;
  problems: string[];
  /** The smallest failing request fast-check found, printed. */
  request: string;
  seed: number;
  path: string;
}

export interface FuzzReport {
  service: string;
  seed: number;
  requests: number;
  byClass: Record<StatusClass, number>;
  operations: OperationReport[];
  failures: FuzzFailure[];
}

class BadAnswer extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Drives every operation of a service's OpenAPI document with generated requests (fast-check,
 * reproducible from `seed`): valid bodies from the schemas and mutations of them, hostile
 * strings, numbers, sizes and nesting, raw malformed bodies, other media types, path segments
 * and query strings that are not what the route expects, missing or broken tokens, and
 * Idempotency-Keys that come back with other bodies. Every answer is checked (`problemsWith`):
 * no 5xx, no dropped connection, every 4xx problem+json, naming the field where the input is
 * at fault. A failing operation is shrunk to its smallest failing request and reported; the
 * other operations still run. Each operation starts with its `happyRequests` (the given bodies
 * from the first caller), so its success path is covered whatever the seed.
 *
 * A new endpoint is fuzzed as soon as the document lists it. The service must be listening.
 */
export async function fuzzApi(options: FuzzOptions): Promise<FuzzReport> {
  const base = new URL(options.baseUrl);
  const document = options.document ?? (await fetchDocument(base));
  const skip = new Set(options.skip ?? []);
  const operations = operationsOf(document).filter((o) => !skip.has(o.key));
  if (operations.length === 0) throw new Error('the OpenAPI document lists no operation to fuzz');
  const perOperation = Math.max(1, Math.floor(options.runs / operations.length));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const requestOptions = {
    authorizations: options.authorizations ?? [],
    knownValues: options.knownValues ?? {},
    bodies: options.bodies ?? {},
  };

  // REDRESS_FUZZ_TRACE=1 prints each request line and its status, e.g. to find one that hangs.
  const trace = Boolean(process.env.REDRESS_FUZZ_TRACE);
  const reports: OperationReport[] = [];
  const failures: FuzzFailure[] = [];
  for (const [index, operation] of operations.entries()) {
    const durations: number[] = [];
    const report = emptyReport(operation);
    const seed = options.seed + index;
    const details = await fc.check(
      fc.asyncProperty(requestsFor(document, operation, requestOptions), async (request) => {
        if (trace) process.stderr.write(`→ ${request.method} ${request.url.slice(0, 160)}\n`);
        const response = await send(base, request, timeoutMs);
        if (trace) process.stderr.write(`← ${response.status} in ${response.ms.toFixed(1)} ms\n`);
        record(report, durations, response);
        const problems = problemsWith(response);
        if (problems.length > 0) throw new BadAnswer(problems);
      }),
      {
        seed,
        numRuns: perOperation,
        examples: happyRequests(operation, requestOptions).map((r): [FuzzRequest] => [r]),
      },
    );
    if (details.failed) failures.push(failureOf(operation, details, seed));
    reports.push(withTimes(report, durations));
  }
  return summarise(options.service ?? base.host, options.seed, reports, failures);
}

async function fetchDocument(base: URL): Promise<OpenApiDocument> {
  const response = await fetch(new URL('/docs-json', base));
  if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

function emptyReport(operation: Operation): OperationReport {
  return {
    operation: operation.key,
    requests: 0,
    byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0 },
    byStatus: {},
    p50Ms: 0,
    p99Ms: 0,
    maxMs: 0,
  };
}

function record(report: OperationReport, durations: number[], response: FuzzResponse): void {
  if (response.status === -1) return;
  report.requests += 1;
  report.byClass[classOf(response.status)] += 1;
  report.byStatus[String(response.status)] = (report.byStatus[String(response.status)] ?? 0) + 1;
  durations.push(response.ms);
}

function classOf(status: number): StatusClass {
  if (status >= 200 && status < 300) return '2xx';
  if (status >= 300 && status < 400) return '3xx';
  if (status >= 400 && status < 500) return '4xx';
  if (status >= 500) return '5xx';
  return 'none';
}

function withTimes(report: OperationReport, durations: number[]): OperationReport {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { ...report, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] ?? 0 };
}

function failureOf(
  operation: Operation,
  details: Awaited<ReturnType<typeof fc.check<[FuzzRequest]>>>,
  seed: number,
): FuzzFailure {
  const request = details.counterexample?.[0];
  const error = details.errorInstance;
  return {
    operation: operation.key,
    problems:
      error instanceof BadAnswer
        ? error.problems
        : [details.interrupted ? 'interrupted' : String(error ?? 'failed')],
    request: request ? describeRequest(request) : '(none)',
    seed,
    path: details.counterexamplePath ?? '',
  };
}

function summarise(
  service: string,
  seed: number,
  operations: OperationReport[],
  failures: FuzzFailure[],
): FuzzReport {
  const byClass: Record<StatusClass, number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0 };
  for (const o of operations) {
    for (const key of Object.keys(byClass) as StatusClass[]) byClass[key] += o.byClass[key];
  }
  const requests = operations.reduce((sum, o) => sum + o.requests, 0);
  return { service, seed, requests, byClass, operations, failures };
}

/** The report as a few lines: totals, then one line per operation, then each failure. */
export function formatFuzzReport(report: FuzzReport): string {
  const c = report.byClass;
  const lines = [
    `${report.service}: ${report.requests} requests (seed ${report.seed}): ${c['2xx']} 2xx, ${c['4xx']} 4xx, ${c['5xx']} 5xx, ${c.none} unanswered; ${report.failures.length} failing operation(s)`,
  ];
  const width = Math.max(...report.operations.map((o) => o.operation.length));
  for (const o of report.operations) {
    const statuses = Object.entries(o.byStatus)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    lines.push(
      `  ${o.operation.padEnd(width)}  ${String(o.requests).padStart(5)}  p50 ${o.p50Ms.toFixed(1)} ms, p99 ${o.p99Ms.toFixed(1)} ms  ${statuses}`,
    );
  }
  for (const f of report.failures) {
    lines.push(
      `FAILED ${f.operation} (seed ${f.seed}, path ${f.path}):`,
      ...f.problems.map((p) => `  ${p}`),
      `  smallest failing request:\n  ${f.request.replace(/\n/g, '\n  ')}`,
    );
  }
  return lines.join('\n');
}

/**
 * `knownValues` from records made before fuzzing: for each parameter name, the values of one
 * field of every record (`{ id: 'complaintId', code: 'accessCode' }`).
 */
export function knownValuesFrom<T extends object>(
  records: readonly T[],
  fields: Readonly<Record<string, keyof T>>,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(fields).map(([parameter, field]) => [
      parameter,
      records.map((record) => String(record[field])),
    ]),
  );
}

/**
 * Writes the report as JSON when `REDRESS_FUZZ_REPORT` names a file (`npm run fuzz` reads it);
 * does nothing otherwise.
 */
export function saveFuzzReport(report: FuzzReport, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.REDRESS_FUZZ_REPORT;
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Runs and seed of a fuzz suite: `REDRESS_FUZZ_RUNS` and `REDRESS_FUZZ_SEED` when set (by
 * `npm run fuzz`), else the bounded defaults `npm test` uses.
 */
export function fuzzSettings(
  defaults: { runs: number; seed: number },
  env: NodeJS.ProcessEnv = process.env,
): { runs: number; seed: number } {
  const runs = Number(env.REDRESS_FUZZ_RUNS);
  const seed = Number(env.REDRESS_FUZZ_SEED);
  return {
    runs: Number.isInteger(runs) && runs > 0 ? runs : defaults.runs,
    seed: Number.isInteger(seed) ? seed : defaults.seed,
  };
}
