// Benchmark part "followup": how soon a resolved complaint's callback is scheduled, how fast the
// due list answers with 100,000 follow-ups open, what people's commands cost, and how punctually
// follow-up's durable timers fire when many fall due in the same second.
//
// The built follow-up service runs as a child process (image's Node options, its own consumer
// group starting where the benchmark's topics end, its defaults otherwise). This process plays
// resolution: it publishes `ComplaintResolved` events (every department of triage's default
// routing, a day's mix of severities and classes, each with a remedy — so each waits for its
// callback — validated against libs/contracts) on the benchmark's `complaints.resolution.v1`, and
// reads `complaints.followup.v1` from where it ended.
//
//   1. inbound     after a warm-up at the same rate (its lag reported apart; the phase starts once
//                  the warm-up's callbacks are all scheduled), `--rate` (200) ComplaintResolved/s
//                  for 60 s, evenly spaced whatever the service does (open loop, lib/publish.mjs).
//                  Lag = the moment this process reads the `FollowUpScheduled` the service's relay
//                  put on its topic − the moment the `ComplaintResolved` was due to be published;
//                  split at the event's `time` (the decision, in the transaction that appends it)
//                  and at the Kafka record's timestamp (the relay produced it). Follow-up's CPU per
//                  event is its process CPU time from the first publication until every callback
//                  was read ÷ events.
//   2. seeding     the rest of 100,000 (resolved over the last five days, so some callbacks are
//                  overdue) published as fast as one producer goes, in requests of 1,000, through
//                  the service's own path: events/s until `followup.follow_ups` holds them all,
//                  then until the outbox has published what they appended. Statistics afterwards,
//                  as autovacuum would have gathered them.
//   3. due list    `GET /follow-ups?limit=50` at a fixed concurrency (closed loop, 16): five of six
//                  requests by an agent of one of the six departments (department scope), half of
//                  them the first page and half a page further on (`cursor` of a random row of that
//                  department's list), one of six by a supervisor (every department, the first page
//                  or a random cursor). p50/p95/p99, requests/s, CPU per request.
//   4. commands    `POST /follow-ups/:id/attempts` (no answer or reached, alternately) and then
//                  `POST /follow-ups/:id/survey` (four of five satisfied, one of five reopening),
//                  each at the same concurrency, each request on a follow-up of its own, by an agent
//                  of the complaint's department: requests/s, p95, CPU per request.
//   5. clocks      1,000 corrective actions (`POST …/corrective-actions`, a supervisor) due in the
//                  same second 30 s ahead, on complaints of their own. For each
//                  `CorrectiveActionOverdue`, delay = the Kafka record's timestamp − its `dueAt`;
//                  the delays to the event's own `time` and to this process reading it beside it.
//                  Each must come exactly once. (Follow-up's callbacks, retries and the unreachable
//                  closure are due times in the due list that people act on, not timers: its
//                  timers are overdue corrective actions and case-study reminders.)
//
//   With --profile the service runs with lib/probe.mjs preloaded, and the inbound phase, the due
//   list, the commands and the clocks are profiled windows (lib/profiled.mjs).
/* global fetch */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { say } from '../lib/repo.mjs';
import { analyseSchema } from './lib/database.mjs';
import { startEventService } from './lib/event-service.mjs';
import { firingRecord, punctuality } from './lib/firings.mjs';
import { closedLoop, failuresOf } from './lib/load.mjs';
import { publishAtRate, warmUp } from './lib/publish.mjs';
import { machineNote } from './lib/sampler.mjs';
import { latencySummary, percentiles, round } from './lib/stats.mjs';
import { waitUntil } from './lib/wait.mjs';

export const title =
  'followup — lag from ComplaintResolved to the scheduled callback, the due list with 100,000 open, commands, overdue actions on time';
export const packages = ['@redress/follow-up'];

const TARGETS = { lagP99Ms: 1_000, dueListP95Ms: 200, openFollowUps: 100_000, lateMs: 1_000 };

