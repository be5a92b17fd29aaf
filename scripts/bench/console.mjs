// Benchmark part "console": the web console's production bundle and its queue page with
// 10,000 open cases (issue 17: < 300 kB gzip, < 1 s).
//
//   bundle   what a first visit downloads: the files apps/console/dist/index.html references
//            (JavaScript and CSS), each gzip-compressed at level 6 (zlib's default, what a web
//            server or CDN typically sends) and at level 9, summed.
//   queue    the built resolution service (its own consumer group and tables in the bench
//            database) opens 10,000 cases from `ComplaintTriaged` events this process publishes as
//            triage would (lib/triaged.mjs: the SOP's mix of subjects, severities and classes,
//            validated against libs/contracts; deadlines 2–30 days ahead, so all stay open). The
//            console's own server (scripts/serve.mjs, as `npm start` runs it) serves the build and
//            proxies /api/resolution/. Debian's Chromium (playwright-core, headless) then opens
//            /queue as a supervisor (who sees every department), each run in a fresh browser
//            context (empty cache: a first visit), several runs:
//              time to interactive = navigation start → the first queue rows are in the document
//              and painted, and the main thread has taken a task after that paint (so a click or a
//              key press would be handled), measured in the page (performance.now(), whose origin
//              is the navigation's start). Beside it: the GET /cases answer's time (resource
//              timing) and the page's long tasks (total blocking time) until interactive.
//            CPU per page load: the resolution service's and the console server's process CPU
//            during the runs ÷ runs. --open-cases sets the cases (10,000 by default; --quick 1,000).
/* global window, document, PerformanceObserver, MutationObserver, requestAnimationFrame, MessageChannel, sessionStorage, localStorage */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { say } from '../lib/repo.mjs';
import { analyseSchema } from './lib/database.mjs';
import { startEventService } from './lib/event-service.mjs';
import { processCpuMs } from './lib/sampler.mjs';
import { benchServiceEnv, freePort, startService } from './lib/service.mjs';
import { percentiles, round } from './lib/stats.mjs';
import { triagedEvents } from './lib/triaged.mjs';
import { gzipSync } from 'node:zlib';

export const title =
  'console — production bundle size (gzip) and the queue page with 10,000 open cases';
export const packages = ['@redress/console', '@redress/resolution'];

const TARGET_KB = 300;
const TARGET_INTERACTIVE_MS = 1_000;
const DAY_MS = 86_400_000;
const CHROMIUM = '/usr/bin/chromium';

/** The JavaScript and CSS files the built index.html loads, relative to dist/. */
export function entryAssets(html) {
  const assets = new Set();
  for (const match of html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) assets.add(match[1]);
  return [...assets];
}

export async function run(context) {
  const bundle = measureBundle(context);
  const queue = await measureQueue(context);
  return {
    rows: [...bundle.rows, ...queue.rows],
    details: { files: bundle.files, queue: queue.details },
  };
}

function measureBundle(context) {
  const dist = join(context.repoRoot, 'apps/console/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...entryAssets(html), 'index.html'].map((file) => {
    const content = readFileSync(join(dist, file));
    return {
      file,
      bytes: statSync(join(dist, file)).size,
      gzip6: gzipSync(content, { level: 6 }).length,
      gzip9: gzipSync(content, { level: 9 }).length,
    };
  });
  const sum = (key, filter = () => true) =>
    files.filter(filter).reduce((total, f) => total + f[key], 0) / 1024;
  const isJs = (f) => f.file.endsWith('.js');
  const isCss = (f) => f.file.endsWith('.css');
  const rows = [
    {
      figure: 'first load, gzip (JS + CSS + HTML)',
      value: sum('gzip6'),
      unit: 'kB',
      target: { max: TARGET_KB },
      note: `${files.length} files; ${sum('bytes').toFixed(0)} kB uncompressed; ${sum('gzip9').toFixed(1)} kB at gzip -9`,
    },
    { figure: 'JavaScript, gzip', value: sum('gzip6', isJs), unit: 'kB' },
    { figure: 'CSS, gzip', value: sum('gzip6', isCss), unit: 'kB' },
  ];
  return { rows, files };
}

