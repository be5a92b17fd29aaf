// Benchmark part "resolution": how soon a triaged complaint is in the queue, and how punctually
// SLA warnings and breaches come with 100,000 open cases.
//
// The built resolution service runs as a child process (image's Node options, its own consumer
// group starting where the benchmark's topics end, its defaults otherwise). This process plays
// triage: it publishes `ComplaintTriaged` events (lib/triaged.mjs: every subject type, routed as
// triage routes them, a normal day's mix of severities and escalation classes, validated against
// libs/contracts) on the benchmark's `complaints.triage.v1`.
//
//   Statistics: the service's tables are analysed 2 s into the warm-up, at its end and after the
//   catch-up, as autovacuum would have by then (the benchmark's server may run without it).
//
//   1. lag         after a 15 s warm-up at the same rate (its lag reported apart; the phase
//                  starts once the warm-up's cases are all in the queue), 200 complaints/s for
//                  60 s, evenly spaced whatever the service does (open loop; the events are made
//                  beforehand and sent every 10 ms).
//                  Lag = the moment the case is seen in `GET /cases` − the moment its event was due
//                  to be published. The probe: every complaint of these phases has a nearest
//                  deadline 1 ms after the previous one's (about 20 h ahead, before anything else
//                  in the queue), so the queue, sorted by nearest deadline, lists them in
//                  publication order; one `GET /cases?cursor=…&limit=100` at a time, 50 ms apart,
//                  with a supervisor's token, asks from just before the oldest complaint not seen
//                  yet and follows `nextCursor` while a page can hold unseen ones. A case counts as
//                  seen when the answer that lists it arrives, so the lag is overstated by up to
//                  one look, never understated. The lag is split at the case's `openedAt` in the
//                  same answer (the service's clock when its handler opened the case, in the
//                  transaction that commits it). Resolution's CPU per case is its process CPU time
//                  from the first publication until every case was seen ÷ cases; what the looks
//                  cost it is measured after the phase (5 s idle, then 5 s of the same looks
//                  with nothing new to find) and given apart.
//   2. catch-up    the rest of 100,000 complaints (deadlines 2–30 days ahead) published as fast as
//                  one producer goes, in requests of 1,000: cases opened per second from the first
//                  publication until the last case's row is in the queue's table (counted in
//                  `resolution.cases` every second), with the service's and Postgres' CPU per case;
//                  then until the outbox has published everything the cases appended.
//   3. SLA         the last 1,000 of the 100,000: complaints of severity major (clocks
//                  around the clock), registered 60 s before, whose `resolveBy` falls 40–80 s
//                  after they are published, evenly spread: each warns once 80 % of its time has
//                  passed (the policy's share: 20–52 s after publication) and breaches at its due
//                  time. `complaints.resolution.v1` is read from where it ended; for every
//                  `SlaWarning` and `SlaBreached` of these cases, delay = the Kafka record's
//                  timestamp (the service's relay produced it) − the moment it was due: `dueAt`
//                  for a breach, `startedAt + share × (dueAt − startedAt)` for a warning (its
//                  `dueAt` is the clock's). The delay to the event's own `time` (the firing's
//                  append) is reported beside it. Each must come exactly once.
//
//   With --profile the service runs with lib/probe.mjs preloaded, and each phase is a profiled
//   window (CPU by layer, Postgres round-trips per case or per SLA event, on stderr and in the
//   result file): the figures of such a run are those of a profiled service.
/* global fetch */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { say } from '../lib/repo.mjs';
import { analyseSchema } from './lib/database.mjs';
import { startEventService } from './lib/event-service.mjs';
import { firingRecord, punctuality } from './lib/firings.mjs';
import { publishAtRate, warmUp } from './lib/publish.mjs';
import { machineNote } from './lib/sampler.mjs';
import { latencySummary, percentiles, round } from './lib/stats.mjs';
import { triagedEvents } from './lib/triaged.mjs';
import { waitUntil } from './lib/wait.mjs';

export const title =
  'resolution — lag from ComplaintTriaged to the queue, and SLA events on time with 100,000 open cases';