/** Triage's default routing: department and category of each subject type, as resolution passes them on. */
const ROUTES = [
  ['quality', 'quality'],
  ['quality', 'safety'],
  ['customer-service', 'service-attitude'],
  ['logistics', 'delivery'],
  ['finance', 'billing'],
  ['property', 'maintenance'],
  ['operations', 'returns'],
  ['customer-service', 'staff-conduct'],
];
const DEPARTMENTS = [...new Set(ROUTES.map(([department]) => department))];
/** One day's mix, 20 complaints long (as lib/triaged.mjs). */
const SEVERITIES = [
  ...Array(2).fill('minor'),
  ...Array(12).fill('general'),
  ...Array(4).fill('serious'),
  ...Array(2).fill('major'),
];
const REMEDIES = [
  { optionId: 'refund', kind: 'refund', tier: 1 },
  { optionId: 'exchange', kind: 'exchange', tier: 1 },
  { optionId: 'repair', kind: 'repair', tier: 1 },
];

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    rate: options.rate ?? 200,
    warmupS: quick ? 3 : 10,
    lagDurationS: options.rateDuration ?? (quick ? 5 : 60),
    openFollowUps: options.openFollowUps ?? (quick ? 5_000 : TARGETS.openFollowUps),
    bulkRequest: 1_000,
    connections: options.connections?.[0] ?? 16,
    warmS: quick ? 1 : 3,
    loadS: options.duration ?? (quick ? 3 : 20),
    overdueActions: options.overdueActions ?? (quick ? 200 : 1_000),
    clockLeadS: quick ? 15 : 30,
    clockGraceS: 10,
  };
}

export async function run(context) {
  const { repoRoot, options } = context;
  const plan = settings(options);
  const lagEvents = Math.round(plan.rate * (plan.warmupS + plan.lagDurationS));
  if (plan.openFollowUps < lagEvents + plan.overdueActions + 1_000) {
    throw new Error(
      `--open-follow-ups=${plan.openFollowUps} is fewer than the inbound phases publish plus ${plan.overdueActions} overdue actions and 1,000 for the commands`,
    );
  }
  if (!existsSync(join(repoRoot, 'apps/follow-up/dist/main.js')))
    throw new Error('apps/follow-up/dist is missing: the build did not produce it');
  const require = createRequire(import.meta.url);
  const contracts = require('@redress/contracts');
  const { createKafka, EventPublisher } = require('@redress/messaging');
  const platform = require('@redress/platform');
  const { SUBSCRIBED_TOPICS } = require(
    join(repoRoot, 'apps/follow-up/dist/messaging/followup-messaging.js'),
  );
  const bench = await setUp(context, { contracts, createKafka, EventPublisher, SUBSCRIBED_TOPICS });
  const token = (sub, roles, department) =>
    platform.signDevelopmentToken({
      sub,
      roles,
      ...(department ? { department } : {}),
      secret: bench.secret,
      expiresIn: '4h',
      env: { NODE_ENV: 'development' },
    });
  bench.tokens = {
    supervisor: token('bench-supervisor', ['supervisor'], 'customer-service'),
    agents: Object.fromEntries(
      DEPARTMENTS.map((d) => [d, token(`bench-agent-${d}`, ['agent'], d)]),
    ),
  };
  bench.encodeCursor = platform.encodeCursor;
  const make = resolvedEvents(contracts);

  const rows = [];
  const details = { plan, consumerGroup: bench.group, serviceNodeArgs: bench.nodeArgs };
  const inbound = await measureInbound(context, plan, bench, make);
  rows.push(...inbound.rows);
  details.inbound = inbound.details;
  const seeded = await seed(context, plan, bench, make, inbound.published);
  rows.push(...seeded.rows);
  details.seeding = seeded.details;
  const dueList = await measureDueList(plan, bench);
  rows.push(...dueList.rows);
  details.dueList = dueList.details;
  const commands = await measureCommands(plan, bench, seeded.forCommands);
  rows.push(...commands.rows);
  details.commands = commands.details;
  const clocks = await measureClocks(plan, bench, seeded.forClocks);
  rows.push(...clocks.rows);
  details.clocks = clocks.details;
  const rss = bench.rss.stop();
  rows.push({
    figure: 'follow-up RSS at most during the part',
    value: rss.maxMb,
    unit: 'MB',
    note: `kernel's peak since start ${round(rss.peakSinceStartMb)} MB; Node options ${JSON.stringify(bench.nodeArgs.join(' '))}`,
  });
  details.rssMb = rss;
  if (bench.profiling.profiles.length) details.profiles = bench.profiling.profiles;
  return { rows, details };
}

