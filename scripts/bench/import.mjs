// Benchmark part "import": historical complaints brought in through intake's
// POST /complaints/imports (issue 14), beside the registration rate of the HTTP path measured in
// the same run on the same service.
//
// The part runs in a database (`<bench database>_import`) and a topic namespace
// (`<bench prefix>import.<run>.`) of its own, so triage and analytics see only its events, and
// analytics' stored offsets are its own. Phases, against the built intake, triage and analytics
// started as child processes on free ports:
//   1. registration  closed loop of POST /complaints at 32 connections (`--duration`); triage and
//                    analytics take these in before the import starts
//   2. import        one generated CSV of `--import-rows` rows (1,000,000 by default), gzip,
//                    streamed through a socket: rows/s to the response, CPU per 1,000 rows of
//                    intake, Postgres and Kafka, intake's RSS sampled every 250 ms (it must stay
//                    flat whatever the size); then the outbox drained (every imported event on
//                    Kafka) and the published rate
//   3. end to end    from the import's start until every imported complaint is triaged (triage's
//                    store holds its decision) and until it is in analytics' BI view `complaints`
//                    with its triage: rows/s for each, and triage's and analytics' CPU per
//                    1,000 rows
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { URL, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_TOPIC_PREFIX, say } from '../lib/repo.mjs';
import { complaintBodies } from './lib/complaints.mjs';
import {
  BENCH_DB,
  analyseSchema,
  connect,
  dropBenchDatabase,
  postgresSessions,
  withDatabase,
} from './lib/database.mjs';
import { closedLoop, failuresOf } from './lib/load.mjs';
import { OutboxWatch } from './lib/outbox.mjs';
import { cpuWindow, sampleRss } from './lib/sampler.mjs';
import { benchServiceEnv, freePort, startService } from './lib/service.mjs';

export const title = 'import — historical complaints through POST /complaints/imports (CSV, gzip)';
export const packages = ['@redress/intake', '@redress/triage', '@redress/analytics'];

const DATABASE = `${BENCH_DB}_import`;
/**
 * How often the end-to-end phase counts the pipeline's complaints: each count reads a million
 * rows (half a second of a core each), so counting every 500 ms took a good part of the two cores
 * the pipeline itself needed.
 */
const END_TO_END_POLL_MS = 5_000;

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    rows: options.importRows ?? (quick ? 20_000 : 1_000_000),
    registrationS: options.duration ?? (quick ? 5 : 20),
    // From the import's start: past it, the rates are those of what the pipeline reached by then.
    endToEndMinutes: options.endToEndMinutes ?? 90,
    warmupS: options.warmup ?? (quick ? 3 : 8),
  };
}

