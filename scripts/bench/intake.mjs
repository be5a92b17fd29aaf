// Benchmark part "intake": how many complaints the intake service registers per second over
// HTTP, each committed to Postgres and published to Kafka through the outbox, and how that
// compares with the plainest thing the same database can do (single-row INSERT transactions).
//
// Phases, against the built service started as a child process on a free port:
//   1. warm-up       closed loop, a few seconds, so the service's code is optimised and its pools
//                    are full before anything counts
//   2. throughput    closed loop at each candidate concurrency; the best one is the figure
//   3. fixed rate    open loop at 500 registrations/s: p50/p99 latency as a channel sees it
//   (the service's memory is sampled through phases 2–3)
//   4. baseline      the service is stopped; single-row INSERT transactions from Node
//   5. profile       only with --profile: the service again, with a CPU profiler and a counter
//                    of Postgres round-trips preloaded, under the best closed-loop load
// After phases 1–3 the benchmark waits until the outbox is drained (every committed event is on
// Kafka) and reports both rates: acknowledged over HTTP and published.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BENCH_TOPIC_PREFIX, say } from '../lib/repo.mjs';
import { insertBaseline } from './lib/baseline.mjs';
import { complaintBodies } from './lib/complaints.mjs';
import { startGroupAtEnd } from './lib/kafka.mjs';
import { analyseSchema, connect, postgresSessions } from './lib/database.mjs';
import { closedLoop, failuresOf, openLoop } from './lib/load.mjs';
import { OutboxWatch } from './lib/outbox.mjs';
import { summariseProfile } from './lib/profile-summary.mjs';
import { cpuWindow, sampleRss, statusKb } from './lib/sampler.mjs';
import { benchServiceEnv, freePort, startService } from './lib/service.mjs';
import { latencySummary } from './lib/stats.mjs';

export const title = 'intake — complaint registration over HTTP (durable commit and publish)';
/** Workspace packages this part needs built. */
export const packages = ['@redress/intake'];

// The benchmark keeps to its own namespace on the shared broker.
const TOPIC = `${BENCH_TOPIC_PREFIX}complaints.intake.v1`;
const DEFAULT_POOL_SIZE = 20; // IntakeConfig.DATABASE_POOL_SIZE
const TARGETS = {
  registrationsPerSecond: 1500,
  p99AtRateMs: 50,
  ratio: 0.5,
  rssMb: 200,
};

/** Phase lengths and loads; `--quick` shortens everything for a smoke run. */
function settings(options) {
  const quick = Boolean(options.quick);
  return {
    warmupS: options.warmup ?? (quick ? 3 : 8),
    durationS: options.duration ?? (quick ? 5 : 20),
    connections: options.connections ?? [32, 64],
    rate: options.rate ?? 500,
    rateDurationS: options.rateDuration ?? (quick ? 5 : 20),
    baselineS: options.baselineDuration ?? (quick ? 5 : 15),
    profileS: options.profileDuration ?? (quick ? 5 : 15),
  };
}