/**
 * `make(n, { resolvedAt })` → the n-th complaint's `ComplaintResolved`, as resolution publishes
 * it: department and category by triage's routing, severity and class through a day's mix, a
 * remedy (so the policy waits for a survey). Throws if it is not a valid `ComplaintResolved`.
 */
function resolvedEvents(contracts) {
  const registry = new contracts.EventRegistry([contracts.ComplaintResolved]);
  return function make(n, { resolvedAt }) {
    const [department, category] = ROUTES[n % ROUTES.length];
    const severity = SEVERITIES[n % SEVERITIES.length];
    const complaintId = randomUUID();
    const time = new Date(resolvedAt).toISOString();
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: '/redress/resolution',
      type: 'ComplaintResolved',
      subject: complaintId,
      time,
      datacontenttype: 'application/json',
      schemaversion: 1,
      streamversion: 6,
      correlationid: randomUUID(),
      authtype: 'app_user',
      authid: `agent-${n % 40}`,
      data: {
        complaintId,
        resolvedAt: time,
        round: 1,
        resolvedBy: `agent-${n % 40}`,
        summary: 'Refunded in full and apologised; the batch was checked.',
        remedy: { remedyId: randomUUID(), option: REMEDIES[n % REMEDIES.length] },
        department,
        severity,
        escalationClass: severity === 'major' && n % 4 === 0 ? 'major' : 'general',
        category,
      },
    };
    registry.parse(event);
    return event;
  };
}

/**
 * The service (lib/event-service.mjs: topics, consumer group, probe under --profile, publisher of
 * resolution's topic, database connection, outbox watch) and one reader of follow-up's topic from
 * its end for the whole part: `bench.onRecord[type]` sees each record of that type.
 */
async function setUp(context, { contracts, createKafka, EventPublisher, SUBSCRIBED_TOPICS }) {
  const { TOPICS } = contracts;
  const started = await startEventService(
    context,
    {
      part: 'followup',
      folder: 'follow-up',
      schema: 'followup',
      groupVariable: 'FOLLOWUP_CONSUMER_GROUP',
      subscribed: SUBSCRIBED_TOPICS,
      ownTopic: TOPICS.followup,
      publishTo: TOPICS.resolution,
      // Clear of 3101, where the other parts start their services, should another benchmark run
      // on the machine at the same time.
      port: 3104,
    },
    { createKafka, EventPublisher },
  );
  const onRecord = {};
  await started.readFromNow((message, readAt) => {
    const handler = onRecord[message.headers?.ce_type?.toString()];
    if (handler) handler(message, readAt);
  });
  return { ...started, context, onRecord };
}

