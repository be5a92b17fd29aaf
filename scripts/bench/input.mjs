// Benchmark part "input": no input reaches a 500, and no input is expensive (issue 10).
//
//   1. shapes   the built intake and triage services as child processes; request bodies of
//               every awkward shape, most of them as large as a body may be (256 kB): nesting
//               past the limit, arrays of tens of thousands of items, strings of a quarter of a
//               megabyte, tens of thousands of keys, strings built against each regular
//               expression and validator that reads user text, and the largest bodies that are
//               valid. Each is sent again and again, one at a time, each once both services
//               have finished what the one before set off; the figure is the answer time seen by
//               the client (p50 and p99), the target under 50 ms, and the status is noted, with
//               the CPU time the services spent per request (user + system, from /proc) and the
//               machine's load average: other work on a shared machine shows in the p99. The
//               same number sent back to back (each meeting the work left by the ones before)
//               is noted beside.
//   2. fuzz     the same services driven by libs/testing's fuzzer (every operation of each
//               OpenAPI document, generated valid and hostile requests): requests, 2xx, 4xx and
//               5xx per service; the target is no 5xx and no answer that breaks the contract.
/* global structuredClone */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, pathToFileURL } from 'node:url';
import { BENCH_TOPIC_PREFIX, say } from '../lib/repo.mjs';
import { benchServiceEnv, freePort, startService } from './lib/service.mjs';
import { serviceProfiling } from './lib/profiled.mjs';
import { processCpuMs } from './lib/sampler.mjs';
import { latencySummary } from './lib/stats.mjs';

export const title =
  'input — bodies of any shape (up to 256 kB) answered in time, and the fuzz run';
export const packages = ['@redress/intake', '@redress/triage', '@redress/testing'];

const TARGET_MS = 50;
/** Just under the services' body limit (HTTP_BODY_LIMIT, 256kb = 262,144 bytes). */
const FULL = 262_000;
const FUZZ_SEED = 20261204;

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    warmup: quick ? 3 : 10,
    repeats: quick ? 10 : 60,
    fuzzRuns: options.fuzzRuns ?? (quick ? 200 : 3000),
  };
}

export async function run(context) {
  const { repoRoot, options } = context;
  const plan = settings(options);
  const require = createRequire(import.meta.url);
  const { intake, triage, tokens } = await startServices(context, require);
  const known = await someComplaints(intake, triage, tokens);
  const rows = [];
  const details = { plan, shapes: [] };

  // 1. Shapes.
  const policy = require(join(repoRoot, 'apps/triage/dist/domain/index.js')).DEFAULT_TRIAGE_POLICY;
  // `--shapes=<text>`: only the shapes whose name contains the text (to profile one of them).
  const chosen = shapes({ intake, triage, tokens, known, policy }).filter(
    (shape) => options.shapes === undefined || shape.name.includes(options.shapes),
  );
  for (const shape of chosen) {
    const measured = await measure(shape, plan, [intake, triage]);
    details.shapes.push(measured);
    rows.push({
      figure: `${shape.route}: ${shape.name}`,
      value: measured.p99,
      unit: 'ms',
      target: { below: TARGET_MS },
      note:
        `p50 ${measured.p50.toFixed(1)} ms; back to back p50 ${measured.backToBack.p50.toFixed(1)} / ` +
        `p99 ${measured.backToBack.p99.toFixed(1)} ms; ` +
        (measured.cpuMsPerRequest === undefined
          ? ''
          : `service CPU ${measured.cpuMsPerRequest.toFixed(1)} ms/request` +
            (measured.otherCpuMsPerRequest === undefined
              ? '; '
              : ` (${measured.other} ${measured.otherCpuMsPerRequest.toFixed(1)}); `)) +
        `load ${measured.loadAverage.toFixed(1)}; ` +
        `${Math.round(shape.body.length / 1024)} kB; answered ${measured.statuses}`,
    });
  }
  // Back to the default policy before the fuzz run (a shape stored a 256 kB one).
  await send(
    triage.base,
    'PUT',
    '/triage/policy',
    tokens.admin,
    Buffer.from(JSON.stringify(policy)),
  );

  // 2. The fuzz run (not when only some shapes were asked for).
  if (options.shapes !== undefined) {
    if (intake.profiling.enabled) {
      details.profiles = [...intake.profiling.profiles, ...triage.profiling.profiles];
    }
    return { rows, details };
  }
  const { fuzzApi, formatFuzzReport, knownValuesFrom } = require('@redress/testing');
  details.fuzz = {};
  for (const [service, target, extra] of [
    ['intake', intake, intakeFuzzOptions(known, knownValuesFrom)],
    ['triage', triage, triageFuzzOptions(known, policy, knownValuesFrom)],
  ]) {
    say(`input: fuzzing ${service} with ${plan.fuzzRuns} requests (seed ${FUZZ_SEED})…`);
    const report = await fuzzApi({
      service,
      baseUrl: target.base,
      runs: plan.fuzzRuns,
      seed: FUZZ_SEED,
      authorizations: tokens.all,
      ...extra,
    });
    say(formatFuzzReport(report));
    details.fuzz[service] = report;
    const c = report.byClass;
    rows.push(
      {
        figure: `fuzz ${service}: requests`,
        value: report.requests,
        note: `seed ${FUZZ_SEED}; ${c['2xx']} 2xx, ${c['4xx']} 4xx, ${c['5xx']} 5xx, ${c.none} unanswered`,
      },
      { figure: `fuzz ${service}: 5xx`, value: c['5xx'], target: { equals: 0 } },
      {
        figure: `fuzz ${service}: operations with an answer that breaks the contract`,
        value: report.failures.length,
        target: { equals: 0 },
        ...(report.failures.length
          ? { note: report.failures.map((f) => `${f.operation}: ${f.problems[0]}`).join('; ') }
          : {}),
      },
    );
  }
  if (intake.profiling.enabled) {
    details.profiles = [...intake.profiling.profiles, ...triage.profiling.profiles];
  }
  return { rows, details };
}

