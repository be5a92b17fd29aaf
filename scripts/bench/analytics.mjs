// Benchmark part "analytics": how fast the analytics service rebuilds its projection by replay,
// against a bare Kafka reader of the same topics, and how soon its endpoints answer over
// 1,000,000 complaints (issue 13).
//
//   Setup (not measured): a year of complaint handling (lib/history.mjs: ~9 events a complaint
//   over the five services, validated by the contracts) is written onto the five topics of a
//   namespace of the part's own (`<bench prefix>analytics-<events>-h2.`). The namespace outlives
//   the run: a later run whose four source topics hold exactly that history reuses it (a marker
//   in .cache/bench says what was written); its analytics topic, which the service writes its
//   findings to, is emptied at every run.
//
//   1. bare reader   a plain kafkajs consumer (a group of its own, TopicReplay's fetch settings,
//                    eachBatch counting records, nothing parsed) reads the five topics from
//                    offset 0 to the ends they had when it started: events/s. Before the service
//                    starts, so nothing else of the run competes with it.
//   2. live catch-up the built service starts (image's Node options, a consumer group of its
//                    own) and its live projection consumes the whole history into version 1;
//                    reported for information (service start-up included).
//   3. rebuild       `POST /analytics/rebuild` as an admin, then `GET /analytics/rebuild/:jobId`
//                    every 250 ms until `done`: the job replays every topic into version 2 and
//                    switches. Events/s = records the job read ÷ the time from the POST to the
//                    answer that said `done`; the ratio to the bare reader's events/s; the
//                    service's CPU per 1,000 events (process CPU over that window), Postgres'
//                    CPU, and the service's peak RSS. Under --profile the service runs with
//                    lib/probe.mjs and the rebuild is a profiled window (lib/profiled.mjs): CPU
//                    by layer and function, Postgres round-trips by statement per event.
//   4. endpoints     the live version's complaint table is multiplied in SQL to 1,000,000 rows
//                    (fresh ids, the replayed rows' columns; `generate_series`), then ANALYZEd;
//                    the timeline table keeps the replayed events. Each endpoint is asked
//                    `--endpoint-requests` times (default 40, after 3 not counted; an endpoint
//                    still asking after 60 s stops there, at 5 at least), one request at a time,
//                    as a supervisor (every department): overview of a month and of the
//                    year, the monthly report as JSON and as CSV, one complaint's timeline, and
//                    trends, hot topics and hot words over a month when the service has them.
//                    p95 of each against the target.
/* global fetch */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { BENCH_TOPIC_PREFIX, say } from '../lib/repo.mjs';
import { analyseSchema, connect, postgresSessions } from './lib/database.mjs';
import { complaintHistory } from './lib/history.mjs';
import { ensureTopics } from './lib/kafka.mjs';
import { serviceProfiling } from './lib/profiled.mjs';
import { cpuWindow, sampleRss } from './lib/sampler.mjs';
import { benchServiceEnv, freePort, startService } from './lib/service.mjs';
import { latencySummary, percentiles, round } from './lib/stats.mjs';
import { waitUntil } from './lib/wait.mjs';

export const title =
  'analytics — rebuild by replay of 1,000,000 events, and the API over 1,000,000 complaints';
export const packages = ['@redress/analytics'];

const TARGETS = { replayPerSecond: 50_000, replayRatio: 0.5, p95Ms: 200 };
const HISTORY_VERSION = 'h2';
/** Where the history's event time starts: 2025-12-01 00:00 in China. */
const HISTORY_START = Date.UTC(2025, 11, 1, -8);

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    events: options.replayEvents ?? (quick ? 50_000 : 1_000_000),
    complaints: options.seedComplaints ?? (quick ? 100_000 : 1_000_000),
    requests: options.endpointRequests ?? (quick ? 10 : 40),
    // An endpoint that answers in seconds is asked for this long at most (at least 5 times).
    endpointBudgetS: quick ? 15 : 60,
    warmupRequests: 3,
    publishChunk: 5_000,
  };
}