async function countFollowUps(db) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS total,
            (count(*) FILTER (WHERE status = 'awaiting_callback'))::int AS open
       FROM followup.follow_ups`,
  );
  return rows[0];
}

/** Phase 1: ComplaintResolved at a steady rate → FollowUpScheduled on follow-up's topic. */
async function measureInbound(context, plan, bench, make) {
  const scheduled = new Map();
  const expected = new Set();
  bench.onRecord.FollowUpScheduled = (message, readAt) => {
    const key = message.key?.toString();
    if (!expected.has(key) || scheduled.has(key)) return;
    scheduled.set(key, firingRecord(message, readAt));
  };
  let n = 0;
  const prepare = (count) => {
    const now = Date.now();
    const events = [];
    for (let k = 0; k < count; k += 1, n += 1) {
      events.push(make(n, { resolvedAt: now + (k * 1000) / plan.rate }));
    }
    return events;
  };
  const onPublished = (event) => expected.add(event.subject);

  say(`followup: warming up, ${plan.rate} ComplaintResolved/s for ${plan.warmupS} s…`);
  const warm = await warmUp(bench.publisher, {
    events: prepare(Math.round(plan.rate * plan.warmupS)),
    rate: plan.rate,
    onPublished,
    analyse: () => analyseSchema(context.benchDbAdminUrl, 'followup'),
    handled: (id) => scheduled.has(id),
    what: 'the warm-up’s callbacks scheduled',
  });
  const warmDrainS = warm.drainedAfterS;

  say(`followup: ${plan.rate} ComplaintResolved/s for ${plan.lagDurationS} s…`);
  const events = prepare(Math.round(plan.rate * plan.lagDurationS));
  const cpu = bench.cpuWindow();
  await cpu.start();
  const measured = await bench.profiling.profiled(
    'inbound',
    () => publishAtRate(bench.publisher, { events, rate: plan.rate, onPublished }),
    (result) => result.dueAt.size,
  );
  let missing = 0;
  try {
    await waitUntil(
      () => [...measured.dueAt.keys()].every((id) => scheduled.has(id)),
      60_000,
      'every callback of the inbound phase scheduled',
      { pollMs: 50 },
    );
  } catch {
    missing = [...measured.dueAt.keys()].filter((id) => !scheduled.has(id)).length;
  }
  const cpuUsed = await cpu.stop();

  const lagsOf = (dueAt) => {
    const lags = { read: [], decided: [], relayed: [] };
    for (const [id, at] of dueAt) {
      const r = scheduled.get(id);
      if (!r) continue;
      const published = at + performance.timeOrigin;
      lags.read.push(r.readAt - published);
      lags.decided.push(r.time - published);
      lags.relayed.push(r.timestamp - r.time);
    }
    return Object.fromEntries(
      Object.entries(lags).map(([k, v]) => [k, { ...latencySummary(v), ...percentiles(v, [95]) }]),
    );
  };
  const lag = lagsOf(measured.dueAt);
  const warmLag = lagsOf(warm.dueAt);
  const bySecond = [];
  for (const [id, at] of measured.dueAt) {
    const r = scheduled.get(id);
    if (r)
      (bySecond[Math.floor((at - measured.startedAt) / 1000)] ??= []).push(
        r.readAt - at - performance.timeOrigin,
      );
  }
  const lagBySecond = bySecond.map((values, second) => ({
    second,
    p50: latencySummary(values ?? []).p50,
  }));
  const count = measured.dueAt.size;
  const seen = count - missing;
  const rows = [
    {
      figure: `ComplaintResolved published at ${plan.rate}/s for ${plan.lagDurationS} s`,
      value: count,
      note: `achieved ${measured.achievedRate.toFixed(0)}/s in ${measured.requests} requests; the publisher was at most ${Math.round(measured.behindMaxMs)} ms behind schedule`,
    },
    {
      figure: 'callbacks scheduled per second over the phase (first publication → last one read)',
      value: cpuUsed ? seen / cpuUsed.seconds : undefined,
      unit: '/s',
    },
    ...latencyRows('lag published → FollowUpScheduled read', lag.read, {
      p99: { below: TARGETS.lagP99Ms },
      largest: true,
    }),
    {
      figure: '  stage published → decided (the event’s time), p50 / p99',
      value: `${Math.round(lag.decided.p50)} / ${Math.round(lag.decided.p99)} ms`,
      note: `lag p50 by ten seconds of the phase: ${lagBySecond
        .filter((_, i) => i % 10 === 0)
        .map((b) => Math.round(b.p50))
        .join(', ')} ms`,
    },
    {
      figure: '  stage decided → on Kafka (record timestamp), p50 / p99',
      value: `${Math.round(lag.relayed.p50)} / ${Math.round(lag.relayed.p99)} ms`,
    },
    {
      figure: `lag in the ${plan.warmupS} s warm-up right after start, p50 / p99`,
      value: `${Math.round(warmLag.read.p50)} / ${Math.round(warmLag.read.p99)} ms`,
      note: `the measured phase began ${round(warmDrainS)} s after the warm-up's last publication, once its callbacks were all scheduled`,
    },
    {
      figure: `follow-up CPU per ComplaintResolved at ${plan.rate}/s`,
      value: cpuUsed ? cpuUsed.service.cpuMs / count : undefined,
      unit: 'ms',
      note: `${round(cpuUsed?.service?.cores)} cores over ${round(cpuUsed?.seconds)} s; Postgres ${round(cpuUsed ? cpuUsed.postgres.cpuMs / count : undefined)} ms per event; ${machineNote(cpuUsed, 'follow-up')}`,
    },
    {
      figure: 'callbacks not scheduled within 60 s',
      value: missing,
      target: { equals: 0 },
    },
  ];
  delete bench.onRecord.FollowUpScheduled;
  return {
    rows,
    published: n,
    details: {
      lagMs: lag,
      warmupLagMs: warmLag,
      warmupDrainedAfterS: warmDrainS,
      lagBySecond,
      missing,
      publisher: { ...measured, dueAt: undefined },
      cpu: cpuUsed,
    },
  };
}