/** In the page, from its first script on: when the first queue row appears, paints, and the main
 * thread is free again; the long tasks until then. Read back as `window.__queueTiming`. */
function queueProbe() {
  const timing = { longTasks: [] };
  window.__queueTiming = timing;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) timing.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    if (timing.rowsAt !== undefined) return;
    const rows = document.querySelectorAll('[data-testid="queue"] tbody tr[data-case]');
    if (rows.length === 0) return;
    timing.rowsAt = performance.now();
    timing.rows = rows.length;
    observer.disconnect();
    // The frame with the rows is painted at the next animation frame's end; a message posted
    // then runs as the next task: the moment the page can take input.
    requestAnimationFrame(() => {
      timing.paintedAt = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        timing.interactiveAt = performance.now();
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** User + system CPU of `root` and all its descendants so far, in milliseconds (Linux /proc). */
function treeCpuMs(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree].reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
}

async function countCases(db) {
  const { rows } = await db.query(
    `SELECT (count(*) FILTER (WHERE status NOT IN ('resolved', 'withdrawn')))::int AS open
       FROM resolution.cases`,
  );
  return rows[0].open;
}

async function measureQueue(context) {
  const { repoRoot, options } = context;
  const cases = options.openCases ?? (options.quick ? 1_000 : 10_000);
  const runs = options.quick ? 3 : 7;
  const require = createRequire(import.meta.url);
  const contracts = require('@redress/contracts');
  const { createKafka, EventPublisher } = require('@redress/messaging');
  const platform = require('@redress/platform');
  const { chromium } = require('playwright-core');
  const { SUBSCRIBED_TOPICS } = require(
    join(repoRoot, 'apps/resolution/dist/messaging/resolution-messaging.js'),
  );

  const bench = await startEventService(
    context,
    {
      part: 'console',
      folder: 'resolution',
      schema: 'resolution',
      groupVariable: 'RESOLUTION_CONSUMER_GROUP',
      subscribed: SUBSCRIBED_TOPICS,
      ownTopic: contracts.TOPICS.resolution,
      publishTo: contracts.TOPICS.triage,
      port: 3121,
    },
    { createKafka, EventPublisher },
  );
  const before = await countCases(bench.db);
  const target = before + cases;
  say(`console: publishing ${cases.toLocaleString('en-US')} ComplaintTriaged for resolution…`);
  const make = triagedEvents(contracts);
  const now = Date.now();
  const seedStart = performance.now();
  for (let i = 0; i < cases; i += 1_000) {
    const batch = [];
    for (let n = i; n < Math.min(cases, i + 1_000); n += 1) {
      batch.push(
        make(n, {
          nearest: now + (2 + (n % 29)) * DAY_MS + (n % 86_400) * 1_000,
          registeredAt: now - (n % 3_600) * 1_000,
          triagedAt: now,
        }),
      );
    }
    await bench.publisher.publish(batch);
  }
  let open = before;
  const deadline = performance.now() + 30 * 60_000;
  while (open < target && performance.now() < deadline) {
    await sleep(1_000);
    open = await countCases(bench.db);
  }
  if (open < target) throw new Error(`console: only ${open} of ${target} cases opened in 30 min`);
  const seedS = (performance.now() - seedStart) / 1000;
  say(`console: ${open.toLocaleString('en-US')} open cases after ${round(seedS)} s`);
  await analyseSchema(context.benchDbAdminUrl, 'resolution');

  const consolePort = await freePort(3120);
  const server = await startService({
    name: 'console',
    cwd: join(repoRoot, 'apps/console'),
    entry: 'scripts/serve.mjs',
    port: consolePort,
    env: {
      ...benchServiceEnv({ kafkaBrokers: context.infra.kafkaBrokers, secret: bench.secret }),
      CONSOLE_PORT: String(consolePort),
      CONSOLE_RESOLUTION_URL: bench.service.url,
    },
  });
  context.onCleanup(() => server.stop());
  const consoleUrl = server.url;
  const token = platform.signDevelopmentToken({
    sub: 'bench-supervisor',
    roles: ['supervisor'],
    secret: bench.secret,
    expiresIn: '1h',
    env: { NODE_ENV: 'development' },
  });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  context.onCleanup(() => browser.close());
  // playwright's Browser has no process; its launch server's child is Chromium's main process.
  const browserPid = chromiumPid();
  const load = async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    ).newPage();
    await page.addInitScript((t) => {
      sessionStorage.setItem('redress.session', t);
      localStorage.setItem('redress.language', 'en');
    }, token);
    await page.addInitScript(queueProbe);
    // Chromium's CPU (every process: the page's renderer, the browser, the network service)
    // from the navigation to interactive: what the page costs, whatever the machine's load.
    const cpuBefore = treeCpuMs(browserPid);
    await page.goto(`${consoleUrl}/queue`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__queueTiming?.interactiveAt !== undefined, null, {
      timeout: 60_000,
    });
    const chromiumCpuMs = treeCpuMs(browserPid) - cpuBefore;
    const timing = await page.evaluate(() => {
      const t = window.__queueTiming;
      const api = performance
        .getEntriesByType('resource')
        .find((e) => e.name.includes('/api/resolution/cases'));
      return {
        ...t,
        apiMs: api ? api.responseEnd - api.startTime : undefined,
        blockingMs: t.longTasks
          .filter(([start]) => start < t.interactiveAt)
          .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0),
      };
    });
    await page.context().close();
    return { ...timing, chromiumCpuMs };
  };

  say(`console: one warm-up load, then ${runs} measured loads of /queue…`);
  await load();
  const cpu0 = [processCpuMs(bench.service.pid), processCpuMs(server.pid)];
  const results = [];
  for (let i = 0; i < runs; i += 1) results.push(await load());
  const cpu1 = [processCpuMs(bench.service.pid), processCpuMs(server.pid)];
  const stat = (key) => {
    const values = results.map((r) => r[key]).filter((v) => typeof v === 'number');
    const p = percentiles(values, [50]);
    return { p50: p.p50, max: Math.max(...values) };
  };
  const interactive = stat('interactiveAt');
  const rowsAt = stat('rowsAt');
  const api = stat('apiMs');
  const blocking = stat('blockingMs');
  const chromiumCpu = stat('chromiumCpuMs');
  const rowsShown = results[0]?.rows;
  const perLoad = (i) =>
    cpu0[i] !== undefined && cpu1[i] !== undefined ? (cpu1[i] - cpu0[i]) / runs : undefined;
  const rows = [
    {
      figure: `queue page interactive, ${open.toLocaleString('en-US')} open cases, p50 (first visit)`,
      value: interactive.p50,
      unit: 'ms',
      target: { max: TARGET_INTERACTIVE_MS },
      note: `max ${round(interactive.max)} ms over ${runs} loads; first rows in the document at p50 ${round(rowsAt.p50)} ms; ${rowsShown} rows shown (one page of the API)`,
    },
    {
      figure: 'queue page interactive, max',
      value: interactive.max,
      unit: 'ms',
      target: { max: TARGET_INTERACTIVE_MS },
    },
    {
      figure: 'GET /cases (first page) as the browser saw it, p50',
      value: api.p50,
      unit: 'ms',
      note: `max ${round(api.max)} ms; through the console's proxy`,
    },
    {
      figure: 'main thread blocked (long tasks over 50 ms) until interactive, p50',
      value: blocking.p50,
      unit: 'ms',
      note: `max ${round(blocking.max)} ms`,
    },
    {
      figure: 'Chromium CPU from navigation to interactive, p50 (all its processes)',
      value: chromiumCpu.p50,
      unit: 'ms',
      note: `max ${round(chromiumCpu.max)} ms: what the page costs, whatever the machine's load`,
    },
    {
      figure: 'CPU per page load: resolution / console server',
      value: perLoad(0),
      unit: 'ms',
      note: `console server ${round(perLoad(1))} ms; ${open.toLocaleString('en-US')} cases seeded through resolution's consumer in ${round(seedS)} s`,
    },
  ];
  return { rows, details: { cases: open, runs, seedS, results } };
}

/** The Chromium main process this process launched: a child of ours running CHROMIUM. */
function chromiumPid() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const exe = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0];
      if (parent === process.pid && /chromium/.test(exe)) return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  throw new Error('console: the launched Chromium process was not found');
}