export async function run(context) {
  const { repoRoot, infra, options } = context;
  const plan = settings(options);
  if (!existsSync(join(repoRoot, 'apps/analytics/dist/main.js')))
    throw new Error('apps/analytics/dist is missing: the build did not produce it');
  const require = createRequire(import.meta.url);
  const contracts = require('@redress/contracts');
  const { createKafka, EventPublisher, REPLAY_FETCH } = require('@redress/messaging');
  const platform = require('@redress/platform');
  const namespace = `${BENCH_TOPIC_PREFIX}analytics-${plan.events}-${HISTORY_VERSION}.`;
  const kafka = createKafka({
    brokers: infra.kafkaBrokers.split(','),
    clientId: `bench-analytics-${randomUUID().slice(0, 8)}`,
    topicPrefix: namespace,
    logLevel: 'error',
  });
  const admin = kafka.kafkajs.admin();
  await admin.connect();
  context.onCleanup(() => admin.disconnect());

  const rows = [];
  const details = { plan, namespace };
  details.history = await ensureHistory(context, plan, {
    contracts,
    kafka,
    admin,
    EventPublisher,
    namespace,
  });

  const bare = await bareRead(kafka, admin, namespace, contracts, REPLAY_FETCH);
  details.bare = bare;

  const bench = await startAnalytics(context, { namespace, platform });
  const live = await liveCatchUp(context, bench, admin, namespace, contracts);
  details.live = live;

  const rebuild = await measureRebuild(context, bench, bare);
  rows.push(...rebuild.rows);
  details.rebuild = rebuild.details;

  const api = await measureEndpoints(context, plan, bench);
  rows.push(...api.rows);
  details.endpoints = api.details;

  const rss = bench.rss.stop();
  rows.push({
    figure: 'analytics RSS at most during the part',
    value: rss.maxMb,
    unit: 'MB',
    note: `kernel's peak since start ${round(rss.peakSinceStartMb)} MB; Node options ${JSON.stringify(bench.nodeArgs.join(' '))}`,
  });
  rows.splice(3, 0, {
    figure: 'live consumption of the same history at start (for comparison)',
    value: live.eventsPerSecond,
    unit: '/s',
    note: `${live.events.toLocaleString('en-US')} events into version 1 in ${round(live.seconds)} s from the service's readiness; the service's CPU ${round(live.cpuMsPer1000)} ms per 1,000 events`,
  });
  details.rssMb = rss;
  return { rows, details };
}

/** Physical topic names of the namespace, by the contract's names. */
function topicsOf(contracts, namespace) {
  return Object.values(contracts.TOPICS).map((topic) => ({ topic, physical: namespace + topic }));
}

async function topicCounts(admin, physical) {
  const offsets = await admin.fetchTopicOffsets(physical);
  return offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
}

/**
 * The history on the namespace's topics: reused when the marker of an earlier run matches the
 * topics' counts, written anew otherwise. The analytics topic is emptied either way.
 */