/**
 * Phase 2: the rest of the open follow-ups through the service's own path. Returns the events'
 * complaints (id, department) reserved for the clocks and for the commands.
 */
async function seed(context, plan, bench, make, before) {
  const count = plan.openFollowUps - before;
  say(`followup: preparing ${count.toLocaleString('en-US')} ComplaintResolved…`);
  const now = Date.now();
  const events = [];
  const complaints = [];
  for (let i = 0; i < count; i += 1) {
    // Resolved over the last five days: callbacks due from four days ago to a working day ahead.
    const event = make(before + i, { resolvedAt: now - ((i * 7_919) % (5 * 86_400)) * 1000 });
    events.push(event);
    complaints.push({ id: event.subject, department: event.data.department });
  }
  const target = plan.openFollowUps;
  say(
    `followup: publishing ${count.toLocaleString('en-US')} ComplaintResolved at once, waiting for ${target.toLocaleString('en-US')} follow-ups…`,
  );
  const cpu = bench.cpuWindow();
  await cpu.start();
  const start = performance.now();
  for (let i = 0; i < events.length; i += plan.bulkRequest) {
    await bench.publisher.publish(events.slice(i, i + plan.bulkRequest));
  }
  const publishedAt = performance.now();
  events.length = 0;
  let last;
  const deadline = performance.now() + 30 * 60_000;
  for (;;) {
    last = await countFollowUps(bench.db);
    if (last.total >= target || performance.now() > deadline || bench.context.stopped) break;
    await sleep(1_000);
  }
  const doneAt = performance.now();
  const cpuUsed = await cpu.stop();
  const seconds = (doneAt - start) / 1000;
  say(`followup: ${last.total} follow-ups after ${round(seconds)} s; waiting for the outbox…`);
  const drain = await bench.watch.waitDrained({ timeoutMs: 30 * 60_000, pollMs: 250 });
  const drainedS = (drain.drainedAt - doneAt) / 1000;
  await analyseSchema(context.benchDbAdminUrl, 'followup');
  const open = (await countFollowUps(bench.db)).open;
  const made = last.total - before;
  const rows = [
    {
      figure: `callbacks scheduled per second, ${count.toLocaleString('en-US')} ComplaintResolved published at once`,
      value: made / seconds,
      unit: '/s',
      note: `published in ${round((publishedAt - start) / 1000)} s; all in followup.follow_ups after ${round(seconds)} s; the outbox published what they appended ${round(drainedS)} s later`,
    },
    {
      figure: 'follow-up CPU per ComplaintResolved while catching up',
      value: cpuUsed ? cpuUsed.service.cpuMs / made : undefined,
      unit: 'ms',
      note: `${round(cpuUsed?.service?.cores)} cores; Postgres ${round(cpuUsed ? cpuUsed.postgres.cpuMs / made : undefined)} ms per event; ${machineNote(cpuUsed, 'follow-up')}`,
    },
    {
      figure: 'follow-ups open (awaiting the callback) for the due list',
      value: open,
      target: { min: plan.openFollowUps },
    },
  ];
  return {
    rows,
    forClocks: complaints.slice(0, plan.overdueActions),
    forCommands: complaints.slice(plan.overdueActions),
    details: {
      count,
      publishS: (publishedAt - start) / 1000,
      caughtUpS: seconds,
      perSecond: made / seconds,
      outboxDrainedAfterS: drainedS,
      open,
      cpu: cpuUsed,
    },
  };
}

/** A closed loop of `requests` against the service, its CPU window, profiled as `name`. */
async function load(plan, bench, name, requestOptions) {
  const base = {
    url: bench.service.url,
    path: '/follow-ups',
    headers: { 'content-type': 'application/json' },
    connections: plan.connections,
    ...requestOptions,
  };
  await closedLoop({ ...base, durationS: plan.warmS });
  const cpu = bench.cpuWindow();
  await cpu.start();
  const result = await bench.profiling.profiled(
    name,
    () => closedLoop({ ...base, durationS: plan.loadS }),
    (r) => Math.max(1, r.ok),
  );
  const cpuUsed = await cpu.stop();
  const latency = { ...latencySummary(result.latencies), ...percentiles(result.latencies, [95]) };
  const failures = failuresOf(result);
  return {
    result: { ...result, latencies: undefined },
    latency,
    cpu: cpuUsed,
    cpuMsPerRequest: cpuUsed && result.ok ? cpuUsed.service.cpuMs / result.ok : undefined,
    failed: failures.unexpected + failures.errors + failures.timeouts,
    failures,
  };
}