export const packages = ['@redress/resolution'];

const TARGETS = { lagP99Ms: 500, openCases: 100_000, slaLateMs: 1_000 };
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const SLA_TYPES = new Set(['SlaWarning', 'SlaBreached']);

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    rate: 200,
    warmupS: quick ? 3 : 15,
    lagDurationS: options.rateDuration ?? (quick ? 5 : 60),
    pollIntervalMs: 50,
    calibrationS: quick ? 2 : 5,
    openCases: options.openCases ?? (quick ? 5_000 : TARGETS.openCases),
    slaCases: options.slaCases ?? (quick ? 100 : 1_000),
    bulkRequest: 1_000,
    // The SLA cases: registered this long before they are published, due from `leadS` after it,
    // spread over `spanS`.
    slaRegisteredAgoS: 60,
    slaLeadS: quick ? 25 : 40,
    slaSpanS: quick ? 10 : 40,
    // Seconds after the last due time to wait for late or duplicated events.
    slaGraceS: 10,
  };
}

export async function run(context) {
  const { repoRoot, options } = context;
  const plan = settings(options);
  const phased = plan.openCases - plan.slaCases;
  if (phased < Math.round(plan.rate * (plan.warmupS + plan.lagDurationS))) {
    throw new Error(
      `--open-cases=${plan.openCases} is fewer than the lag phases publish plus ${plan.slaCases} SLA cases`,
    );
  }
  if (!existsSync(join(repoRoot, 'apps/resolution/dist/main.js')))
    throw new Error('apps/resolution/dist is missing: the build did not produce it');
  const require = createRequire(import.meta.url);
  const contracts = require('@redress/contracts');
  const { createKafka, EventPublisher } = require('@redress/messaging');
  const platform = require('@redress/platform');
  // The topics resolution reads, from the service itself: its group must start at their end.
  const { SUBSCRIBED_TOPICS } = require(
    join(repoRoot, 'apps/resolution/dist/messaging/resolution-messaging.js'),
  );
  const bench = await setUp(context, { contracts, createKafka, EventPublisher, SUBSCRIBED_TOPICS });
  const make = triagedEvents(contracts);
  const supervisor = platform.signDevelopmentToken({
    sub: 'bench-supervisor',
    roles: ['supervisor'],
    department: 'customer-service',
    secret: bench.secret,
    expiresIn: '4h',
    env: { NODE_ENV: 'development' },
  });
  const queue = queueProbe({
    url: bench.service.url,
    token: supervisor,
    encodeCursor: platform.encodeCursor,
    intervalMs: plan.pollIntervalMs,
  });
  context.onCleanup(() => queue.stop());

  const rows = [];
  const details = { plan, consumerGroup: bench.group, serviceNodeArgs: bench.nodeArgs };
  const lag = await measureLag(context, plan, bench, make, queue);
  rows.push(...lag.rows);
  details.lag = lag.details;
  const catchUp = await measureCatchUp(context, plan, bench, make, lag.published);
  rows.push(...catchUp.rows);
  details.catchUp = catchUp.details;
  const sla = await measureSla(context, plan, bench, make, lag.published + catchUp.published);
  rows.push(...sla.rows);
  details.sla = sla.details;
  const rss = bench.rss.stop();
  rows.push({
    figure: 'resolution RSS at most during the part',
    value: rss.maxMb,
    unit: 'MB',
    note: `kernel's peak since start ${round(rss.peakSinceStartMb)} MB; Node options ${JSON.stringify(bench.nodeArgs.join(' '))}`,
  });
  details.rssMb = rss;
  if (bench.profiles.length) details.profiles = bench.profiles;
  return { rows, details };
}

/**
 * Topics, the service (with the profiler's probe under --profile), a publisher of triage's topic,
 * a database connection for counting, and a reader of resolution's topic to start per phase.
 */