async function ensureHistory(
  context,
  plan,
  { contracts, kafka, admin, EventPublisher, namespace },
) {
  const marker = join(context.outDir, `analytics-history-${namespace.replace(/\.$/, '')}.json`);
  const topics = topicsOf(contracts, namespace);
  const sources = topics.filter((t) => t.topic !== contracts.TOPICS.analytics);
  const analyticsTopic = namespace + contracts.TOPICS.analytics;
  const existing = new Set(await admin.listTopics());
  if (existing.has(analyticsTopic)) {
    await admin.deleteTopics({ topics: [analyticsTopic] });
    await waitUntil(
      async () => !(await admin.listTopics()).includes(analyticsTopic),
      30_000,
      'the analytics topic to be deleted',
      { pollMs: 200 },
    );
  }
  if (existsSync(marker) && sources.every((t) => existing.has(t.physical))) {
    const written = JSON.parse(readFileSync(marker, 'utf8'));
    const counts = {};
    for (const t of sources) counts[t.topic] = await topicCounts(admin, t.physical);
    if (sources.every((t) => written.counts?.[t.topic] === counts[t.topic])) {
      await ensureTopics(admin, [analyticsTopic]);
      say(
        `analytics: reusing the history of ${plan.events.toLocaleString('en-US')} events on ${namespace}*`,
      );
      return { ...written, reused: true };
    }
  }
  const stale = sources.map((t) => t.physical).filter((t) => existing.has(t));
  if (stale.length) {
    await admin.deleteTopics({ topics: stale });
    await waitUntil(
      async () => {
        const now = new Set(await admin.listTopics());
        return stale.every((t) => !now.has(t));
      },
      60_000,
      'the old history topics to be deleted',
      { pollMs: 250 },
    );
  }
  rmSync(marker, { force: true });
  await ensureTopics(
    admin,
    topics.map((t) => t.physical),
  );
  say(
    `analytics: writing a history of ${plan.events.toLocaleString('en-US')} events onto ${namespace}* (setup, not measured)…`,
  );
  const publishers = new Map();
  for (const t of sources) {
    const publisher = new EventPublisher(kafka, { topic: t.topic });
    await publisher.connect();
    publishers.set(t.topic, publisher);
  }
  const started = performance.now();
  const counts = Object.fromEntries(sources.map((t) => [t.topic, 0]));
  const types = {};
  let complaints = 0;
  let written = 0;
  let first;
  let last;
  const pendingByTopic = new Map(sources.map((t) => [t.topic, []]));
  const flush = async (all) => {
    await Promise.all(
      [...pendingByTopic.entries()].map(async ([topic, list]) => {
        if (list.length === 0 || (!all && list.length < plan.publishChunk)) return;
        pendingByTopic.set(topic, []);
        await publishers.get(topic).publish(list);
      }),
    );
  };
  try {
    for (const day of complaintHistory(contracts, { events: plan.events, start: HISTORY_START })) {
      for (const { topic, event } of day) {
        pendingByTopic.get(topic).push(event);
        counts[topic] += 1;
        types[event.type] = (types[event.type] ?? 0) + 1;
        if (event.type === 'ComplaintRegistered') complaints += 1;
        first ??= event.time;
        last = event.time;
      }
      written += day.length;
      await flush(false);
      if (written % 100_000 < day.length)
        say(`analytics: ${written.toLocaleString('en-US')} events written…`);
    }
    await flush(true);
  } finally {
    for (const publisher of publishers.values()) await publisher.disconnect();
  }
  const history = {
    events: written,
    complaints,
    counts,
    types,
    firstEventTime: first,
    lastEventTime: last,
    writtenInS: (performance.now() - started) / 1000,
    writtenAt: new Date().toISOString(),
  };
  mkdirSync(context.outDir, { recursive: true });
  writeFileSync(marker, `${JSON.stringify(history, null, 2)}\n`);
  say(
    `analytics: ${written.toLocaleString('en-US')} events of ${complaints.toLocaleString('en-US')} complaints written in ${round(history.writtenInS)} s`,
  );
  return { ...history, reused: false };
}

/**
 * A plain kafkajs consumer over the five topics from offset 0 to their ends as of its start:
 * the speed of reading alone, with TopicReplay's fetch settings.
 */
