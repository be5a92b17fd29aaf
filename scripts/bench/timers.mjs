// Benchmark part "timers": how late durable timers fire, and what firing them costs, with a
// large table of open timers and a steady stream falling due.
//
//   1. preparation  the schema `bench_timers` of the benchmark database (dropped and created
//                   again), the timers table of `@redress/timers`, 100,000 open timers due in
//                   1–30 days (they stay open throughout, as SLA and follow-up timers would)
//   2. idle         one TimerWorker (built lib, in a child process with the image's Node
//                   options, its handler writing one row per firing) with nothing due: how
//                   often it looks at the table
//   3. load         this process schedules 500 timers/s for 60 s through `Timers.schedule`, in
//                   transactions of its own (another process than the worker, so no in-process
//                   wake-up helps), each due 10 s after it was scheduled and evenly spaced: from
//                   the 10th second on, timers fall due at a steady 500/s. Delay = the moment the
//                   firing's effect committed (the worker's own `onFiring` hook, which metrics
//                   use) − due time. The worker's CPU and resident memory are read from /proc
//                   from the first due timer until the last one fired. Memory is flat when
//                   what the worker holds after a full collection (--expose-gc, asked at the
//                   first due timer, halfway and at the end) does not grow, and its resident
//                   memory levels off: RSS is compared over the second half, once V8 has sized
//                   its heap for the load (the first half's growth is that sizing, not a leak).
//   4. check        every timer fired exactly once (the effect table's key), none failed
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { say } from '../lib/repo.mjs';
import { postgresSessions } from './lib/database.mjs';
import { cpuWindow, statusKb } from './lib/sampler.mjs';
import { latencySummary } from './lib/stats.mjs';

export const title = 'timers — durable timers fired on time, 100,000 open, 500/s falling due';
export const packages = ['@redress/timers'];

const TARGETS = { openTimers: 100_000, delayP99Ms: 1_000, heapGrowthMb: 4, rssGrowthMb: 16 };
const SCHEMA = 'bench_timers';
const KIND = 'bench.fire';

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    openTimers: TARGETS.openTimers,
    rate: options.rate ?? 500,
    durationS: options.rateDuration ?? (quick ? 10 : 60),
    leadS: 10,
    idleS: quick ? 3 : 10,
    workerPool: 6,
  };
}