/** Phase 3: the due list, department scope and paging. */
async function measureDueList(plan, bench) {
  const cursors = {};
  for (const department of [...DEPARTMENTS, undefined]) {
    const { rows } = await bench.db.query(
      `SELECT call_at, complaint_id FROM followup.follow_ups
        WHERE status = 'awaiting_callback' ${department ? 'AND department = $1' : ''}
        ORDER BY random() LIMIT 200`,
      department ? [department] : [],
    );
    cursors[department ?? '*'] = rows.map((r) =>
      bench.encodeCursor({ at: r.call_at.toISOString(), id: r.complaint_id }),
    );
  }
  let i = 0;
  const nextRequest = () => {
    i += 1;
    const supervisor = i % 6 === 0;
    const department = DEPARTMENTS[i % DEPARTMENTS.length];
    const list = cursors[supervisor ? '*' : department];
    const deeper = Math.floor(i / 6) % 2 === 1 && list.length > 0;
    return {
      path: `/follow-ups?limit=50${deeper ? `&cursor=${list[i % list.length]}` : ''}`,
      headers: {
        authorization: `Bearer ${supervisor ? bench.tokens.supervisor : bench.tokens.agents[department]}`,
      },
    };
  };
  say(`followup: the due list, ${plan.connections} connections for ${plan.loadS} s…`);
  const m = await load(plan, bench, 'due-list', {
    method: 'GET',
    expectedStatus: 200,
    nextRequest,
  });
  const rows = [
    {
      figure: `GET /follow-ups (limit 50) at ${plan.connections} connections, answers/s`,
      value: m.result.okPerSecond,
      unit: '/s',
      note: 'five of six by an agent of one department (its scope), one of six by a supervisor (all); half the first page, half a page at a random cursor',
    },
    ...latencyRows('GET /follow-ups latency', m.latency, {
      p95: { below: TARGETS.dueListP95Ms },
    }),
    {
      figure: 'follow-up CPU per GET /follow-ups',
      value: m.cpuMsPerRequest,
      unit: 'ms',
      note: `Postgres ${round(m.cpu && m.result.ok ? m.cpu.postgres.cpuMs / m.result.ok : undefined)} ms per request; ${machineNote(m.cpu, 'follow-up')}`,
    },
    {
      figure: 'GET /follow-ups failed (not 200, errors, timeouts)',
      value: m.failed,
      target: { equals: 0 },
    },
  ];
  return { rows, details: m };
}