export async function run(context) {
  const { repoRoot, infra, benchDbAdminUrl, options } = context;
  const plan = settings(options);
  const postgresPids = postgresSessions(infra.databaseAdminUrl, infra.db);
  const appDir = join(repoRoot, 'apps/intake');
  if (!existsSync(join(appDir, 'dist/main.js'))) {
    throw new Error('apps/intake/dist/main.js is missing: the build did not produce it');
  }
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const databaseUrl = serviceDatabaseUrl('intake', { db: infra.db, admin: infra.databaseAdminUrl });
  const poolSize = Number(process.env.DATABASE_POOL_SIZE) || DEFAULT_POOL_SIZE;

  // Secrets of this run only: a token signed with them is worthless afterwards. The same for
  // every start of the service in this run, so it can read what it stored before.
  const jwtSecret = randomBytes(32).toString('base64url');
  const dataKey = randomBytes(32).toString('base64');
  const customerRefKey = randomBytes(32).toString('base64');
  const accessCodeKey = randomBytes(32).toString('base64');
  // Intake reads triage's topic for the routing; the namespace's topic holds earlier runs'
  // decisions, which this run's intake must not spend its time on.
  const intakeGroup = `bench-intake-${randomUUID().slice(0, 8)}`;
  await startGroupAtEnd(infra.kafkaBrokers, BENCH_TOPIC_PREFIX + intakeGroup, [
    `${BENCH_TOPIC_PREFIX}complaints.triage.v1`,
  ]);
  const serviceEnv = (port, extra = {}) =>
    benchServiceEnv({
      kafkaBrokers: infra.kafkaBrokers,
      secret: jwtSecret,
      extra: {
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        INTAKE_DATA_KEY: dataKey,
        INTAKE_CUSTOMER_REF_KEY: customerRefKey,
        INTAKE_ACCESS_CODE_KEY: accessCodeKey,
        INTAKE_CONSUMER_GROUP: intakeGroup,
        ...extra,
      },
    });
  const token = channelToken(jwtSecret);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const nextBody = complaintBodies();

  const start = async (extraEnv = {}, probeArgs = [], { ipc = false } = {}) => {
    const nodeArgs = [...(options.serviceNodeArgs ?? []), ...probeArgs];
    const port = await freePort(options.port ?? 3101);
    say(`intake: starting the built service on port ${port} (it migrates its schema first)…`);
    const service = await startService({
      name: 'intake',
      cwd: appDir,
      entry: 'dist/main.js',
      env: serviceEnv(port, extraEnv),
      port,
      nodeArgs,
      ipc,
    });
    context.onCleanup(() => service.stop());
    return service;
  };

  const watch = new OutboxWatch({
    databaseUrl: benchDbAdminUrl,
    schema: 'intake',
    brokers: infra.kafkaBrokers,
    topic: TOPIC,
  });
  await watch.open();
  context.onCleanup(() => watch.close());

  const details = { plan, poolSize, failures: [] };
  const checkFailures = (phase, result) => {
    const f = failuresOf(result);
    if (f.unexpected + f.errors + f.timeouts > 0) {
      details.failures.push({ phase, ...f, statuses: result.statuses });
      say(
        `intake: !!! ${phase}: ${f.unexpected} answers other than 201 ` +
          `(${JSON.stringify(result.statuses)}), ${f.errors} connection errors, ${f.timeouts} timeouts`,
      );
    }
    return f.unexpected + f.errors + f.timeouts;
  };

  /** Runs one load phase and waits for the outbox to drain; the phase's figures. */
  const measured = async (phase, load, service) => {
    await watch.settled();
    const before = await watch.counts();
    const topicBefore = await watch.topicEnd();
    const walBefore = await walLsn(benchDbAdminUrl);
    const cpu = cpuWindow(service.pid, { postgresPids });
    const lag = watch.sampleLag(1000);
    await cpu.start();
    const startedAt = performance.now();
    const result = await load();
    const loadEndedAt = performance.now();
    const cpuUse = await cpu.stop();
    const { maxLag } = lag.stop();
    const walBytes = (await walLsn(benchDbAdminUrl)) - walBefore;
    const { drainedAt } = await watch.waitDrained();
    const after = await watch.counts();
    const topicGrowth = (await watch.topicEnd()) - topicBefore;
    // Drained: every event committed so far is on Kafka, so every registration in the store is
    // published (a registration is two events: ComplaintRegistered, ComplaintAcknowledged).
    const publishedEvents = after.published - before.published;
    const registered = after.registered - before.registered;
    const failed = checkFailures(phase, result);
    const figures = {
      phase,
      ...withoutSamples(result),
      latency: latencySummary(result.latencies),
      ...(result.latenciesFromSend
        ? { latencyFromSend: latencySummary(result.latenciesFromSend) }
        : {}),
      failed,
      registeredInStore: registered,
      publishedEvents,
      publishedPerSecond: registered / ((drainedAt - startedAt) / 1000),
      drainAfterLoadMs: drainedAt - loadEndedAt,
      maxOutboxLag: maxLag,
      topicGrowth,
      walBytesPerRegistration: registered > 0 ? walBytes / registered : undefined,
      cpu: cpuUse,
      cpuMsPerRegistration:
        cpuUse && result.ok
          ? Object.fromEntries(
              ['service', 'postgres', 'kafka', 'loadGenerator'].map((g) => [
                g,
                cpuUse[g].cpuMs / result.ok,
              ]),
            )
          : undefined,
    };
    if (registered < result.ok) {
      details.failures.push({
        phase,
        problem: `${result.ok} acknowledged but ${registered} in the store`,
      });
      say(
        `intake: !!! ${phase}: ${result.ok} registrations acknowledged but only ${registered} in the event store`,
      );
    }
    if (topicGrowth < publishedEvents) {
      details.failures.push({
        phase,
        problem: `topic grew by ${topicGrowth} < ${publishedEvents} events published`,
      });
      say(
        `intake: !!! ${phase}: ${TOPIC} grew by ${topicGrowth} messages, fewer than the ${publishedEvents} events published`,
      );
    }
    say(
      `intake: ${phase}: ${round(figures.okPerSecond)} registrations/s acknowledged, ` +
        `${round(figures.publishedPerSecond)}/s published, p50 ${round(figures.latency.p50)} ms, ` +
        `p99 ${round(figures.latency.p99)} ms, outbox drained ${round(figures.drainAfterLoadMs)} ms after the load` +
        (cpuUse?.service
          ? `; intake used ${round(cpuUse.service.cores)} cores, Postgres ${round(cpuUse.postgres.cores)}`
          : ''),
    );
    return figures;
  };

  // ── phases 1–3 ────────────────────────────────────────────────────────────────────────────
  const service = await start();
  details.rssWhenReadyMb = (statusKb(service.pid, 'VmRSS') ?? Number.NaN) / 1024;
  const url = service.url;
  const post = { url, path: '/complaints', headers, nextBody };

  say(`intake: warm-up, ${plan.warmupS} s at 32 connections…`);
  const warm = await closedLoop({ ...post, connections: 32, durationS: plan.warmupS });
  checkFailures('warm-up', warm);
  await watch.waitDrained();
  // The tables were created empty moments ago. A production database has statistics on them
  // (autovacuum analyses a table after its first few dozen rows); without them the planner
  // guesses, and may pick an index that turns the duplicate check into a scan of every open
  // complaint. Give the planner what autovacuum would have, whether or not it runs here.
  await analyseSchema(benchDbAdminUrl, 'intake');

  const rss = sampleRss(service.pid, 250);
  const throughput = [];
  for (const connections of plan.connections) {
    say(`intake: maximum throughput, ${plan.durationS} s at ${connections} connections…`);
    throughput.push(
      await measured(
        `throughput-${connections}`,
        () => closedLoop({ ...post, connections, durationS: plan.durationS }),
        service,
      ),
    );
  }
  const best = throughput.reduce((a, b) => (b.okPerSecond > a.okPerSecond ? b : a));

  say(`intake: fixed rate, ${plan.rate}/s for ${plan.rateDurationS} s…`);
  const fixed = await measured(
    `rate-${plan.rate}`,
    () =>
      openLoop({
        ...post,
        rate: plan.rate,
        durationS: plan.rateDurationS,
        isStopped: () => context.stopped,
      }),
    service,
  );
  const memory = rss.stop();
  const sample = await sampleEvent(benchDbAdminUrl);
  const how = await service.stop();
  details.serviceExit = how;

  // ── phase 4: baseline ─────────────────────────────────────────────────────────────────────
  say(
    `intake: baseline, single-row INSERT transactions for ${plan.baselineS} s (pool ${poolSize}, ${best.connections} concurrent)…`,
  );
  const baseline = await insertBaseline({
    adminDbUrl: benchDbAdminUrl,
    roleDbUrl: databaseUrl,
    role: 'intake',
    payload: sample.payload,
    poolSize,
    concurrency: best.connections,
    durationS: plan.baselineS,
    isStopped: () => context.stopped,
    postgresPids,
  });
  say(
    `intake: baseline ${round(baseline.perSecond)} transactions/s, p99 ${round(baseline.latency.p99)} ms` +
      (baseline.cpuMsPerTransaction
        ? `; CPU per transaction: Node ${round(baseline.cpuMsPerTransaction.node)} ms, Postgres ${round(baseline.cpuMsPerTransaction.postgres)} ms`
        : ''),
  );

  // ── phase 5: profile (optional) ───────────────────────────────────────────────────────────
  let profile;
  if (options.profile) {
    profile = await profileRun({
      context: { ...context, postgresPids, checkFailures },
      start,
      post,
      connections: best.connections,
      seconds: plan.profileS,
      watch,
    });
  }

  // ── report ────────────────────────────────────────────────────────────────────────────────
  const failedTotal =
    details.failures.reduce(
      (sum, f) => sum + (f.unexpected ?? 0) + (f.errors ?? 0) + (f.timeouts ?? 0),
      0,
    ) + details.failures.filter((f) => f.problem).length;
  const ratio = best.okPerSecond / baseline.perSecond;
  const cpu = best.cpu;
  const rows = [
    {
      figure: `registrations/s, HTTP 201 (best: ${best.connections} connections)`,
      value: best.okPerSecond,
      unit: '/s',
      target: { min: TARGETS.registrationsPerSecond },
      note:
        throughput.length > 1
          ? `tried ${throughput.map((t) => `${t.connections} conn: ${round(t.okPerSecond)}/s`).join(', ')}`
          : undefined,
    },
    {
      figure: 'registrations published to Kafka/s (first request → outbox drained)',
      value: best.publishedPerSecond,
      unit: '/s',
      target: { min: TARGETS.registrationsPerSecond },
    },
    { figure: 'latency p50 at maximum throughput', value: best.latency.p50, unit: 'ms' },
    { figure: 'latency p99 at maximum throughput', value: best.latency.p99, unit: 'ms' },
    { figure: 'outbox drained after the load ended', value: best.drainAfterLoadMs, unit: 'ms' },
    { figure: 'largest outbox lag during the load', value: best.maxOutboxLag, unit: 'events' },
    {
      figure: `registrations/s achieved at fixed ${plan.rate}/s`,
      value: fixed.okPerSecond,
      unit: '/s',
    },
    { figure: `latency p50 at ${plan.rate}/s`, value: fixed.latency.p50, unit: 'ms' },
    {
      figure: `latency p99 at ${plan.rate}/s`,
      value: fixed.latency.p99,
      unit: 'ms',
      target: { below: TARGETS.p99AtRateMs },
    },
    {
      figure: 'intake RSS, largest sample during phases 2–3',
      value: memory.maxMb,
      unit: 'MB',
      target: { below: TARGETS.rssMb },
      note: `peak since start (VmHWM) ${round(memory.peakSinceStartMb)} MB, ${memory.samples} samples every 250 ms`,
    },
    {
      figure: `baseline INSERT transactions/s (pool ${poolSize}, ${best.connections} concurrent)`,
      value: baseline.perSecond,
      unit: '/s',
      note: `p50 ${round(baseline.latency.p50)} ms, p99 ${round(baseline.latency.p99)} ms, payload ${baseline.payloadBytes} bytes`,
    },
    {
      figure: 'ratio registrations/s ÷ baseline transactions/s',
      value: ratio,
      target: { min: TARGETS.ratio },
    },
    {
      figure: 'CPU at maximum throughput: intake (cores of 2)',
      value: cpu?.service?.cores,
      note: cpu
        ? `Postgres ${round(cpu.postgres.cores)} (other databases ${round(cpu.postgresOther.cores)}), Kafka ${round(cpu.kafka.cores)}, load generator ${round(cpu.loadGenerator.cores)}, machine busy ${round(cpu.machine?.busyCores)} cores`
        : 'no /proc on this system',
    },
    {
      figure: 'failed requests and consistency problems',
      value: failedTotal,
      target: { equals: 0 },
      note: failedTotal ? 'see "failures" in the result file' : undefined,
    },
  ];
  if (profile?.roundTripsPerRegistration !== undefined) {
    rows.push({
      figure: 'Postgres round-trips per registration (profile run)',
      value: profile.roundTripsPerRegistration,
    });
  }

  return {
    rows,
    details: {
      ...details,
      intakeEnv: { NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: poolSize },
      serviceNodeArgs: options.serviceNodeArgs ?? [],
      averageEventBytes: sample.averageBytes,
      warmUp: { ...withoutSamples(warm), latency: latencySummary(warm.latencies) },
      throughput,
      fixedRate: fixed,
      memory,
      baseline,
      ...(profile ? { profile } : {}),
    },
  };
}