export async function run(context) {
  const { repoRoot, benchDbAdminUrl, options } = context;
  const plan = settings(options);
  if (!existsSync(join(repoRoot, 'libs/timers/dist/index.js')))
    throw new Error('libs/timers/dist is missing: the build did not produce it');
  const require = createRequire(import.meta.url);
  const { Pool } = require('pg');
  const { EventStore } = require('@redress/event-store');
  const { Timers, timersSchemaSql } = require('@redress/timers');

  const pool = new Pool({ connectionString: benchDbAdminUrl, max: 4 });
  pool.on('error', () => undefined);
  context.onCleanup(() => pool.end());

  say(`timers: preparing ${SCHEMA} with ${plan.openTimers.toLocaleString('en-US')} open timers…`);
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await pool.query(`CREATE SCHEMA ${SCHEMA}`);
  for (const statement of timersSchemaSql(SCHEMA)) await pool.query(statement);
  await pool.query(
    `CREATE TABLE ${SCHEMA}.fired (key text PRIMARY KEY, due_at timestamptz NOT NULL,
       fired_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  );
  // Written in one statement rather than through `schedule`: they are the backdrop, not the load.
  await pool.query(
    `INSERT INTO ${SCHEMA}.timers (key, kind, due_at, payload)
     SELECT 'open:' || g, $1, now() + (1 + g % 30) * interval '1 day' + g * interval '1 second',
            jsonb_build_object('caseId', g)
       FROM generate_series(1, $2::int) AS g`,
    [KIND, plan.openTimers],
  );
  await pool.query(`VACUUM ANALYZE ${SCHEMA}.timers`);

  const worker = await startWorker(context, plan);

  // Idle: nothing due for days.
  say(`timers: worker idle for ${plan.idleS} s…`);
  const idleCpu = cpuWindow(worker.pid);
  const idleBefore = await worker.status();
  await idleCpu.start();
  await sleep(plan.idleS * 1000);
  const idleCpuUsed = await idleCpu.stop();
  const idleAfter = await worker.status();
  const idleLooksPerS = (idleAfter.polls - idleBefore.polls) / plan.idleS;

  // Load.
  const total = Math.round(plan.rate * plan.durationS);
  say(`timers: scheduling ${plan.rate}/s for ${plan.durationS} s, each due ${plan.leadS} s later…`);
  const store = new EventStore(pool, SCHEMA);
  const timers = new Timers(SCHEMA);
  const t0 = Date.now();
  const firstDue = t0 + plan.leadS * 1000;
  const dueOf = (i) => new Date(firstDue + (i * 1000) / plan.rate);
  const generating = generate({ store, timers, plan, total, t0, dueOf });

  await sleep(Math.max(0, firstDue - Date.now()));
  const openAtFirstDue = Number(
    (await pool.query(`SELECT count(*) AS n FROM ${SCHEMA}.timers`)).rows[0].n,
  );
  const cpu = cpuWindow(worker.pid, { postgresPids: postgresSessions(benchDbAdminUrl) });
  const loadBefore = await worker.status();
  await cpu.start();
  const rss = sampleSeries(worker.pid, 500);
  const heapAtFirstDue = await worker.memory();
  const halfway = sleep(Math.max(0, (dueOf(total - 1).getTime() - firstDue) / 2)).then(
    async () => ({ heap: await worker.memory(), rssMb: statusKb(worker.pid, 'VmRSS') / 1024 }),
  );
  const scheduled = await generating;
  const lastDue = dueOf(total - 1).getTime();
  const drainDeadline = lastDue + 60_000;
  let fired = 0;
  for (;;) {
    fired = Number(
      (await pool.query(`SELECT count(*) AS n FROM ${SCHEMA}.fired WHERE key LIKE 'due:%'`)).rows[0]
        .n,
    );
    if (fired >= total || Date.now() > drainDeadline) break;
    await sleep(Math.max(100, Math.min(1_000, lastDue - Date.now())));
  }
  const cpuUsed = await cpu.stop();
  const memory = rss.stop();
  const atHalf = await halfway;
  const heapAtEnd = await worker.memory();
  const loadAfter = await worker.status();
  const windowS = cpuUsed?.seconds ?? (Date.now() - firstDue) / 1000;
  const loadLooksPerS = (loadAfter.polls - loadBefore.polls) / windowS;

  const result = await worker.stop();
  const delays = latencySummary(result.lagsMs);
  const { rows: check } = await pool.query(
    `SELECT (SELECT count(*) FROM ${SCHEMA}.fired WHERE key LIKE 'due:%')::int AS fired,
            (SELECT count(*) FROM ${SCHEMA}.timers WHERE key LIKE 'due:%')::int AS left_over,
            (SELECT count(*) FROM ${SCHEMA}.timers WHERE key LIKE 'open:%')::int AS open`,
  );
  const missing = total - check[0].fired;
  const problems = missing + check[0].left_over + result.status.failed + result.status.parked;
  const firedSpanS = (lastDue - firstDue) / 1000;
  const perFiring = (group) =>
    cpuUsed?.[group] && check[0].fired ? cpuUsed[group].cpuMs / check[0].fired : undefined;

  const rows = [
    {
      figure: 'open timers when the first one fell due',
      value: openAtFirstDue,
      target: { min: TARGETS.openTimers },
      note: `${plan.openTimers.toLocaleString('en-US')} due in 1–30 days, plus the ${plan.leadS} s of scheduled ones not yet due`,
    },
    {
      figure: `timers fired, falling due at ${plan.rate}/s for ${plan.durationS} s`,
      value: check[0].fired,
      note: `${scheduled.transactions} scheduling transactions; due rate ${(total / firedSpanS).toFixed(0)}/s`,
    },
    { figure: 'firing delay after due time, p50', value: delays.p50, unit: 'ms' },
    {
      figure: 'firing delay after due time, p99',
      value: delays.p99,
      unit: 'ms',
      target: { below: TARGETS.delayP99Ms },
    },
    { figure: 'firing delay after due time, largest', value: delays.max, unit: 'ms' },
    {
      figure: 'worker CPU per firing',
      value: perFiring('service'),
      unit: 'ms',
      note: `${(cpuUsed?.service?.cores ?? Number.NaN).toFixed(2)} cores over ${windowS.toFixed(0)} s; idle: ${(idleCpuUsed?.service?.cores ?? Number.NaN).toFixed(3)} cores`,
    },
    {
      figure: 'Postgres CPU per firing (this database and background)',
      value: perFiring('postgres'),
      unit: 'ms',
      note: `the load generator's scheduling included; machine ${(cpuUsed?.machine?.busyCores ?? Number.NaN).toFixed(2)} busy cores`,
    },
    {
      figure: 'worker looks at the table per second: idle / under load',
      value: `${idleLooksPerS.toFixed(1)} / ${loadLooksPerS.toFixed(1)}`,
      note: `${(check[0].fired / Math.max(1, loadAfter.polls - loadBefore.polls)).toFixed(1)} timers taken per look under load`,
    },
    {
      figure: 'worker RSS at first due / at the end / largest',
      value: `${fmt(memory.startMb)} / ${fmt(memory.endMb)} / ${fmt(memory.maxMb)}`,
      unit: 'MB',
      note: `${memory.samples} samples every 500 ms; Node options ${JSON.stringify((options.serviceNodeArgs ?? []).join(' '))}`,
    },
    {
      figure: 'worker heap after a full GC: first due / halfway / end',
      value: `${heapAtFirstDue.heapUsedMb.toFixed(1)} / ${atHalf.heap.heapUsedMb.toFixed(1)} / ${heapAtEnd.heapUsedMb.toFixed(1)}`,
      unit: 'MB',
      note: heapAtEnd.gc ? 'collected on request (--expose-gc)' : 'no --expose-gc: heap as found',
    },
    {
      figure: 'worker heap growth after a full GC (end − first due)',
      value: heapAtEnd.heapUsedMb - heapAtFirstDue.heapUsedMb,
      unit: 'MB',
      target: { below: TARGETS.heapGrowthMb },
    },
    {
      figure: 'worker RSS growth over the second half (end − halfway)',
      value: memory.endMb - atHalf.rssMb,
      unit: 'MB',
      target: { below: TARGETS.rssGrowthMb },
      note: `over the whole run ${(memory.endMb - memory.startMb).toFixed(1)} MB (the first half sizes V8's heap for the load)`,
    },
    {
      figure: 'timers missed, left over or failed',
      value: problems,
      target: { equals: 0 },
      note: `missed ${missing}, left over ${check[0].left_over}, handler failures ${result.status.failed}, parked ${result.status.parked}; open timers untouched ${check[0].open}`,
    },
  ];
  if (result.warnings.length) say(`timers: the worker said:\n  ${result.warnings.join('\n  ')}`);
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  return {
    rows,
    details: {
      plan,
      delaysMs: delays,
      openAtFirstDue,
      idleLooksPerS,
      loadLooksPerS,
      workerStatus: result.status,
      rssMb: { ...memory, halfwayMb: atHalf.rssMb },
      heapAfterGcMb: {
        firstDue: heapAtFirstDue.heapUsedMb,
        halfway: atHalf.heap.heapUsedMb,
        end: heapAtEnd.heapUsedMb,
      },
      cpu: cpuUsed,
      idleCpu: idleCpuUsed,
      scheduled,
    },
  };
}