async function startServices(context, require) {
  const { repoRoot, infra, options } = context;
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const { signDevelopmentToken } = require('@redress/platform');
  const { createTopics, startGroupAtEnd } = require('@redress/testing');
  const kafka = { brokers: infra.kafkaBrokers.split(','), topicPrefix: BENCH_TOPIC_PREFIX };
  const reads = [
    'complaints.intake.v1',
    'complaints.resolution.v1',
    'complaints.followup.v1',
    'complaints.analytics.v1',
  ];
  await createTopics([...reads, 'complaints.triage.v1'], { ...kafka, partitions: 3 });
  // Triage reads only what this run registers, intake only the decisions of this run's triage.
  const triageGroup = `bench-input-${randomBytes(4).toString('hex')}`;
  await startGroupAtEnd(triageGroup, reads, kafka);
  const intakeGroup = `bench-input-intake-${randomBytes(4).toString('hex')}`;
  await startGroupAtEnd(intakeGroup, ['complaints.triage.v1'], kafka);

  const secret = randomBytes(32).toString('base64url');
  // Tens of thousands of refused requests would each log a warning; errors still show.
  const env = (extra) =>
    benchServiceEnv({ kafkaBrokers: infra.kafkaBrokers, secret, logLevel: 'error', extra });
  const dbUrl = (role) => serviceDatabaseUrl(role, { db: infra.db, admin: infra.databaseAdminUrl });
  const nodeArgs = options.serviceNodeArgs ?? [];
  const start = async (name, port, extra) => {
    say(`input: starting ${name} on port ${port}…`);
    // `--profile`: each shape's measured requests are a profiled window of the service that
    // answers them (lib/profiled.mjs), summarised on stderr and kept in the result file.
    const profiling = serviceProfiling(context, `input-${name}`);
    const service = await startService({
      name,
      cwd: join(repoRoot, 'apps', name),
      entry: 'dist/main.js',
      port,
      nodeArgs: [...nodeArgs, ...profiling.nodeArgs],
      ipc: profiling.ipc,
      env: env({ PORT: String(port), DATABASE_URL: dbUrl(name), ...extra, ...profiling.env }),
    });
    context.onCleanup(() => service.stop());
    profiling.attach(service);
    return { ...service, profiling, base: `http://127.0.0.1:${port}` };
  };
  const intakePort = await freePort(options.port ?? 3101);
  const intake = await start('intake', intakePort, {
    INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
    INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
    INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
    INTAKE_CONSUMER_GROUP: intakeGroup,
    // The fuzz run would meet the status page's rate limits at once (tested on their own).
    INTAKE_STATUS_LIMIT_PER_CLIENT: '100000',
    INTAKE_STATUS_LIMIT_PER_NUMBER: '100000',
  });
  const triage = await start('triage', await freePort(intakePort + 1), {
    TRIAGE_CONSUMER_GROUP: triageGroup,
  });

  const token = (roles, department) =>
    `Bearer ${signDevelopmentToken({
      sub: `bench-input-${roles.join('-')}`,
      roles,
      ...(department ? { department } : {}),
      secret,
      expiresIn: '4h',
      env: { NODE_ENV: 'development' },
    })}`;
  const tokens = {
    admin: token(['admin']),
    channel: token(['channel'], 'customer-service'),
    supervisor: token(['supervisor']),
  };
  tokens.all = [
    tokens.admin,
    tokens.supervisor,
    token(['agent'], 'customer-service'),
    tokens.channel,
    token(['agent'], 'logistics'),
    token(['analyst'], 'quality'),
  ];
  return { intake, triage, tokens };
}