/** A `channel` token, as a hotline or web-form integration holds one. */
function channelToken(secret) {
  const require = createRequire(import.meta.url);
  const { signDevelopmentToken } = require('@redress/platform');
  return signDevelopmentToken({
    sub: 'bench-hotline-integration',
    roles: ['channel'],
    department: 'customer-service',
    secret,
    expiresIn: '4h',
    // The benchmark's service runs with NODE_ENV=development whatever this shell says.
    env: { NODE_ENV: 'development' },
  });
}

/** One registration's event as stored (data and metadata), and the average stored size. */
async function sampleEvent(adminDbUrl) {
  const db = await connect(adminDbUrl);
  try {
    const { rows } = await db.query(
      `SELECT data, metadata,
              (SELECT avg(octet_length(data::text) + octet_length(metadata::text)) FROM intake.events) AS avg
         FROM intake.events WHERE type = 'ComplaintRegistered' LIMIT 1`,
    );
    const row = rows[0];
    return row
      ? { payload: { data: row.data, metadata: row.metadata }, averageBytes: Number(row.avg) }
      : { payload: { description: '酸奶里有苍蝇'.repeat(60) }, averageBytes: undefined };
  } finally {
    await db.end();
  }
}

async function walLsn(adminDbUrl) {
  const db = await connect(adminDbUrl);
  try {
    const { rows } = await db.query(
      `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS at`,
    );
    return Number(rows[0].at);
  } finally {
    await db.end();
  }
}