/** Phase 4: attempts, then surveys, each request on a follow-up of its own. */
async function measureCommands(plan, bench, complaints) {
  let next = 0;
  const take = () => complaints[next++ % complaints.length];
  const agentOf = (c) => `Bearer ${bench.tokens.agents[c.department]}`;
  let n = 0;
  const attempts = () => {
    const c = take();
    n += 1;
    return {
      path: `/follow-ups/${c.id}/attempts`,
      body: JSON.stringify({
        outcome: n % 2 ? 'no_answer' : 'reached',
        ...(n % 3 === 0 ? { note: 'Called at the number on file.' } : {}),
      }),
      headers: { authorization: agentOf(c) },
    };
  };
  const surveys = () => {
    const c = take();
    n += 1;
    const unhappy = n % 5 === 0;
    return {
      path: `/follow-ups/${c.id}/survey`,
      body: JSON.stringify({
        satisfaction: unhappy ? 2 : 4 + (n % 2),
        resolved: !unhappy,
        ratings: { efficiency: 4, attitude: 5, outcome: unhappy ? 2 : 4 },
        ...(n % 4 === 0 ? { comment: 'Quick and polite.' } : {}),
      }),
      headers: { authorization: agentOf(c) },
    };
  };
  const rows = [];
  const details = {};
  for (const [name, path, expectedStatus, nextRequest] of [
    ['attempts', 'POST /follow-ups/:id/attempts', 201, attempts],
    ['survey', 'POST /follow-ups/:id/survey', 200, surveys],
  ]) {
    say(`followup: ${path}, ${plan.connections} connections for ${plan.loadS} s…`);
    const m = await load(plan, bench, name, { method: 'POST', expectedStatus, nextRequest });
    details[name] = m;
    rows.push(
      {
        figure: `${path} at ${plan.connections} connections, answers/s`,
        value: m.result.okPerSecond,
        unit: '/s',
      },
      {
        figure: `${path} latency, p50 / p95 / p99`,
        value: `${round(m.latency.p50)} / ${round(m.latency.p95)} / ${round(m.latency.p99)} ms`,
      },
      {
        figure: `follow-up CPU per ${path}`,
        value: m.cpuMsPerRequest,
        unit: 'ms',
        note: `Postgres ${round(m.cpu && m.result.ok ? m.cpu.postgres.cpuMs / m.result.ok : undefined)} ms per request; ${machineNote(m.cpu, 'follow-up')}`,
      },
      {
        figure: `${path} failed (not ${expectedStatus}, errors, timeouts)`,
        value: m.failed,
        target: { equals: 0 },
        note: `statuses ${JSON.stringify(m.result.statuses)}`,
      },
    );
  }
  details.followUpsUsed = next;
  if (next > complaints.length)
    say(`followup: the commands used ${next} follow-ups of ${complaints.length}: some twice`);
  return { rows, details };
}

/**
 * Rows of a latency summary in ms: p50, p95, p99 and, when `targets.largest` is given, the
 * largest; `targets[name]` is that row's target (`false` leaves the row out).
 */
function latencyRows(figure, summary, targets = {}) {
  return [
    ['p50', summary.p50],
    ['p95', summary.p95],
    ['p99', summary.p99],
    ['largest', summary.max],
  ]
    .filter(([name]) => targets[name] !== false && (name !== 'largest' || targets.largest))
    .map(([name, value]) => ({
      figure: `${figure}, ${name}`,
      value,
      unit: 'ms',
      ...(typeof targets[name] === 'object' ? { target: targets[name] } : {}),
    }));
}