/** Schedules `total` timers at `plan.rate`/s, a transaction every 20 ms, as a service would. */
async function generate({ store, timers, plan, total, t0, dueOf }) {
  let next = 0;
  let transactions = 0;
  let behindMs = 0;
  while (next < total) {
    const until = Math.min(total, Math.floor(((Date.now() - t0) * plan.rate) / 1000) + 1);
    if (until > next) {
      const batch = [];
      for (let i = next; i < until; i += 1) {
        batch.push({ key: `due:${i}`, kind: KIND, dueAt: dueOf(i), payload: { caseId: i } });
      }
      await store.transaction((tx) => timers.schedule(tx, batch));
      transactions += 1;
      next = until;
    }
    const aheadMs = t0 + ((next + 1) * 1000) / plan.rate - Date.now();
    if (aheadMs < -1_000) behindMs = Math.max(behindMs, -aheadMs);
    await sleep(20);
  }
  return { timers: total, transactions, generatorBehindMaxMs: behindMs };
}

async function startWorker(context, plan) {
  const { repoRoot, benchDbAdminUrl, options } = context;
  const child = fork(join(repoRoot, 'scripts/bench/lib/timer-worker.mjs'), [], {
    cwd: repoRoot,
    execArgv: [...(options.serviceNodeArgs ?? []), '--expose-gc'],
    env: {
      ...process.env,
      BENCH_TIMERS_DB: benchDbAdminUrl,
      BENCH_TIMERS_SCHEMA: SCHEMA,
      BENCH_TIMERS_KIND: KIND,
      BENCH_TIMERS_POOL: String(plan.workerPool),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  context.onCleanup(() => {
    if (!exited) child.kill('SIGKILL');
  });
  const next = (type, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the timer worker did not answer ${type}`)),
        timeoutMs,
      );
      const onMessage = (message) => {
        if (message?.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
    });
  await next('ready');
  return {
    pid: child.pid,
    async status() {
      const answer = next('status');
      child.send({ type: 'status' });
      return (await answer).status;
    },
    async memory() {
      const answer = next('memory');
      child.send({ type: 'memory' });
      return answer;
    },
    async stop() {
      const answer = next('stopped');
      child.send({ type: 'stop' });
      return answer;
    },
  };
}

/** Resident memory of `pid` every `intervalMs`: first, last and largest sample. */
function sampleSeries(pid, intervalMs) {
  const samples = [];
  const take = () => {
    const kb = statusKb(pid, 'VmRSS');
    if (kb !== undefined) samples.push(kb / 1024);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        samples: samples.length,
        startMb: samples[0],
        endMb: samples[samples.length - 1],
        maxMb: samples.length ? Math.max(...samples) : undefined,
        series: samples.filter((_, i) => i % 10 === 0),
      };
    },
  };
}

function fmt(mb) {
  return mb === undefined ? 'n/a' : mb.toFixed(0);
}