async function bareRead(kafka, admin, namespace, contracts, fetchSettings) {
  const topics = topicsOf(contracts, namespace).map((t) => t.physical);
  const ends = new Map();
  let total = 0;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      ends.set(`${topic}/${p.partition}`, BigInt(p.high));
      total += Number(BigInt(p.high) - BigInt(p.low));
    }
  }
  say(`analytics: a bare kafkajs consumer reads the ${total.toLocaleString('en-US')} events…`);
  const groupId = `${namespace}bench-bare-${randomUUID().slice(0, 8)}`;
  const consumer = kafka.kafkajs.consumer({ groupId, ...fetchSettings });
  const done = new Set([...ends].filter(([, end]) => end === 0n).map(([key]) => key));
  let read = 0;
  let bytes = 0;
  let startedAt;
  let finished;
  const finishedReading = new Promise((resolve) => (finished = resolve));
  const cpu = cpuWindow(undefined);
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await cpu.start();
  const t0 = performance.now();
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      startedAt ??= performance.now();
      const key = `${batch.topic}/${batch.partition}`;
      const end = ends.get(key) ?? 0n;
      for (const message of batch.messages) {
        if (BigInt(message.offset) >= end) break;
        read += 1;
        bytes += message.value?.length ?? 0;
      }
      const last = batch.messages[batch.messages.length - 1];
      if (last && BigInt(last.offset) + 1n >= end) {
        done.add(key);
        if (done.size === ends.size) finished(performance.now());
      }
    },
  });
  if (done.size === ends.size) finished(performance.now());
  const endedAt = await Promise.race([
    finishedReading,
    // Unreferenced: once reading has finished, this timer must not keep the benchmark alive
    // (it held the process for half an hour after the part's report).
    sleep(30 * 60_000, undefined, { ref: false }).then(() => performance.now()),
  ]);
  const used = await cpu.stop();
  await consumer.disconnect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  const seconds = (endedAt - t0) / 1000;
  const readingSeconds = (endedAt - (startedAt ?? t0)) / 1000;
  say(
    `analytics: bare reader: ${read.toLocaleString('en-US')} events in ${round(seconds)} s (${round(read / seconds)}/s)`,
  );
  return {
    events: read,
    expected: total,
    megabytes: bytes / 1024 / 1024,
    seconds,
    readingSeconds,
    eventsPerSecond: read / seconds,
    readerCpuMsPer1000: used ? (used.loadGenerator.cpuMs / read) * 1000 : undefined,
    kafkaCores: used?.kafka?.cores,
  };
}

async function startAnalytics(context, { namespace, platform }) {
  const { repoRoot, infra, options } = context;
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const secret = randomBytes(32).toString('base64url');
  const profiling = serviceProfiling(context, 'analytics');
  const nodeArgs = [...(options.serviceNodeArgs ?? []), ...profiling.nodeArgs];
  const group = `bench-analytics-${randomUUID().slice(0, 8)}`;
  const port = await freePort(options.port ?? 3101);
  say(`analytics: starting the service on port ${port} (consumer group ${group})…`);
  const startedAt = performance.now();
  const service = await startService({
    name: 'analytics',
    cwd: join(repoRoot, 'apps/analytics'),
    entry: 'dist/main.js',
    port,
    nodeArgs,
    ipc: profiling.ipc,
    env: benchServiceEnv({
      kafkaBrokers: infra.kafkaBrokers,
      secret,
      extra: {
        PORT: String(port),
        KAFKA_TOPIC_PREFIX: namespace,
        DATABASE_URL: serviceDatabaseUrl('analytics', {
          db: infra.db,
          admin: infra.databaseAdminUrl,
        }),
        ANALYTICS_CONSUMER_GROUP: group,
        ...profiling.env,
      },
    }),
  });
  context.onCleanup(() => service.stop());
  profiling.attach(service);
  const db = await connect(context.benchDbAdminUrl);
  context.onCleanup(() => db.end());
  const token = (sub, roles) =>
    platform.signDevelopmentToken({
      sub,
      roles,
      secret,
      expiresIn: '6h',
      env: { NODE_ENV: 'development' },
    });
  return {
    service,
    startedAt,
    readyAt: performance.now(),
    nodeArgs,
    group,
    db,
    admin: token('bench-admin', ['admin']),
    supervisor: token('bench-supervisor', ['supervisor']),
    rss: sampleRss(service.pid, 250),
    profiling,
    cpuWindow: () =>
      cpuWindow(service.pid, { postgresPids: postgresSessions(context.benchDbAdminUrl) }),
  };
}

/** Records a version has applied: the sum of its stored next offsets. */
async function appliedOffsets(db, version) {
  const { rows } = await db.query(
    `SELECT coalesce(sum(next_offset), 0)::bigint AS n FROM analytics.offsets_v${version}`,
  );
  return Number(rows[0].n);
}