async function setUp(context, { contracts, createKafka, EventPublisher, SUBSCRIBED_TOPICS }) {
  const { TOPICS } = contracts;
  const started = await startEventService(
    context,
    {
      part: 'resolution',
      folder: 'resolution',
      schema: 'resolution',
      groupVariable: 'RESOLUTION_CONSUMER_GROUP',
      subscribed: SUBSCRIBED_TOPICS,
      ownTopic: TOPICS.resolution,
      publishTo: TOPICS.triage,
      port: 3101,
    },
    { createKafka, EventPublisher },
  );
  return {
    ...started,
    profiles: started.profiling.profiles,
    /** Under --profile: profiles what `fn` makes the service do, as window `name`. */
    profiled: started.profiling.profiled,
  };
}

/**
 * Sees cases arrive in the queue (see the header): `expect(id, queueAtMs)` in publication order
 * (queue positions increasing), `seenAt(id)` the `performance.now()` at which the answer that
 * listed it arrived.
 */
function queueProbe({ url, token, encodeCursor, intervalMs }) {
  const order = [];
  const seen = new Map();
  const opened = new Map();
  const expected = new Set();
  let oldest = 0;
  let running = false;
  let loop;
  const stats = { polls: 0, requests: 0, failures: 0, cycleMs: [] };
  const get = async (cursor) => {
    stats.requests += 1;
    const res = await fetch(`${url}/cases?limit=100&cursor=${cursor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      stats.failures += 1;
      await res.arrayBuffer();
      return { items: [] };
    }
    return res.json();
  };
  const cursorBefore = (queueAtMs) =>
    encodeCursor({ at: new Date(queueAtMs - 1).toISOString(), id: NIL_UUID });
  /** One look: pages from the oldest unseen case on, while they can still hold unseen ones. */
  const pollOnce = async (fromQueueAt) => {
    const started = performance.now();
    stats.polls += 1;
    let cursor = cursorBefore(fromQueueAt);
    const newest = order.length ? order[order.length - 1][0] : fromQueueAt;
    for (let page = 0; page < 50; page += 1) {
      const answer = await get(cursor);
      const at = performance.now();
      for (const item of answer.items) {
        if (expected.has(item.complaintId) && !seen.has(item.complaintId)) {
          seen.set(item.complaintId, at);
          opened.set(item.complaintId, Date.parse(item.openedAt) - performance.timeOrigin);
        }
      }
      const last = answer.items[answer.items.length - 1];
      if (!answer.nextCursor || !last || Date.parse(last.nearestDueAt) >= newest) break;
      cursor = answer.nextCursor;
    }
    stats.cycleMs.push(performance.now() - started);
  };
  return {
    stats,
    seen,
    expect(id, queueAtMs) {
      order.push([queueAtMs, id]);
      expected.add(id);
    },
    seenAt: (id) => seen.get(id),
    /** When the service opened the case (`openedAt`, its clock), on the same scale. */
    openedAt: (id) => opened.get(id),
    allSeen: () => expected.size === seen.size,
    start() {
      running = true;
      loop = (async () => {
        while (running) {
          while (oldest < order.length && seen.has(order[oldest][1])) oldest += 1;
          if (oldest < order.length) await pollOnce(order[oldest][0]).catch(() => undefined);
          await sleep(intervalMs);
        }
      })();
    },
    async stop() {
      running = false;
      await loop;
    },
    /** The same looks with nothing new to find, for `seconds`: what a poll costs the service. */
    async pollsOnly(fromQueueAt, seconds) {
      const before = { polls: stats.polls, requests: stats.requests };
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end) {
        await pollOnce(fromQueueAt).catch(() => undefined);
        await sleep(intervalMs);
      }
      return { polls: stats.polls - before.polls, requests: stats.requests - before.requests };
    },
  };
}

async function measureLag(context, plan, bench, make, queue) {
  // Queue positions: 20 h ahead, 1 ms apart in publication order; earlier than every other
  // deadline of the run (the catch-up's are 2–30 days ahead; the SLA cases come later) and than
  // the 24 h crisis-plan clock of a major case.
  const queueBase = Date.now() + 20 * HOUR_MS;
  let n = 0;
  const nearestOf = new Map();
  const prepare = (count) => {
    const now = Date.now();
    const events = [];
    for (let k = 0; k < count; k += 1, n += 1) {
      const nearest = queueBase + n;
      const triagedAt = now + (k * 1000) / plan.rate;
      const event = make(n, {
        nearest,
        registeredAt: triagedAt - 5_000 - (n % 50) * 1_000,
        triagedAt,
      });
      nearestOf.set(event.subject, nearest);
      events.push(event);
    }
    return events;
  };
  const onPublished = (event) => queue.expect(event.subject, nearestOf.get(event.subject));
  queue.start();

  say(`resolution: warming up, ${plan.rate} complaints/s for ${plan.warmupS} s…`);
  // Statistics, as autovacuum would have gathered them on a running system (the intake part does
  // the same): with none, resolution's prepared `DELETE … WHERE key = ANY($1)` of the timers
  // keeps a plan made for the empty table, a scan of every timer per case (the first full run:
  // 33 cases/s at 20,000 cases). Once a few hundred cases exist, and again at the warm-up's end.
  // What start-up left behind (JIT, plans made before the statistics) is not the steady state the
  // target is about: the measured phase starts once the warm-up's cases are all in the queue.
  const warm = await warmUp(bench.publisher, {
    events: prepare(Math.round(plan.rate * plan.warmupS)),
    rate: plan.rate,
    onPublished,
    analyse: () => analyseSchema(context.benchDbAdminUrl, 'resolution'),
    handled: (id) => queue.seenAt(id) !== undefined,
    what: 'the warm-up’s cases in the queue',
  });
  const warmDrainS = warm.drainedAfterS;
  say(
    `resolution: ${plan.rate} ComplaintTriaged/s for ${plan.lagDurationS} s, watching the queue…`,
  );
  const lagEvents = prepare(Math.round(plan.rate * plan.lagDurationS));
  const cpu = bench.cpuWindow();
  await cpu.start();
  const pollsBefore = queue.stats.polls;
  const requestsBefore = queue.stats.requests;
  const cycleFrom = queue.stats.cycleMs.length;
  const measured = await bench.profiled(
    'lag',
    () => publishAtRate(bench.publisher, { events: lagEvents, rate: plan.rate, onPublished }),
    (result) => result.dueAt.size,
  );
  let missing = 0;
  try {
    await waitUntil(() => queue.allSeen(), 60_000, 'every case of the lag phase in the queue');
  } catch {
    missing = [...measured.dueAt.keys()].filter((id) => queue.seenAt(id) === undefined).length;
  }
  const cpuUsed = await cpu.stop();
  const polls = queue.stats.polls - pollsBefore;
  const requests = queue.stats.requests - requestsBefore;
  const cycle = latencySummary(queue.stats.cycleMs.slice(cycleFrom));
  await queue.stop();

  // What the polls cost the service: idle, then the same looks with nothing new to find.
  const lastQueueAt = queueBase + n - 1;
  say(
    `resolution: what the queue probe costs: ${plan.calibrationS} s idle, ${plan.calibrationS} s of polls…`,
  );
  const idle = bench.cpuWindow();
  await idle.start();
  await sleep(plan.calibrationS * 1000);
  const idleUse = await idle.stop();
  const calibrate = bench.cpuWindow();
  await calibrate.start();
  const calibration = await queue.pollsOnly(lastQueueAt - 20, plan.calibrationS);
  const calibrateUse = await calibrate.stop();
  const idleCores = idleUse?.service?.cores ?? 0;
  bench.idleCores = idleCores;
  const cpuPerPollMs = calibrateUse
    ? (calibrateUse.service.cpuMs - idleCores * calibrateUse.seconds * 1000) / calibration.polls
    : undefined;

  const lagsOf = (dueAt) => {
    const lags = [];
    for (const [id, at] of dueAt) {
      const seenAt = queue.seenAt(id);
      if (seenAt !== undefined) lags.push(seenAt - at);
    }
    return { ...latencySummary(lags), ...percentiles(lags, [95]) };
  };
  const summary = lagsOf(measured.dueAt);
  const warmSummary = lagsOf(warm.dueAt);
  const stages = { consumer: [], visible: [] };
  const bySecond = [];
  for (const [id, at] of measured.dueAt) {
    const openedAt = queue.openedAt(id);
    const seenAt = queue.seenAt(id);
    if (seenAt === undefined) continue;
    const second = Math.floor((at - measured.startedAt) / 1000);
    (bySecond[second] ??= []).push(seenAt - at);
    stages.consumer.push(openedAt - at);
    stages.visible.push(seenAt - openedAt);
  }
  const stage = Object.fromEntries(
    Object.entries(stages).map(([name, values]) => [name, latencySummary(values)]),
  );
  // How the lag moved over the phase: steady, or growing (the service behind the rate).
  const lagBySecond = bySecond.map((values, second) => {
    const s = latencySummary(values ?? []);
    return { second, p50: s.p50, max: s.max };
  });
  const cases = measured.dueAt.size;
  const cpuMsPerCase = cpuUsed ? cpuUsed.service.cpuMs / cases : undefined;
  const probeMsPerCase = cpuPerPollMs === undefined ? undefined : (cpuPerPollMs * polls) / cases;
  const rows = [
    {
      figure: `ComplaintTriaged published at ${plan.rate}/s for ${plan.lagDurationS} s`,
      value: cases,
      note: `achieved ${measured.achievedRate.toFixed(0)}/s in ${measured.requests} requests; the publisher was at most ${Math.round(measured.behindMaxMs)} ms behind schedule`,
    },
    { figure: 'lag published → case in GET /cases, p50', value: summary.p50, unit: 'ms' },
    { figure: 'lag published → case in GET /cases, p95', value: summary.p95, unit: 'ms' },
    {
      figure: 'lag published → case in GET /cases, p99',
      value: summary.p99,
      unit: 'ms',
      target: { below: TARGETS.lagP99Ms },
    },
    { figure: 'lag published → case in GET /cases, largest', value: summary.max, unit: 'ms' },
    {
      figure: `lag in the ${plan.warmupS} s warm-up right after start, p50 / p99`,
      value: `${Math.round(warmSummary.p50)} / ${Math.round(warmSummary.p99)} ms`,
      note: `the measured phase began ${round(warmDrainS)} s after the warm-up's last publication, once its cases were all in the queue`,
    },
    {
      figure: '  stage published → case opened (its openedAt), p50 / p99',
      value: `${Math.round(stage.consumer.p50)} / ${Math.round(stage.consumer.p99)} ms`,
      note: `lag p50 by ten seconds of the phase: ${lagBySecond
        .filter((_, i) => i % 10 === 0)
        .map((b) => Math.round(b.p50))
        .join(', ')} ms`,
    },
    {
      figure: '  stage opened → seen in GET /cases, p50 / p99',
      value: `${Math.round(stage.visible.p50)} / ${Math.round(stage.visible.p99)} ms`,
      note: `commit, then the probe's next look: ${round(polls / (cpuUsed?.seconds ?? 1))} looks/s, ${round(requests / Math.max(1, polls))} requests per look, a look every ${round(cycle.mean + plan.pollIntervalMs)} ms on average (p99 ${round(cycle.p99 + plan.pollIntervalMs)} ms)`,
    },
    {
      figure: `resolution CPU per case at ${plan.rate}/s`,
      value: cpuMsPerCase,
      unit: 'ms',
      note:
        `${round(cpuUsed?.service?.cores)} cores over ${round(cpuUsed?.seconds)} s, the queue probe's looks included: ` +
        `≈ ${round(probeMsPerCase)} ms per case (${round(cpuPerPollMs)} ms per look, measured after the phase; idle ${round(idleCores)} cores)`,
    },
    {
      figure: `Postgres CPU per case at ${plan.rate}/s (this database and background)`,
      value: cpuUsed?.postgres ? cpuUsed.postgres.cpuMs / cases : undefined,
      unit: 'ms',
      note: machineNote(cpuUsed, 'resolution'),
    },
    {
      figure: 'cases not in the queue within 60 s, and failed looks',
      value: missing + queue.stats.failures,
      target: { equals: 0 },
    },
  ];
  return {
    rows,
    published: n,
    details: {
      queueBase: new Date(queueBase).toISOString(),
      lags: summary,
      warmupLags: warmSummary,
      warmupDrainedAfterS: warmDrainS,
      stages: stage,
      lagBySecond,
      missing,
      probe: {
        polls,
        requests,
        failures: queue.stats.failures,
        cycleMs: cycle,
        calibration: { ...calibration, cpuPerPollMs, idle: idleUse, polling: calibrateUse },
      },
      publisher: { ...measured, dueAt: undefined },
      cpu: cpuUsed,
      cpuMsPerCase,
      probeMsPerCase,
    },
  };
}