export async function run(context) {
  const { repoRoot, infra, options } = context;
  const plan = settings(options);
  const runId = randomUUID().slice(0, 8);
  const namespace = `${BENCH_TOPIC_PREFIX}import.${runId}.`;
  const topic = `${namespace}complaints.intake.v1`;
  say(`import: a database (${DATABASE}) and a topic namespace (${namespace}) of its own…`);
  // Cleanups run last first: the namespace's topics go once the services have stopped.
  context.onCleanup(() => deleteNamespace(infra.kafkaBrokers, namespace));
  await dropBenchDatabase(infra.databaseAdminUrl, DATABASE);
  const { ensureInfra } = await import(pathToFileURL(join(repoRoot, 'scripts/infra.mjs')).href);
  await ensureInfra({ db: DATABASE });
  const dbAdminUrl = withDatabase(infra.databaseAdminUrl, DATABASE);
  const postgresPids = postgresSessions(infra.databaseAdminUrl, DATABASE);
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const databaseUrl = (role) =>
    serviceDatabaseUrl(role, { db: DATABASE, admin: infra.databaseAdminUrl });
  const secret = randomBytes(32).toString('base64url');
  const serviceEnv = (extra) =>
    benchServiceEnv({
      kafkaBrokers: infra.kafkaBrokers,
      secret,
      extra: { KAFKA_TOPIC_PREFIX: namespace, ...extra },
    });
  const nodeArgs = options.serviceNodeArgs ?? [];
  const port = await freePort(options.port ?? 3101);
  say(`import: starting the built intake on port ${port}…`);
  const service = await startService({
    name: 'intake',
    cwd: join(repoRoot, 'apps/intake'),
    entry: 'dist/main.js',
    env: serviceEnv({
      PORT: String(port),
      DATABASE_URL: databaseUrl('intake'),
      INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
      INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
      INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
      INTAKE_CONSUMER_GROUP: `bench-import-intake-${runId}`,
    }),
    port,
    nodeArgs,
  });
  context.onCleanup(() => service.stop());
  // Triage and analytics read the namespace from its start: only this part's events.
  const triagePort = await freePort(port + 1);
  say(`import: starting triage on port ${triagePort}…`);
  const triage = await startService({
    name: 'triage',
    cwd: join(repoRoot, 'apps/triage'),
    entry: 'dist/main.js',
    env: serviceEnv({
      PORT: String(triagePort),
      DATABASE_URL: databaseUrl('triage'),
      TRIAGE_CONSUMER_GROUP: `bench-import-triage-${runId}`,
    }),
    port: triagePort,
    nodeArgs,
  });
  context.onCleanup(() => triage.stop());
  const analyticsPort = await freePort(triagePort + 1);
  say(`import: starting analytics on port ${analyticsPort}…`);
  const analytics = await startService({
    name: 'analytics',
    cwd: join(repoRoot, 'apps/analytics'),
    entry: 'dist/main.js',
    env: serviceEnv({
      PORT: String(analyticsPort),
      DATABASE_URL: databaseUrl('analytics'),
      ANALYTICS_CONSUMER_GROUP: `bench-import-analytics-${runId}`,
    }),
    port: analyticsPort,
    nodeArgs,
  });
  context.onCleanup(() => analytics.stop());
  const pipeline = await connect(dbAdminUrl);
  context.onCleanup(() => pipeline.end());
  const watch = new OutboxWatch({
    databaseUrl: dbAdminUrl,
    schema: 'intake',
    brokers: infra.kafkaBrokers,
    topic,
  });
  await watch.open();
  context.onCleanup(() => watch.close());

  // ── phase 1: the HTTP path, for comparison ─────────────────────────────────────────────────
  const post = {
    url: service.url,
    path: '/complaints',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token(secret, ['channel'], 'customer-service')}`,
    },
    nextBody: complaintBodies(),
  };
  say(`import: warm-up, ${plan.warmupS} s of POST /complaints…`);
  await closedLoop({ ...post, connections: 32, durationS: plan.warmupS });
  await watch.waitDrained();
  await analyseSchema(dbAdminUrl, 'intake');
  say(`import: POST /complaints, ${plan.registrationS} s at 32 connections…`);
  const registration = await closedLoop({
    ...post,
    connections: 32,
    durationS: plan.registrationS,
  });
  const registrationFailures = failuresOf(registration);
  await watch.waitDrained();
  // The pipeline takes in the registrations before the import starts.
  const registered = await countOf(pipeline, 'SELECT count(*) FROM intake.complaints');
  say(`import: triage and analytics take in the ${registered} registrations…`);
  const takenIn = await pipelineReached(pipeline, registered, {
    imported: false,
    deadline: performance.now() + 10 * 60_000,
    pollMs: 500,
  });
  if (!takenIn.complete) {
    throw new Error(
      `the pipeline did not take in the ${registered} registrations in 10 min ` +
        `(${takenIn.triaged} triaged, ${takenIn.projected} in analytics' views)`,
    );
  }
  const triageCpu = cpuWindow(triage.pid);
  const analyticsCpu = cpuWindow(analytics.pid);
  await triageCpu.start();
  await analyticsCpu.start();

  // ── phase 2: the import ────────────────────────────────────────────────────────────────────
  say(`import: ${plan.rows} generated rows (CSV, gzip) through POST /complaints/imports…`);
  const before = await watch.counts();
  const rss = sampleRss(service.pid, 250);
  const cpu = cpuWindow(service.pid, { postgresPids });
  await cpu.start();
  const startedAt = performance.now();
  const answer = await importFile({
    url: service.url,
    token: token(secret, ['admin']),
    rows: generatedRows(plan.rows, randomUUID().slice(0, 8)),
    onProgress: (n) => say(`import: ${n} rows sent…`),
  });
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuUse = await cpu.stop();
  const memory = rss.stop();
  const { drainedAt } = await watch.waitDrained();
  const after = await watch.counts();
  const publishedSeconds = (drainedAt - startedAt) / 1000;
  const report = answer.report ?? {};
  const imported = report.imported ?? 0;
  const perThousand = (group) =>
    cpuUse?.[group] && imported ? (cpuUse[group].cpuMs / imported) * 1000 : undefined;
  say(
    `import: ${answer.status}: ${imported} imported in ${seconds.toFixed(1)} s (${Math.round(imported / seconds)} rows/s), ` +
      `RSS max ${Math.round(memory.maxMb)} MB`,
  );

  // ── phase 3: end to end ────────────────────────────────────────────────────────────────────
  say(`import: waiting until triage and analytics hold the ${imported} imported complaints…`);
  const reached = await pipelineReached(pipeline, imported, {
    imported: true,
    deadline: startedAt + plan.endToEndMinutes * 60_000,
    pollMs: END_TO_END_POLL_MS,
    onProgress: ({ triaged, projected }) =>
      say(`import: ${triaged} triaged, ${projected} in analytics' views…`),
  });
  const triageUse = await triageCpu.stop();
  const analyticsUse = await analyticsCpu.stop();
  // Past the deadline, each rate is what was there when the counting stopped.
  const triagedSeconds = ((reached.triagedAt ?? reached.stoppedAt) - startedAt) / 1000;
  const projectedSeconds = ((reached.projectedAt ?? reached.stoppedAt) - startedAt) / 1000;
  const partly = (n, at) =>
    at === undefined
      ? ` — not all: ${imported - n} still missing after ${plan.endToEndMinutes} min`
      : '';
  const serviceCpuPerThousand = (use) =>
    use?.service && imported ? (use.service.cpuMs / imported) * 1000 : undefined;

  return {
    rows: [
      {
        figure: `rows imported/s, to the response (${plan.rows} rows, gzip CSV)`,
        value: imported / seconds,
        unit: '/s',
        note: `answer ${answer.status}, ${imported} imported, ${report.rejected ?? 'n/a'} rejected, ${seconds.toFixed(0)} s`,
      },
      {
        figure: 'imported complaints published to Kafka/s (start → outbox drained)',
        value: (after.registered - before.registered) / publishedSeconds,
        unit: '/s',
      },
      {
        figure: 'imported complaints triaged/s (import start → the last one triaged)',
        value: reached.triaged / triagedSeconds,
        unit: '/s',
        note: `${reached.triaged} triaged in ${triagedSeconds.toFixed(0)} s${partly(reached.triaged, reached.triagedAt)}`,
      },
      {
        figure:
          "imported complaints in analytics' views/s (import start → the last one there, triaged)",
        value: reached.projected / projectedSeconds,
        unit: '/s',
        note: `${reached.projected} in analytics_bi.complaints in ${projectedSeconds.toFixed(0)} s${partly(reached.projected, reached.projectedAt)}`,
      },
      {
        figure: 'registrations/s over POST /complaints (32 connections, same run)',
        value: registration.okPerSecond,
        unit: '/s',
        note: `${registrationFailures.unexpected + registrationFailures.errors + registrationFailures.timeouts} failed`,
      },
      { figure: 'CPU per 1,000 rows: intake', value: perThousand('service'), unit: 'ms' },
      {
        figure: 'CPU per 1,000 rows: Postgres',
        value: perThousand('postgres'),
        unit: 'ms',
        note: cpuUse
          ? `Kafka ${Math.round(perThousand('kafka') ?? 0)} ms, client ${Math.round(perThousand('loadGenerator') ?? 0)} ms; machine busy ${cpuUse.machine?.busyCores?.toFixed(2)} cores`
          : 'no /proc on this system',
      },
      {
        figure: 'CPU per 1,000 rows: triage',
        value: serviceCpuPerThousand(triageUse),
        unit: 'ms',
      },
      {
        figure: 'CPU per 1,000 rows: analytics',
        value: serviceCpuPerThousand(analyticsUse),
        unit: 'ms',
      },
      {
        figure: 'intake RSS during the import, largest sample',
        value: memory.maxMb,
        unit: 'MB',
        note: `last ${Math.round(memory.lastMb ?? 0)} MB, ${memory.samples} samples every 250 ms; largest in each tenth of the import ${memory.tenthsMb.map(Math.round).join(' ')} MB`,
      },
      {
        figure: 'rows the answer does not account for',
        value:
          plan.rows -
          (report.imported ?? 0) -
          (report.alreadyImported ?? 0) -
          (report.rejected ?? 0),
        target: { equals: 0 },
      },
    ],
    details: {
      plan,
      answer,
      registration: { ...registration, latencies: undefined },
      cpu: cpuUse,
      triageCpu: triageUse,
      analyticsCpu: analyticsUse,
      endToEnd: { triagedSeconds, projectedSeconds, ...reached },
      memory,
      namespace,
    },
  };
}

