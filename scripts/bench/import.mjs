// Benchmark part "import": historical complaints brought in through intake's
// POST /complaints/imports (issue 14), beside the registration rate of the HTTP path measured in
// the same run on the same service.
//
// Phases, against the built intake started as a child process on a free port:
//   1. registration  closed loop of POST /complaints at 32 connections (`--duration`)
//   2. import        one generated CSV of `--import-rows` rows (1,000,000 by default), gzip,
//                    streamed through a socket: rows/s to the response, CPU per 1,000 rows of
//                    intake, Postgres and Kafka, intake's RSS sampled every 250 ms (it must stay
//                    flat whatever the size); then the outbox drained (every imported event on
//                    Kafka) and the published rate
// The end-to-end rate (imported → triaged → in analytics' views) is not measured here.
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { URL, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { BENCH_TOPIC_PREFIX, say } from '../lib/repo.mjs';
import { complaintBodies } from './lib/complaints.mjs';
import { startGroupAtEnd } from './lib/kafka.mjs';
import { analyseSchema, postgresSessions } from './lib/database.mjs';
import { closedLoop, failuresOf } from './lib/load.mjs';
import { OutboxWatch } from './lib/outbox.mjs';
import { cpuWindow, sampleRss } from './lib/sampler.mjs';
import { benchServiceEnv, freePort, startService } from './lib/service.mjs';

export const title = 'import — historical complaints through POST /complaints/imports (CSV, gzip)';
export const packages = ['@redress/intake'];

const TOPIC = `${BENCH_TOPIC_PREFIX}complaints.intake.v1`;

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    rows: options.importRows ?? (quick ? 20_000 : 1_000_000),
    registrationS: options.duration ?? (quick ? 5 : 20),
    warmupS: options.warmup ?? (quick ? 3 : 8),
  };
}

export async function run(context) {
  const { repoRoot, infra, benchDbAdminUrl, options } = context;
  const plan = settings(options);
  const postgresPids = postgresSessions(infra.databaseAdminUrl, infra.db);
  const appDir = join(repoRoot, 'apps/intake');
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const databaseUrl = serviceDatabaseUrl('intake', { db: infra.db, admin: infra.databaseAdminUrl });
  const secret = randomBytes(32).toString('base64url');
  const group = `bench-import-${randomUUID().slice(0, 8)}`;
  await startGroupAtEnd(infra.kafkaBrokers, BENCH_TOPIC_PREFIX + group, [
    `${BENCH_TOPIC_PREFIX}complaints.triage.v1`,
  ]);
  const port = await freePort(options.port ?? 3101);
  say(`import: starting the built intake on port ${port}…`);
  const service = await startService({
    name: 'intake',
    cwd: appDir,
    entry: 'dist/main.js',
    env: benchServiceEnv({
      kafkaBrokers: infra.kafkaBrokers,
      secret,
      extra: {
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
        INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
        INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
        INTAKE_CONSUMER_GROUP: group,
      },
    }),
    port,
    nodeArgs: options.serviceNodeArgs ?? [],
  });
  context.onCleanup(() => service.stop());
  const watch = new OutboxWatch({
    databaseUrl: benchDbAdminUrl,
    schema: 'intake',
    brokers: infra.kafkaBrokers,
    topic: TOPIC,
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
  await analyseSchema(benchDbAdminUrl, 'intake');
  say(`import: POST /complaints, ${plan.registrationS} s at 32 connections…`);
  const registration = await closedLoop({
    ...post,
    connections: 32,
    durationS: plan.registrationS,
  });
  const registrationFailures = failuresOf(registration);
  await watch.waitDrained();

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
        figure: 'intake RSS during the import, largest sample',
        value: memory.maxMb,
        unit: 'MB',
        note: `last ${Math.round(memory.lastMb ?? 0)} MB, ${memory.samples} samples every 250 ms`,
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
      memory,
    },
  };
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