/**
 * The service once more, with the probe preloaded: a CPU profile and Postgres round-trip counts
 * of a closed-loop window, summarised.
 */
async function profileRun({ context, start, post, connections, seconds, watch }) {
  const dir = join(context.outDir, `intake-profile-${context.stamp}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const probe = pathToFileURL(join(context.repoRoot, 'scripts/bench/lib/probe.mjs')).href;
  const service = await start({ BENCH_PROBE_DIR: dir }, ['--import', probe], { ipc: true });
  say(
    `intake: profile run: warm-up, then ${seconds} s at ${connections} connections with the profiler on…`,
  );
  await closedLoop({ ...post, connections, durationS: 5 });
  await watch.waitDrained();

  // The same service without the database: what the HTTP layers cost on their own.
  const layers = [];
  for (const layer of [
    {
      name: 'GET /health/live: HTTP, middleware, Nest routing (no auth, no database)',
      method: 'GET',
      path: '/health/live',
      headers: {},
      nextBody: () => '',
      expectedStatus: 200,
    },
    {
      name: 'POST /complaints refused by validation: + JSON body, token check, validation, problem answer, a warn log line',
      method: 'POST',
      path: '/complaints',
      headers: post.headers,
      nextBody: () => JSON.stringify({ ...JSON.parse(post.nextBody()), description: '' }),
      expectedStatus: 400,
    },
  ]) {
    const window = cpuWindow(service.pid, { postgresPids: context.postgresPids });
    await window.start();
    const result = await closedLoop({ ...layer, url: post.url, connections, durationS: 5 });
    const use = await window.stop();
    layers.push({
      layer: layer.name,
      perSecond: result.okPerSecond,
      statuses: result.statuses,
      latency: latencySummary(result.latencies),
      serviceCores: use?.service.cores,
      serviceCpuMsPerRequest: use && result.ok ? use.service.cpuMs / result.ok : undefined,
    });
    say(
      `intake: ${layer.name}: ${round(result.okPerSecond)}/s, ` +
        `${round(use && result.ok ? use.service.cpuMs / result.ok : Number.NaN)} ms service CPU per request`,
    );
  }
  const cpu = cpuWindow(service.pid, { postgresPids: context.postgresPids });
  const probeAnswer = (answer) =>
    answer?.probe === 'started' || answer?.probe === 'done' || answer?.probe === 'error';
  let answer = await service.request({ probe: 'start' }, probeAnswer);
  if (answer.probe === 'error') throw new Error(`the profiler failed to start: ${answer.message}`);
  await cpu.start();
  const load = await closedLoop({ ...post, connections, durationS: seconds });
  const cpuUse = await cpu.stop();
  context.checkFailures('profile', load);
  answer = await service.request({ probe: 'stop' }, probeAnswer);
  if (answer.probe === 'error') throw new Error(`the profiler failed: ${answer.message}`);
  await service.stop();

  const probeResult = JSON.parse(readFileSync(join(dir, 'probe.json'), 'utf8'));
  const cpuProfile = JSON.parse(readFileSync(join(dir, 'service.cpuprofile'), 'utf8'));
  const summary = summariseProfile(cpuProfile, { top: 30 });
  // Requests answered during the window; a few in flight at either edge do not matter.
  const registrations = load.ok;
  const statements = Object.entries(probeResult.statements)
    .map(([statement, s]) => ({
      statement,
      calls: s.calls,
      perRegistration: s.calls / registrations,
      meanMs: s.totalMs / s.calls,
    }))
    .sort((a, b) => b.calls - a.calls);
  const totalCalls = statements.reduce((sum, s) => sum + s.calls, 0);
  const profile = {
    files: relative(context.repoRoot, dir),
    layers,
    registrations,
    registrationsPerSecond: load.okPerSecond,
    latency: latencySummary(load.latencies),
    cpu: cpuUse,
    eventLoopUtilisation: probeResult.eventLoopUtilisation,
    serviceCpuMsPerRegistration: cpuUse ? cpuUse.service.cpuMs / registrations : undefined,
    processCpuMsPerRegistration:
      (probeResult.processCpuMs.user + probeResult.processCpuMs.system) / registrations,
    gc: probeResult.gc,
    poolWaits: {
      ...probeResult.poolWaits,
      meanMs: probeResult.poolWaits.count
        ? probeResult.poolWaits.totalMs / probeResult.poolWaits.count
        : 0,
    },
    memoryMb: probeResult.memoryMb,
    roundTripsPerRegistration: totalCalls / registrations,
    statements,
    busyCpuMsPerRegistration: summary.busyMs / registrations,
    byLayer: summary.byLayer.map((l) => ({ ...l, msPerRegistration: l.selfMs / registrations })),
    byPackage: summary.byPackage.slice(0, 30),
    topFunctions: summary.topFunctions,
  };
  printProfile(profile);
  return profile;
}

function printProfile(p) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const lines = [
    '',
    'intake layers (same service, same concurrency, 5 s each):',
    ...p.layers.map(
      (l) =>
        `  ${round(l.perSecond)}/s, ${round(l.serviceCpuMsPerRequest)} ms service CPU per request: ${l.layer}`,
    ),
    `  ${round(p.registrationsPerSecond)}/s, ${round(p.serviceCpuMsPerRegistration)} ms service CPU per request: ` +
      'POST /complaints registered (201), under the profiler',
    `intake profile: ${round(p.registrationsPerSecond)} registrations/s under the profiler; ` +
      `event loop busy ${pct(p.eventLoopUtilisation).trim()} of the time; ` +
      `${round(p.processCpuMsPerRegistration)} ms CPU per registration in the service ` +
      `(main thread sampled busy ${round(p.busyCpuMsPerRegistration)} ms, which includes waiting for a core)`,
    `  GC: ${p.gc.count} pauses, ${round(p.gc.totalMs)} ms in total; pool waits: ` +
      `${p.poolWaits.count}, mean ${round(p.poolWaits.meanMs)} ms, max ${round(p.poolWaits.maxMs)} ms`,
    '  main-thread time per registration by layer (self time; ms per registration, share):',
    ...p.byLayer.map(
      (l) =>
        `    ${round(l.msPerRegistration).toFixed(2).padStart(6)} ms ${pct(l.selfShare)}  ${l.name}`,
    ),
    `  Postgres round-trips per registration: ${round(p.roundTripsPerRegistration)} (count × mean time until answered)`,
    ...p.statements
      .slice(0, 20)
      .map(
        (s) =>
          `    ${round(s.perRegistration).toString().padStart(5)} × ${round(s.meanMs).toString().padStart(6)} ms  ${s.statement}`,
      ),
    '  main-thread CPU by package (self | including what it called):',
    ...p.byPackage
      .slice(0, 20)
      .map((b) => `    ${pct(b.selfShare)} | ${pct(b.inclusiveShare)}  ${b.name}`),
    '  functions with the most self time:',
    ...p.topFunctions.slice(0, 20).map((f) => `    ${pct(f.selfShare)}  ${f.name}  ${f.where}`),
    `  files: ${p.files}/ (service.cpuprofile opens in Chrome DevTools or speedscope)`,
    '',
  ];
  say(lines.join('\n'));
}

function withoutSamples(result) {
  const rest = { ...result };
  delete rest.latencies;
  delete rest.latenciesFromSend;
  return rest;
}

function round(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value;
  return Math.abs(value) < 10 ? Math.round(value * 100) / 100 : Math.round(value * 10) / 10;
}