async function countOf(db, sql) {
  const { rows } = await db.query(sql);
  return Number(rows[0].count);
}

/**
 * Waits until triage has decided on `count` complaints (imported or not, as asked) and analytics'
 * BI view `complaints` holds them with their triage, or until `deadline` (a performance.now()
 * time); resolves with the counts reached, when each was complete (performance.now() times,
 * undefined when it was not by the deadline) and when the counting stopped.
 */
async function pipelineReached(db, count, { imported, deadline, pollMs, onProgress }) {
  let triagedAt;
  let projectedAt;
  let triaged = 0;
  let projected = 0;
  let lastSaid = performance.now();
  for (;;) {
    if (triagedAt === undefined) {
      triaged = await countOf(
        db,
        `SELECT count(*) FROM triage.complaints c
          WHERE c.decision IS NOT NULL
            AND ${imported ? '' : 'NOT '}c.imported`,
      );
      if (triaged >= count) triagedAt = performance.now();
    }
    projected = await countOf(
      db,
      `SELECT count(*) FROM analytics_bi.complaints
        WHERE triaged_at IS NOT NULL AND ${imported ? '' : 'NOT '}coalesce(imported, false)`,
    ).catch(() => 0);
    if (projected >= count) projectedAt = performance.now();
    if (projectedAt !== undefined || performance.now() > deadline) {
      return {
        triaged,
        projected,
        complete: projectedAt !== undefined,
        triagedAt: triagedAt ?? (projectedAt !== undefined ? projectedAt : undefined),
        projectedAt,
        stoppedAt: performance.now(),
      };
    }
    if (onProgress && performance.now() - lastSaid > 15_000) {
      lastSaid = performance.now();
      onProgress({ triaged, projected });
    }
    await sleep(pollMs);
  }
}