async function liveCatchUp(context, bench, admin, namespace, contracts) {
  let end = 0;
  for (const { physical } of topicsOf(contracts, namespace)) {
    for (const p of await admin.fetchTopicOffsets(physical)) end += Number(p.high);
  }
  say(`analytics: live consumption takes in the history (${end.toLocaleString('en-US')} records)…`);
  const cpu = bench.cpuWindow();
  await cpu.start();
  const from = performance.now();
  const before = await appliedOffsets(bench.db, 1).catch(() => 0);
  await waitUntil(
    async () => (await appliedOffsets(bench.db, 1)) >= end,
    30 * 60_000,
    'live consumption to take in the history',
    { pollMs: 250 },
  );
  const used = await cpu.stop();
  const seconds = (performance.now() - from) / 1000;
  const events = end - before;
  return {
    events,
    appliedBeforeReady: before,
    seconds,
    eventsPerSecond: events / seconds,
    cpuMsPer1000: used ? (used.service.cpuMs / events) * 1000 : undefined,
    cpu: used,
  };
}

async function rebuildRequest(bench, method, path) {
  const res = await fetch(`${bench.service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bench.admin}` },
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function measureRebuild(context, bench, bare) {
  say('analytics: POST /analytics/rebuild, following the job…');
  const cpu = bench.cpuWindow();
  const rss = sampleRss(bench.service.pid, 250);
  await cpu.start();
  const t0 = performance.now();
  const job = await bench.profiling.profiled(
    'rebuild',
    async () => {
      const started = await rebuildRequest(bench, 'POST', '/analytics/rebuild');
      let current = started;
      let lastSay = t0;
      while (current.state !== 'done' && current.state !== 'failed') {
        await sleep(250);
        current = await rebuildRequest(bench, 'GET', `/analytics/rebuild/${started.jobId}`);
        if (performance.now() - lastSay > 10_000) {
          lastSay = performance.now();
          say(
            `analytics: rebuild ${current.state}, ${current.read.toLocaleString('en-US')} of ${current.total.toLocaleString('en-US')} read`,
          );
        }
      }
      return current;
    },
    (done) => Math.max(1, done.read),
  );
  const seconds = (performance.now() - t0) / 1000;
  const used = await cpu.stop();
  const memory = rss.stop();
  if (job.state !== 'done') throw new Error(`the rebuild failed: ${job.error}`);
  const events = job.read;
  const perSecond = events / seconds;
  const cpuMsPer1000 = used ? (used.service.cpuMs / events) * 1000 : undefined;
  say(
    `analytics: rebuild of ${events.toLocaleString('en-US')} events in ${round(seconds)} s (${round(perSecond)}/s)`,
  );
  const rows = [
    {
      figure: `bare kafkajs consumer, ${bare.events.toLocaleString('en-US')} events from offset 0`,
      value: bare.eventsPerSecond,
      unit: '/s',
      note: `${round(bare.megabytes)} MB in ${round(bare.seconds)} s; the reader's CPU ${round(bare.readerCpuMsPer1000)} ms per 1,000 events`,
    },
    {
      figure: `rebuild by replay (POST /analytics/rebuild → done), events/s`,
      value: perSecond,
      unit: '/s',
      target: { min: TARGETS.replayPerSecond },
      note: `${events.toLocaleString('en-US')} events into version ${job.version} in ${round(seconds)} s, switch included; ${machineNote(used)}`,
    },
    {
      figure: 'rebuild events/s ÷ bare consumer events/s',
      value: perSecond / bare.eventsPerSecond,
      target: { min: TARGETS.replayRatio },
    },
    {
      figure: 'analytics CPU per 1,000 events replayed',
      value: cpuMsPer1000,
      unit: 'ms',
      note: `${round(used?.service?.cores)} cores; Postgres ${round(used ? (used.postgres.cpuMs / events) * 1000 : undefined)} ms per 1,000 events (${round(used?.postgres?.cores)} cores)`,
    },
    {
      figure: 'analytics RSS at most during the rebuild',
      value: memory.maxMb,
      unit: 'MB',
    },
  ];
  return {
    rows,
    details: {
      job,
      seconds,
      eventsPerSecond: perSecond,
      ratio: perSecond / bare.eventsPerSecond,
      cpuMsPer1000,
      cpu: used,
      rssMb: memory,
      ...(bench.profiling.profiles.length ? { profiles: bench.profiling.profiles } : {}),
    },
  };
}

/** Who used the two cores over a window (see resolution's note of the same name). */
function machineNote(cpu) {
  if (!cpu?.machine) return 'machine load not measured';
  const ours = cpu.service.cores + cpu.postgres.cores + cpu.kafka.cores + cpu.loadGenerator.cores;
  return (
    `machine ${round(cpu.machine.busyCores)} busy cores of 2: analytics ${round(cpu.service.cores)}, ` +
    `Postgres ${round(cpu.postgres.cores)}, Kafka ${round(cpu.kafka.cores)}, this process ${round(cpu.loadGenerator.cores)}, ` +
    `other work ${round(Math.max(0, cpu.machine.busyCores - ours))}`
  );
}

/**
 * Multiplies the live version's complaint rows to `target` with fresh ids (the other columns
 * copied, so every day of the year holds proportionally more complaints), makes the daily rollup
 * again from them, then ANALYZEs.
 */
async function seedComplaints(context, db, target) {
  const { rows: live } = await db.query(
    `SELECT version FROM analytics.projection_versions WHERE state = 'live'`,
  );
  const version = live[0]?.version;
  if (version === undefined) throw new Error('no live projection version');
  const table = `analytics.complaints_v${version}`;
  const { rows: count } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  const replayed = count[0].n;
  const { rows: columns } = await db.query(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'analytics' AND table_name = $1 AND column_name <> 'complaint_id'
      ORDER BY ordinal_position`,
    [`complaints_v${version}`],
  );
  const names = columns.map((c) => c.column_name).join(', ');
  const copies = Math.ceil(target / Math.max(1, replayed)) - 1;
  say(
    `analytics: seeding ${table} from ${replayed.toLocaleString('en-US')} replayed rows to ${target.toLocaleString('en-US')} in SQL…`,
  );
  const started = performance.now();
  if (copies > 0 && replayed < target) {
    await db.query(
      `INSERT INTO ${table} (complaint_id, ${names})
       SELECT gen_random_uuid(), ${names}
         FROM ${table} CROSS JOIN generate_series(1, ${copies})
        LIMIT ${target - replayed}`,
    );
    // The copies bypassed the writer: the daily rollup is made again from all rows, the sums the
    // writer keeps (apps/analytics/test/rollup.int-spec.ts holds the two equal).
    const { rollupBackfillSql, sqlText } = createRequire(import.meta.url)(
      join(context.repoRoot, 'apps/analytics/dist/persistence/projection-schema.js'),
    );
    const { rows: zone } = await db.query(
      `SELECT rollup_time_zone FROM analytics.projection_versions WHERE version = $1`,
      [version],
    );
    const timeZone = zone[0]?.rollup_time_zone;
    if (timeZone) {
      await db.query(`DELETE FROM analytics.daily_v${version}`);
      await db.query(rollupBackfillSql(version, sqlText(timeZone)));
    }
  }
  await analyseSchema(context.benchDbAdminUrl, 'analytics');
  const { rows: after } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return {
    version,
    replayed,
    complaints: after[0].n,
    seedSeconds: (performance.now() - started) / 1000,
  };
}

async function measureEndpoints(context, plan, bench) {
  const seeded = await seedComplaints(context, bench.db, plan.complaints);
  const { rows: sample } = await bench.db.query(
    `SELECT complaint_id FROM analytics.events_v${seeded.version}
      WHERE type = 'ComplaintReopened' LIMIT 200`,
  );
  const ids = sample.map((r) => r.complaint_id);
  const months = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(2025, 11 + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
  const monthRange = (i) => {
    const [y, m] = months[i % 12].split('-').map(Number);
    const from = `${months[i % 12]}-01T00:00:00+08:00`;
    const next = new Date(Date.UTC(y, m, 1));
    const to = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-01T00:00:00+08:00`;
    return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  };
  const year = `from=${encodeURIComponent('2025-12-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-12-01T00:00:00+08:00')}`;
  const endpoints = [
    { name: 'overview, one month', path: (i) => `/analytics/overview?${monthRange(i)}` },
    { name: 'overview, the year', path: () => `/analytics/overview?${year}` },
    {
      name: 'monthly report, JSON',
      path: (i) => `/analytics/reports/monthly?month=${months[i % 12]}`,
    },
    {
      name: 'monthly report, CSV',
      path: (i) => `/analytics/reports/monthly?month=${months[i % 12]}`,
      accept: 'text/csv',
    },
    {
      name: 'timeline of one complaint',
      path: (i) => `/analytics/complaints/${ids[i % ids.length]}/timeline`,
    },
    {
      name: 'trends, one month',
      path: (i) => `/analytics/trends?${monthRange(i)}`,
      optional: true,
    },
    {
      name: 'hot topics, one month',
      path: (i) => `/analytics/hot-topics?${monthRange(i)}`,
      optional: true,
    },
    {
      name: 'hot words, one month',
      path: (i) => `/analytics/hot-words?${monthRange(i)}`,
      optional: true,
    },
  ];
  const rows = [
    {
      figure: 'complaints in the projection for the endpoints',
      value: seeded.complaints,
      note: `${seeded.replayed.toLocaleString('en-US')} replayed, the rest copies with fresh ids made in SQL in ${round(seeded.seedSeconds)} s; the timeline table keeps the replayed events`,
    },
  ];
  const details = { seeded, byEndpoint: {} };
  for (const endpoint of endpoints) {
    const get = async (i) => {
      const t = performance.now();
      const res = await fetch(`${bench.service.url}${endpoint.path(i)}`, {
        headers: {
          authorization: `Bearer ${bench.supervisor}`,
          ...(endpoint.accept ? { accept: endpoint.accept } : {}),
        },
      });
      const body = await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - t, bytes: body.byteLength };
    };
    const first = await get(0);
    if (endpoint.optional && first.status === 404) {
      details.byEndpoint[endpoint.name] = { absent: true };
      say(`analytics: ${endpoint.name}: not served by this build (404), not measured`);
      continue;
    }
    const warmups = first.ms > 5_000 ? 1 : plan.warmupRequests;
    for (let i = 1; i < warmups; i += 1) await get(i);
    const latencies = [];
    const statuses = {};
    let bytes = 0;
    const cpu = bench.cpuWindow();
    await cpu.start();
    const until = performance.now() + plan.endpointBudgetS * 1000;
    for (let i = 0; i < plan.requests; i += 1) {
      if (i >= 5 && performance.now() > until) break;
      const answer = await get(i);
      latencies.push(answer.ms);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      bytes += answer.bytes;
    }
    const used = await cpu.stop();
    const asked = latencies.length;
    const summary = { ...latencySummary(latencies), ...percentiles(latencies, [95]) };
    const failed = asked - (statuses[200] ?? 0);
    details.byEndpoint[endpoint.name] = {
      ...summary,
      statuses,
      meanBytes: bytes / asked,
      cpu: used,
    };
    say(`analytics: ${endpoint.name}: p50 ${round(summary.p50)} ms, p95 ${round(summary.p95)} ms`);
    rows.push({
      figure: `GET ${endpoint.name}, p95`,
      value: failed ? undefined : summary.p95,
      unit: 'ms',
      target: { below: TARGETS.p95Ms },
      note:
        `p50 ${round(summary.p50)} ms, largest ${round(summary.max)} ms over ${asked} requests, ` +
        `${round(bytes / asked / 1024)} KiB each; analytics CPU ${round(used ? used.service.cpuMs / asked : undefined)} ms, ` +
        `Postgres ${round(used ? used.postgres.cpuMs / asked : undefined)} ms per request` +
        (failed ? `; ${failed} answers other than 200: ${JSON.stringify(statuses)}` : ''),
    });
  }
  return { rows, details };
}