async function countCases(db) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS cases,
            (count(*) FILTER (WHERE status NOT IN ('resolved', 'withdrawn')))::int AS open
       FROM resolution.cases`,
  );
  return rows[0];
}

async function measureCatchUp(context, plan, bench, make, before) {
  const count = plan.openCases - plan.slaCases - before;
  say(`resolution: preparing ${count.toLocaleString('en-US')} complaints for the catch-up…`);
  // Deadlines 2–30 days ahead: none falls due during the run.
  const now = Date.now();
  const events = [];
  for (let i = 0; i < count; i += 1) {
    const n = before + i;
    events.push(
      make(n, {
        nearest: now + (2 + (n % 29)) * DAY_MS + (n % 86_400) * 1_000,
        registeredAt: now - (n % 3_600) * 1_000,
        triagedAt: now,
      }),
    );
  }
  const target = before + count;
  say(
    `resolution: publishing ${count.toLocaleString('en-US')} ComplaintTriaged at once, waiting for ${target.toLocaleString('en-US')} cases…`,
  );
  const cpu = bench.cpuWindow();
  await cpu.start();
  const start = performance.now();
  let publishedAt;
  const result = await bench.profiled(
    'catch-up',
    async () => {
      for (let i = 0; i < events.length; i += plan.bulkRequest) {
        await bench.publisher.publish(events.slice(i, i + plan.bulkRequest));
      }
      publishedAt = performance.now();
      events.length = 0;
      let last = { cases: 0 };
      const deadline = performance.now() + 30 * 60_000;
      for (;;) {
        last = await countCases(bench.db);
        if (last.cases >= target || performance.now() > deadline) break;
        await sleep(1_000);
      }
      return { last, doneAt: performance.now() };
    },
    count,
  );
  const cpuUsed = await cpu.stop();
  const seconds = (result.doneAt - start) / 1000;
  say(`resolution: ${result.last.cases} cases after ${round(seconds)} s; waiting for the outbox…`);
  const drain = await bench.watch.waitDrained({ timeoutMs: 30 * 60_000, pollMs: 250 });
  const drainedS = (drain.drainedAt - result.doneAt) / 1000;
  // The tables grew sevenfold since the last statistics: autovacuum would have analysed them again.
  await analyseSchema(context.benchDbAdminUrl, 'resolution');
  const caught = result.last.cases - before;
  const rows = [
    {
      figure: `cases opened per second, ${count.toLocaleString('en-US')} ComplaintTriaged published at once`,
      value: caught / seconds,
      unit: '/s',
      note: `published in ${round((publishedAt - start) / 1000)} s (${round(count / ((publishedAt - start) / 1000))}/s); all ${result.last.cases.toLocaleString('en-US')} cases in the queue's table after ${round(seconds)} s; the outbox published what they appended ${round(drainedS)} s later`,
    },
    {
      figure: 'resolution CPU per case while catching up',
      value: cpuUsed ? cpuUsed.service.cpuMs / caught : undefined,
      unit: 'ms',
      note: `${round(cpuUsed?.service?.cores)} cores; Postgres ${round(cpuUsed ? cpuUsed.postgres.cpuMs / caught : undefined)} ms per case (${round(cpuUsed?.postgres?.cores)} cores); ${machineNote(cpuUsed, 'resolution')}`,
    },
  ];
  return {
    rows,
    published: count,
    details: {
      count,
      publishS: (publishedAt - start) / 1000,
      caughtUpS: seconds,
      casesPerSecond: caught / seconds,
      outboxDrainedAfterS: drainedS,
      cases: result.last,
      cpu: cpuUsed,
    },
  };
}

