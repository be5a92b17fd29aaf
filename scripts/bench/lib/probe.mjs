// Loaded into a service only by `npm run bench -- --profile` (node --import), never in the
// measured run. Driven over the IPC channel the benchmark opens (NestJS's shutdown hooks listen
// to every usual signal, SIGUSR2 included): `{ probe: 'start' }` starts a measurement window,
// `{ probe: 'stop' }` ends it, writes into BENCH_PROBE_DIR and answers `{ probe: 'done' }`:
//   service.cpuprofile  V8 CPU profile of the window (open it in Chrome DevTools or speedscope)
//   service.heapprofile sampled allocations of the window, collected ones included (DevTools)
//   probe.json          Postgres round-trips by statement (count and time until answered), pool
//                       waits, event-loop utilisation, garbage-collection time, memory
// The service's own code is not changed: the pg driver it resolves is wrapped from outside.
import fs from 'node:fs';
import inspector from 'node:inspector';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const dir = process.env.BENCH_PROBE_DIR;
let counting = false;
const statements = new Map();
const poolWaits = { count: 0, totalMs: 0, maxMs: 0 };
let gcMs = 0;
let gcCount = 0;
let gcMaxMs = 0;

function record(key, ms) {
  const entry = statements.get(key) ?? { calls: 0, totalMs: 0, maxMs: 0 };
  entry.maxMs = Math.max(entry.maxMs, ms);
  entry.calls += 1;
  entry.totalMs += ms;
  statements.set(key, entry);
}

function statementKey(text) {
  return String(text).replace(/\s+/g, ' ').trim().slice(0, 100);
}

// The driver as the service resolves it (from its own folder), so the wrapper is the one it uses.
let pg;
try {
  pg = createRequire(path.join(process.cwd(), 'package.json'))('pg');
} catch {
  pg = undefined;
}

if (pg) {
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function probedQuery(config, ...rest) {
    const text = typeof config === 'string' ? config : config?.text;
    if (!counting || typeof text !== 'string' || typeof config?.submit === 'function') {
      return query.call(this, config, ...rest);
    }
    const key = statementKey(text);
    const started = performance.now();
    const done = () => record(key, performance.now() - started);
    const last = rest[rest.length - 1];
    if (typeof last === 'function') {
      rest[rest.length - 1] = function answered(...args) {
        done();
        return last.apply(this, args);
      };
      return query.call(this, config, ...rest);
    }
    const result = query.call(this, config, ...rest);
    if (result && typeof result.then === 'function') result.then(done, done);
    return result;
  };

  const connect = pg.Pool.prototype.connect;
  pg.Pool.prototype.connect = function probedConnect(callback) {
    if (!counting) return connect.call(this, callback);
    const started = performance.now();
    const done = () => {
      const ms = performance.now() - started;
      poolWaits.count += 1;
      poolWaits.totalMs += ms;
      poolWaits.maxMs = Math.max(poolWaits.maxMs, ms);
    };
    if (typeof callback === 'function') {
      return connect.call(this, (...args) => {
        done();
        return callback(...args);
      });
    }
    const result = connect.call(this);
    result.then(done, done);
    return result;
  };
}

new PerformanceObserver((list) => {
  if (!counting) return;
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcMaxMs = Math.max(gcMaxMs, entry.duration);
    gcCount += 1;
  }
}).observe({ entryTypes: ['gc'] });

const session = new inspector.Session();
session.connect();
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );

let window;

async function begin() {
  statements.clear();
  Object.assign(poolWaits, { count: 0, totalMs: 0, maxMs: 0 });
  gcMs = 0;
  gcCount = 0;
  gcMaxMs = 0;
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  // Sampled allocations, those already collected included: what a unit of work allocates, not
  // what it keeps (a request's garbage is what makes the collector run).
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  window = {
    startedAt: performance.now(),
    elu: performance.eventLoopUtilization(),
    cpu: process.cpuUsage(),
  };
  counting = true;
}

async function end() {
  counting = false;
  const { profile } = await post('Profiler.stop');
  await post('Profiler.disable');
  const { profile: allocations } = await post('HeapProfiler.stopSampling');
  await post('HeapProfiler.disable');
  fs.writeFileSync(path.join(dir, 'service.heapprofile'), JSON.stringify(allocations));
  const seconds = (performance.now() - window.startedAt) / 1000;
  const elu = performance.eventLoopUtilization(window.elu);
  const cpu = process.cpuUsage(window.cpu);
  fs.writeFileSync(path.join(dir, 'service.cpuprofile'), JSON.stringify(profile));
  const memory = process.memoryUsage();
  fs.writeFileSync(
    path.join(dir, 'probe.json'),
    JSON.stringify(
      {
        seconds,
        eventLoopUtilisation: elu.utilization,
        processCpuMs: { user: cpu.user / 1000, system: cpu.system / 1000 },
        gc: { count: gcCount, totalMs: gcMs, maxMs: gcMaxMs },
        poolWaits,
        statements: Object.fromEntries(statements),
        memoryMb: Object.fromEntries(Object.entries(memory).map(([k, v]) => [k, v / 1048576])),
      },
      null,
      2,
    ),
  );
  window = undefined;
}

if (dir && typeof process.send === 'function') {
  process.channel?.unref();
  process.on('message', (message) => {
    const command = message?.probe;
    if (command !== 'start' && command !== 'stop') return;
    const step =
      command === 'start'
        ? window
          ? Promise.resolve()
          : begin()
        : window
          ? end()
          : Promise.resolve();
    step.then(
      () => process.send({ probe: command === 'start' ? 'started' : 'done' }),
      (error) => process.send({ probe: 'error', message: String(error?.stack ?? error) }),
    );
  });
}