/** Deletes the topics of this part's namespace (each run makes its own). */
async function deleteNamespace(brokers, namespace) {
  const require = createRequire(import.meta.url);
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({
    clientId: 'redress-bench',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((name) => name.startsWith(namespace));
    if (topics.length) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Rows like an export: several date formats, Chinese text, a phone in the description. */
function* generatedRows(count, run) {
  yield 'sourceId,receivedAt,channel,customer.name,customer.phone,subject.type,subject.productSku,description\n';
  const dates = [
    (d, m, y, t) => `${y}-${m}-${d} ${t}`,
    (d, m, y, t) => `${d}/${m}/${y} ${t}`,
    (d, m, y) => `${y}年${Number(m)}月${Number(d)}日`,
    (d, m, y, t) => `${y}-${m}-${d}T${t}:00+08:00`,
  ];
  for (let i = 0; i < count; i += 1) {
    const d = String((i % 28) + 1).padStart(2, '0');
    const m = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const y = 2021 + (i % 5);
    const t = `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const phone = `136${String(i % 100_000_000).padStart(8, '0')}`;
    yield `${run}-${i},${dates[i % dates.length](d, m, y, t)},hotline,客户${i % 50_000},${phone},product,SKU-${i % 400},"第${i}号：包装破损，请回电 ${phone}"\n`;
  }
}

function importFile({ url, token: bearer, rows, onProgress }) {
  return new Promise((resolve, reject) => {
    const target = new URL('/complaints/imports', url);
    const req = httpRequest(
      target,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${bearer}`,
          'content-type': 'text/csv',
          'content-encoding': 'gzip',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let report;
          try {
            report = JSON.parse(text);
          } catch {
            report = undefined;
          }
          resolve({ status: res.statusCode, report: report?.report ?? report });
        });
      },
    );
    req.on('error', reject);
    let sent = 0;
    const counted = Readable.from(
      (function* () {
        for (const row of rows) {
          sent += 1;
          if (sent % 100_000 === 0) onProgress(sent);
          yield row;
        }
      })(),
    );
    counted.pipe(createGzip()).pipe(req);
  });
}

function token(secret, roles, department) {
  const require = createRequire(import.meta.url);
  const { signDevelopmentToken } = require('@redress/platform');
  return signDevelopmentToken({
    sub: 'bench-import',
    roles,
    ...(department ? { department } : {}),
    secret,
    expiresIn: '12h',
    env: { NODE_ENV: 'development' },
  });
}