async function measureSla(context, plan, bench, make, before) {
  const share = 0.8;
  const records = [];
  const others = { sla: 0 };
  const subset = new Map();
  const reader = await bench.readFromNow((message, readAt) => {
    const type = message.headers?.ce_type?.toString();
    if (!SLA_TYPES.has(type)) return;
    const key = message.key?.toString();
    if (!subset.has(key)) {
      others.sla += 1;
      return;
    }
    records.push(firingRecord(message, readAt));
  });

  const t0 = Date.now();
  const registeredAt = t0 - plan.slaRegisteredAgoS * 1000;
  const spacing = (plan.slaSpanS * 1000) / plan.slaCases;
  const events = [];
  for (let j = 0; j < plan.slaCases; j += 1) {
    const dueAt = t0 + plan.slaLeadS * 1000 + Math.round(j * spacing);
    const event = make(before + j, {
      registeredAt,
      triagedAt: t0,
      severity: 'major',
      escalationClass: 'general',
      approver: 'project-general-manager',
      notify: [],
      reportToHeadquarters: false,
      deadlines: { resolveBy: new Date(dueAt).toISOString() },
    });
    subset.set(event.subject, {
      resolveBy: dueAt,
      warnAt: registeredAt + Math.round((dueAt - registeredAt) * share),
    });
    events.push(event);
  }
  const dues = [...subset.values()].flatMap((c) => [c.warnAt, c.resolveBy]).sort((a, b) => a - b);
  const firstDue = dues[0];
  const lastDue = dues[dues.length - 1];
  say(
    `resolution: ${plan.slaCases} cases with SLA timers due ${round((firstDue - t0) / 1000)}–${round((lastDue - t0) / 1000)} s from now…`,
  );
  const cpu = bench.cpuWindow();
  for (let i = 0; i < events.length; i += plan.bulkRequest) {
    await bench.publisher.publish(events.slice(i, i + plan.bulkRequest));
  }
  const target = before + plan.slaCases;
  await waitUntil(
    async () => (await countCases(bench.db)).cases >= target,
    Math.max(5_000, firstDue - Date.now()),
    'the SLA cases to open before their first timer',
    { pollMs: 200 },
  ).catch(() => undefined);
  const openedS = (Date.now() - t0) / 1000;
  await sleep(Math.max(0, firstDue - Date.now()));
  const atFirstDue = await countCases(bench.db);
  const timers = Number(
    (await bench.db.query('SELECT count(*) AS n FROM resolution.timers')).rows[0].n,
  );
  await cpu.start();
  const expectedCount = plan.slaCases * 2;
  await bench.profiled(
    'sla',
    () =>
      waitUntil(
        () => records.length >= expectedCount && Date.now() > lastDue + 1_000,
        lastDue - Date.now() + plan.slaGraceS * 1000,
        'every SLA event',
        { pollMs: 250 },
      ).catch(() => undefined),
    () => Math.max(1, records.length),
  );
  // A little longer for duplicates.
  await sleep(2_000);
  const cpuUsed = await cpu.stop();
  await reader.stop();

  // Exactly once: one warning and one breach of the resolve clock per case.
  const dueOf = (r) => {
    const clockDue = Date.parse(r.data.dueAt);
    if (r.type === 'SlaBreached') return clockDue;
    const startedAt = Date.parse(r.data.startedAt);
    return startedAt + Math.round((clockDue - startedAt) * r.data.share);
  };
  const found = punctuality(records, {
    keyOf: (r) => `${r.key}:${r.type}:${r.data.clock}`,
    dueOf,
    lateMs: TARGETS.slaLateMs,
  });
  const { seenOnce, duplicates, record, appended, read, late } = found;
  let wrongDue = 0;
  const split = { SlaWarning: [], SlaBreached: [] };
  for (const { record: r, due } of found.firsts) {
    const planned = subset.get(r.key);
    if (
      r.data.clock !== 'resolve' ||
      due !== (r.type === 'SlaBreached' ? planned.resolveBy : planned.warnAt)
    )
      wrongDue += 1;
    split[r.type].push(r.timestamp - due);
  }
  const missing = expectedCount - found.keys;
  const firings = records.length;
  const idleMs = (bench.idleCores ?? 0) * (cpuUsed?.seconds ?? 0) * 1000;
  const rows = [
    {
      figure: 'open cases when the first SLA timer fell due',
      value: atFirstDue.open,
      target: { min: TARGETS.openCases },
      note: `${atFirstDue.cases.toLocaleString('en-US')} cases, ${timers.toLocaleString('en-US')} open timers in resolution.timers; the ${plan.slaCases} SLA cases all open ${round(openedS)} s after their publication, ${round((firstDue - t0) / 1000 - openedS)} s before the first timer`,
    },
    {
      figure: 'SLA events seen exactly once (SlaWarning + SlaBreached)',
      value: seenOnce,
      target: { equals: expectedCount },
      note: `${plan.slaCases} cases × (one warning at 80 % + one breach), due over ${round((lastDue - firstDue) / 1000)} s; seen ${split.SlaWarning.length} warnings, ${split.SlaBreached.length} breaches`,
    },
    {
      figure: 'SLA events missing, duplicated, of another clock or due time, or of other cases',
      value: missing + duplicates + wrongDue + others.sla,
      target: { equals: 0 },
      note: `missing ${missing}, duplicates ${duplicates}, other clock or due time ${wrongDue}, of other cases ${others.sla}`,
    },
    {
      figure: 'SLA event delay due → on Kafka (record timestamp), p50',
      value: record.p50,
      unit: 'ms',
    },
    {
      figure: 'SLA event delay due → on Kafka (record timestamp), p99',
      value: record.p99,
      unit: 'ms',
    },
    {
      figure: 'SLA event delay due → on Kafka (record timestamp), largest',
      value: record.max,
      unit: 'ms',
      target: { max: TARGETS.slaLateMs },
      note: `${late} later than ${TARGETS.slaLateMs} ms; warnings p99 ${round(percentiles(split.SlaWarning, [99]).p99)} ms, breaches p99 ${round(percentiles(split.SlaBreached, [99]).p99)} ms`,
    },
    {
      figure: '  due → appended (the event’s time), p50 / p99 / largest',
      value: `${round(appended.p50)} / ${round(appended.p99)} / ${round(appended.max)} ms`,
    },
    {
      figure: '  due → read by this process, p50 / p99 / largest',
      value: `${round(read.p50)} / ${round(read.p99)} / ${round(read.max)} ms`,
    },
    {
      figure: 'resolution CPU per SLA event in the window, beyond its idle work',
      value: cpuUsed && firings ? (cpuUsed.service.cpuMs - idleMs) / firings : undefined,
      unit: 'ms',
      note: `${round(cpuUsed?.service?.cores)} cores over ${round(cpuUsed?.seconds)} s for ${round(firings / (cpuUsed?.seconds ?? 1))} events/s, of which idle work ${round(bench.idleCores)} cores; ${machineNote(cpuUsed, 'resolution')}`,
    },
  ];
  return {
    rows,
    details: {
      t0: new Date(t0).toISOString(),
      firstDue: new Date(firstDue).toISOString(),
      lastDue: new Date(lastDue).toISOString(),
      casesOpenAfterS: openedS,
      atFirstDue,
      openTimers: timers,
      expected: expectedCount,
      seenOnce,
      missing,
      duplicates,
      wrongDue,
      otherCases: others.sla,
      delayToRecordMs: record,
      delayToAppendMs: appended,
      delayToReadMs: read,
      warningsToRecordMs: latencySummary(split.SlaWarning),
      breachesToRecordMs: latencySummary(split.SlaBreached),
      cpu: cpuUsed,
    },
  };
}