/** A few complaints registered through intake and triaged, for requests that need one. */
async function someComplaints(intake, triage, tokens) {
  const known = [];
  for (let i = 0; i < 5; i += 1) {
    const phone = `137${String(Date.now() % 1e4).padStart(4, '0')}${String(i).padStart(4, '0')}`;
    const res = await send(
      intake.base,
      'POST',
      '/complaints',
      tokens.channel,
      Buffer.from(
        JSON.stringify({
          channel: 'hotline',
          customer: { name: '张三', phone },
          subject: { type: 'product', productSku: `BENCH-INPUT-${i}-${phone}` },
          description: ['酸奶里有异物', '快递三天没到', '客服态度很差', '重复扣款两次'][i % 4],
        }),
      ),
    );
    if (res.status !== 201)
      throw new Error(`registering a complaint answered ${res.status}: ${res.body}`);
    const receipt = JSON.parse(res.body);
    const view = JSON.parse(
      (await send(intake.base, 'GET', `/complaints/${receipt.complaintId}`, tokens.admin)).body,
    );
    known.push({ ...receipt, customerRef: view.customer.customerRef });
  }
  const deadline = Date.now() + 60_000;
  for (const { complaintId } of known) {
    while (
      (await send(triage.base, 'GET', `/triage/${complaintId}`, tokens.admin)).status !== 200
    ) {
      if (Date.now() > deadline)
        throw new Error('triage did not decide on the registered complaints');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return known;
}

/** Every shape, as `{ route, name, base, method, path, token, body }`. */
function shapes({ intake, triage, tokens, known, policy }) {
  const id = known[0].complaintId;
  const json = (value) => Buffer.from(JSON.stringify(value));
  const padded = (prefix, unit, suffix) => {
    const count = Math.floor((FULL - prefix.length - suffix.length) / Buffer.byteLength(unit));
    return Buffer.from(prefix + unit.repeat(count) + suffix);
  };
  const complaint = (overrides = {}) => ({
    channel: 'web',
    customer: { name: '李四', phone: '13900001111' },
    subject: { type: 'product', productSku: 'BENCH-SHAPES' },
    description: '酸奶包装破损',
    ...overrides,
  });
  const register = (name, body, token = tokens.channel) => ({
    route: 'POST /complaints',
    name,
    base: intake.base,
    service: intake,
    method: 'POST',
    path: '/complaints',
    token,
    body,
  });
  // A valid registration from a new customer each time: a new complaint (201), never a link to
  // an earlier one, whose stream would grow with every repetition.
  let customers = 0;
  const registerNew = (name, fields) => ({
    ...register(name, json(complaint(fields))),
    repeatWith: () => {
      customers += 1;
      const phone = `136${String(customers).padStart(8, '0')}`;
      const given = fields.customer ?? complaint().customer;
      // The external id, when there is one, is what identifies the customer.
      const customer = {
        ...given,
        phone,
        ...(given.externalId
          ? { externalId: `${customers}-${given.externalId}`.slice(0, 100) }
          : {}),
      };
      return json(complaint({ ...fields, customer }));
    },
  });
  const atLimits = complaint({
    customer: {
      name: '欧'.repeat(200),
      phone: '+86 138 0013 8000',
      email: `${'a'.repeat(64)}@${['b', 'c', 'd'].map((l) => l.repeat(60)).join('.')}.com`,
      externalId: 'x'.repeat(100),
      tier: 'high',
    },
    subject: {
      type: 'product',
      productSku: 'S'.repeat(100),
      productModel: 'M'.repeat(100),
      batchNo: 'B'.repeat(100),
      orderId: 'O'.repeat(100),
      purchaseChannel: '店'.repeat(100),
      purchasedAt: '2026-11-01',
      staffId: 'T'.repeat(100),
    },
    title: '标'.repeat(200),
    description: '酸奶里有苍蝇，请打电话 13812345678 或写信 a.b@example.com。'
      .repeat(240)
      .slice(0, 10_000),
    desiredRemedies: ['refund', 'exchange', 'repair', 'apology', 'compensation', 'explanation'],
    occurredAt: '2026-11-22T18:30:00+08:00',
    region: 'r'.repeat(100),
    language: 'zh-Hans-CN',
    complainantCount: 1_000_000,
    flags: {
      lawsuitFiled: true,
      legalThreat: true,
      mediaExposed: true,
      mediaThreat: true,
      regulatorInvolved: true,
      safetyIncident: true,
    },
    attachments: Array.from({ length: 50 }, (_, i) => ({
      name: `照片-${i}-${'n'.repeat(240)}`,
      sha256: randomBytes(32).toString('hex'),
      url: `https://files.example.com/${i}/${'u'.repeat(1900)}`,
    })),
  });
  // The largest policy a policy may be: 10,000 keywords (MAX_POLICY_KEYWORDS), no list over
  // 1,000; and one keyword more.
  const keywordLists = (p) =>
    Object.values(p.taxonomy.types).flatMap((type) => Object.values(type.categories));
  const countKeywords = (node) =>
    Array.isArray(node)
      ? node.reduce((n, item) => n + countKeywords(item), 0)
      : node !== null && typeof node === 'object'
        ? Object.entries(node).reduce(
            (n, [key, value]) =>
              n +
              (key === 'keywords' && Array.isArray(value) ? value.length : countKeywords(value)),
            0,
          )
        : 0;
  const bigPolicy = structuredClone(policy);
  let total = countKeywords(bigPolicy);
  for (const category of keywordLists(bigPolicy)) {
    while (category.keywords.length < 1_000 && total < 10_000) {
      category.keywords.push(`bench word ${total}`);
      total += 1;
    }
  }
  const tooBigPolicy = structuredClone(bigPolicy);
  keywordLists(tooBigPolicy)
    .find((c) => c.keywords.length < 1_000)
    ?.keywords.push('one keyword too many');
  return [
    register(
      'nested arrays 131,000 levels deep',
      Buffer.from(`{"channel":"web","x":${'['.repeat(130_980)}${']'.repeat(130_980)}}`),
    ),
    register(
      'nested objects 37,000 levels deep',
      Buffer.from(`{"channel":"web","x":${'{"a":'.repeat(37_400)}1${'}'.repeat(37_400)}}`),
    ),
    register(
      'desiredRemedies of 29,000 items',
      padded('{"channel":"web","desiredRemedies":[', '"refund",', '"refund"]}'),
    ),
    register(
      'attachments: 65,000 empty objects',
      padded('{"channel":"web","attachments":[', '{},', '{}]}'),
    ),
    register(
      'description of 262,000 characters',
      padded('{"channel":"web","description":"', 'a', '"}'),
    ),
    register('20,000 unknown members', padded('{"channel":"web"', ',"k1234567":0', '}')),
    register('an array instead of an object', padded('[', '{"channel":"web"},', '{}]')),
    register(
      'the phone pattern against 256 kB',
      padded('{"customer":{"name":"x","phone":"1', ' ', '!"}}'),
    ),
    register('the language pattern against 256 kB', padded('{"language":"en', '-abcdefgh', '!"}')),
    register(
      'the e-mail validator against 256 kB',
      padded('{"customer":{"name":"x","email":"', 'a', '@example.com"}}'),
    ),
    register(
      'the URL validator against 256 kB',
      padded(
        '{"attachments":[{"name":"a","sha256":"' + 'a'.repeat(64) + '","url":"http://',
        'a.',
        '"}]}',
      ),
    ),
    register(
      'the date validator against 256 kB',
      padded('{"occurredAt":"2026-11-22T18:30:00.', '0', 'Z"}'),
    ),
    // The floor the valid shapes below stand on: what any registration costs here (the
    // database commit, the vault, the outbox), whatever its size.
    registerNew('an ordinary registration (valid, under 1 kB)', {}),
    registerNew('10,000 characters against the e-mail mask (no @)', {
      description: 'a'.repeat(10_000),
    }),
    registerNew('10,000 characters against the e-mail mask (a@a.a.a…)', {
      description: `a@${'a.'.repeat(4_998)}1`,
    }),
    registerNew('10,000 characters against the phone mask (1 1 1 …)', {
      description: '1 '.repeat(5_000),
    }),
    registerNew('every field at its maximum (valid, 131 kB)', atLimits),
    {
      route: 'POST /complaints/{id}/amendments',
      name: 'attachments past the total of 50',
      base: intake.base,
      service: intake,
      method: 'POST',
      path: `/complaints/${id}/amendments`,
      token: tokens.admin,
      body: json({ attachments: atLimits.attachments.slice(0, 50) }),
      repeatWith: (i) =>
        json({
          attachments: atLimits.attachments
            .slice(0, 50)
            .map((a) => ({ ...a, sha256: randomBytes(32).toString('hex'), name: `${i}` })),
        }),
    },
    {
      route: 'POST /triage/{complaintId}/reclassification',
      name: 'reason of 262,000 characters',
      base: triage.base,
      service: triage,
      method: 'POST',
      path: `/triage/${id}/reclassification`,
      token: tokens.supervisor,
      body: padded('{"reason":"', '理', '"}'),
    },
    {
      route: 'PUT /triage/policy',
      name: '20,000 unknown members',
      base: triage.base,
      service: triage,
      method: 'PUT',
      path: '/triage/policy',
      token: tokens.admin,
      body: padded('{"taxonomy":{}', ',"k1234567":0', '}'),
    },
    {
      route: 'PUT /triage/policy',
      name: `a policy one keyword past the limit of 10,000`,
      base: triage.base,
      service: triage,
      method: 'PUT',
      path: '/triage/policy',
      token: tokens.admin,
      body: json(tooBigPolicy),
    },
    {
      route: 'PUT /triage/policy',
      name: `a valid policy at the limit: ${countKeywords(bigPolicy).toLocaleString('en-US')} keywords`,
      base: triage.base,
      service: triage,
      method: 'PUT',
      path: '/triage/policy',
      token: tokens.admin,
      body: json(bigPolicy),
    },
  ];
}

async function measure(shape, plan, services) {
  const statuses = new Map();
  const send1 = async (i) => {
    const body = shape.repeatWith ? shape.repeatWith(i) : shape.body;
    const res = await send(shape.base, shape.method, shape.path, shape.token, body);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return res;
  };
  for (let i = 0; i < plan.warmup; i += 1) await send1(i);
  statuses.clear();
  // The other service works on what this one published (triage decides on a registration,
  // intake reads triage's events): its CPU in the same window is reported beside.
  const other = services.find((service) => service !== shape.service);
  const pids = [shape.service.pid, other?.pid].filter((pid) => pid !== undefined);
  // The target's figure: each body sent once both services have finished what the previous one
  // set off (its event relayed, triage's decision taken, intake reading it back) — the answer
  // time of a body, not of the queue behind the one before. CPU per request is taken over this
  // pass, so it holds all of a request's work, the part after its answer included.
  const paced = { times: [], settleMs: [] };
  let cpuBefore;
  let cpuAfter;
  const measured = async () => {
    await settle(pids);
    cpuBefore = [processCpuMs(shape.service.pid), other && processCpuMs(other.pid)];
    for (let i = plan.warmup; i < plan.warmup + plan.repeats; i += 1) {
      paced.times.push((await send1(i)).ms);
      paced.settleMs.push(await settle(pids));
    }
    cpuAfter = [processCpuMs(shape.service.pid), other && processCpuMs(other.pid)];
  };
  // Under `--profile` the window is profiled in both services (the CPU figures then include the
  // profiler's cost).
  const window = slug(shape.name);
  await shape.service.profiling.profiled(
    window,
    () => (other ? other.profiling.profiled(window, measured, plan.repeats) : measured()),
    plan.repeats,
  );
  // For information: the same number sent back to back, each meeting the work the ones before it
  // left behind (a throughput figure as much as an answer time).
  const backToBack = [];
  const offset = plan.warmup + plan.repeats;
  for (let i = offset; i < offset + plan.repeats; i += 1) backToBack.push((await send1(i)).ms);
  await settle(pids);
  const perRequest = (i) =>
    cpuBefore?.[i] === undefined || cpuAfter?.[i] === undefined
      ? undefined
      : (cpuAfter[i] - cpuBefore[i]) / plan.repeats;
  const summary = latencySummary(paced.times);
  const loaded = latencySummary(backToBack);
  return {
    // The service's CPU (its own work, background included) per measured request: what the
    // request costs whatever else the machine runs. /proc counts in clock ticks (10 ms).
    cpuMsPerRequest: perRequest(0),
    other: other?.name,
    otherCpuMsPerRequest: perRequest(1),
    loadAverage: os.loadavg()[0],
    route: shape.route,
    name: shape.name,
    bytes: shape.body.length,
    p50: summary.p50,
    p99: summary.p99,
    max: summary.max,
    settleMsP50: latencySummary(paced.settleMs).p50,
    backToBack: { p50: loaded.p50, p99: loaded.p99, max: loaded.max },
    statuses: [...statuses].map(([status, n]) => `${status}×${n}`).join(' '),
    times: paced.times.map((ms) => Math.round(ms * 10) / 10),
    backToBackTimes: backToBack.map((ms) => Math.round(ms * 10) / 10),
  };
}

/** No CPU tick of the services for this long counts as done with what a request set off. */
const QUIET_MS = 60;
const SETTLE_LIMIT_MS = 2_000;

/**
 * Waits until none of the processes has used CPU for QUIET_MS (at most SETTLE_LIMIT_MS), and
 * resolves with how long that took.
 */
async function settle(pids) {
  const started = performance.now();
  const total = () => pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
  let last = total();
  let quietSince = performance.now();
  while (performance.now() - started < SETTLE_LIMIT_MS) {
    await sleep(10);
    const now = total();
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= QUIET_MS) {
      break;
    }
  }
  return performance.now() - started;
}

/** A shape's name as a file name's part. */
function slug(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/**
 * One request; resolves with the status, the body and the time to the last byte. A kept-alive
 * connection the server closed while idle is retried on a new one (Node's documented race).
 */
async function send(base, method, path, authorization, body) {
  try {
    return await attempt(base, method, path, authorization, body);
  } catch (error) {
    if (error.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up')) {
      return attempt(base, method, path, authorization, body);
    }
    throw new Error(`${method} ${path}: ${error.message}`, { cause: error });
  }
}

function attempt(base, method, path, authorization, body) {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: {
          authorization,
          ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });
}

function intakeFuzzOptions(known, knownValuesFrom) {
  return {
    // As apps/intake/test/fuzz.e2e-spec.ts: which field of a complaint each parameter takes.
    knownValues: knownValuesFrom(known, {
      id: 'complaintId',
      trackingNo: 'trackingNo',
      'X-Access-Code': 'accessCode',
      customerRef: 'customerRef',
    }),
    bodies: {
      'POST /complaints': [
        {
          channel: 'app',
          customer: { name: '王五', phone: '13700001111', email: 'w@example.com' },
          subject: { type: 'logistics', orderId: 'ORD-1' },
          description: '快递三天没到，电话 13700001111',
          flags: { mediaThreat: true },
        },
      ],
      'POST /complaints/{id}/amendments': [{ title: '补充说明', flags: { legalThreat: true } }],
      'POST /complaints/{id}/withdrawal': [{ reason: '客户已自行解决' }],
      'POST /public/complaints/{trackingNo}/status': known.map((k) => ({
        accessCode: k.accessCode,
      })),
    },
  };
}

function triageFuzzOptions(known, policy, knownValuesFrom) {
  return {
    knownValues: knownValuesFrom(known, { complaintId: 'complaintId' }),
    bodies: {
      'PUT /triage/policy': [policy],
      'POST /triage/{complaintId}/reclassification': [
        { reason: '复核后确认', severity: 'serious' },
        { reason: 'checked with the customer', type: 'logistics' },
      ],
    },
  };
}