/** Runs `fn(item)` for every item, `concurrency` at a time. */
async function forEachAtOnce(items, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Phase 5: corrective actions due in the same second; their CorrectiveActionOverdue on time. */
async function measureClocks(plan, bench, complaints) {
  const records = [];
  const others = { count: 0 };
  const planned = new Map();
  bench.onRecord.CorrectiveActionOverdue = (message, readAt) => {
    const r = firingRecord(message, readAt);
    if (planned.has(r.data.actionId)) records.push(r);
    else others.count += 1;
  };
  // Due in one second, `clockLeadS` ahead: the first due at a whole second.
  const dueBase = Math.ceil((Date.now() + plan.clockLeadS * 1000) / 1000) * 1000;
  const count = complaints.length;
  const requests = complaints.map((c, j) => ({
    complaint: c,
    dueAt: new Date(dueBase + Math.floor((j * 1000) / count)).toISOString(),
  }));
  say(
    `followup: ${count} corrective actions due ${round((dueBase - Date.now()) / 1000)} s from now, all in one second…`,
  );
  const failed = { count: 0, statuses: {} };
  const createStart = performance.now();
  await forEachAtOnce(requests, plan.connections, async ({ complaint, dueAt }) => {
    const res = await fetch(`${bench.service.url}/follow-ups/${complaint.id}/corrective-actions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bench.tokens.supervisor}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        kind: 'corrective',
        description: 'Check the batch and retrain the line on foreign-object inspection.',
        owner: `lead-${complaint.department}`,
        dueAt,
      }),
    }).catch(() => undefined);
    if (res?.status === 201) {
      const { id } = await res.json();
      planned.set(id, { complaintId: complaint.id, dueAt: Date.parse(dueAt) });
    } else {
      failed.count += 1;
      failed.statuses[res?.status ?? 'error'] = (failed.statuses[res?.status ?? 'error'] ?? 0) + 1;
      await res?.arrayBuffer();
    }
  });
  const createdS = (performance.now() - createStart) / 1000;
  const aheadS = (dueBase - Date.now()) / 1000;
  const lastDue = dueBase + 999;
  const timers = Number(
    (await bench.db.query('SELECT count(*) AS n FROM followup.timers')).rows[0].n,
  );
  // What the service does while nothing is due: its idle work, subtracted below.
  const idle = bench.cpuWindow();
  await idle.start();
  await sleep(Math.max(0, dueBase - Date.now() - 1_000));
  const idleUse = await idle.stop();
  const idleCores = idleUse?.service?.cores ?? 0;
  const cpu = bench.cpuWindow();
  await cpu.start();
  await bench.profiling.profiled(
    'clocks',
    () =>
      waitUntil(
        () => records.length >= planned.size && Date.now() > lastDue + 1_000,
        lastDue - Date.now() + plan.clockGraceS * 1000,
        'every CorrectiveActionOverdue',
        { pollMs: 100 },
      ).catch(() => undefined),
    () => Math.max(1, records.length),
  );
  await sleep(2_000); // a little longer for duplicates
  const cpuUsed = await cpu.stop();
  delete bench.onRecord.CorrectiveActionOverdue;

  const found = punctuality(records, {
    keyOf: (r) => r.data.actionId,
    dueOf: (r) => Date.parse(r.data.dueAt),
    lateMs: TARGETS.lateMs,
  });
  const wrongDue = found.firsts.filter(
    ({ record, due }) =>
      planned.get(record.data.actionId).dueAt !== due ||
      planned.get(record.data.actionId).complaintId !== record.key,
  ).length;
  const missing = planned.size - found.keys;
  const firings = records.length;
  const beyondIdleMs = cpuUsed ? cpuUsed.service.cpuMs - idleCores * cpuUsed.seconds * 1000 : 0;
  const rows = [
    {
      figure: 'corrective actions due in the same second',
      value: planned.size,
      target: { equals: count },
      note: `requested in ${round(createdS)} s (${round(planned.size / createdS)}/s), the first due ${round(aheadS)} s after the last request; ${failed.count} requests failed ${JSON.stringify(failed.statuses)}; ${timers.toLocaleString('en-US')} timers pending in followup.timers`,
    },
    {
      figure: 'CorrectiveActionOverdue seen exactly once',
      value: found.seenOnce,
      target: { equals: planned.size },
    },
    {
      figure: 'CorrectiveActionOverdue missing, duplicated, of another due time or action',
      value: missing + found.duplicates + wrongDue + others.count,
      target: { equals: 0 },
      note: `missing ${missing}, duplicates ${found.duplicates}, other due time or complaint ${wrongDue}, of other actions ${others.count}; ${found.late} later than ${TARGETS.lateMs} ms`,
    },
    ...latencyRows('overdue delay due → on Kafka (record timestamp)', found.record, {
      p95: false,
      largest: { max: TARGETS.lateMs },
    }),
    {
      figure: '  due → appended (the event’s time), p50 / p99 / largest',
      value: `${round(found.appended.p50)} / ${round(found.appended.p99)} / ${round(found.appended.max)} ms`,
    },
    {
      figure: '  due → read by this process, p50 / p99 / largest',
      value: `${round(found.read.p50)} / ${round(found.read.p99)} / ${round(found.read.max)} ms`,
    },
    {
      figure: 'follow-up CPU per overdue event, beyond its idle work',
      value: firings ? beyondIdleMs / firings : undefined,
      unit: 'ms',
      note: `${round(cpuUsed?.service?.cores)} cores over ${round(cpuUsed?.seconds)} s, of which idle work ${round(idleCores)} cores; ${machineNote(cpuUsed, 'follow-up')}`,
    },
  ];
  return {
    rows,
    details: {
      dueFrom: new Date(dueBase).toISOString(),
      requested: count,
      created: planned.size,
      createS: createdS,
      firstDueAfterCreationS: aheadS,
      failed,
      pendingTimers: timers,
      seenOnce: found.seenOnce,
      missing,
      duplicates: found.duplicates,
      wrongDue,
      late: found.late,
      otherActions: others.count,
      delayToRecordMs: found.record,
      delayToAppendMs: found.appended,
      delayToReadMs: found.read,
      idleCores,
      cpu: cpuUsed,
    },
  };
}
