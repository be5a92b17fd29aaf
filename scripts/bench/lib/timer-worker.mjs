// The process the "timers" benchmark part measures: one TimerWorker of the built
// `@redress/timers`, as a service replica would run it, whose handler writes one row per firing
// (its effect) in the firing's transaction. Started by scripts/bench/timers.mjs with an IPC
// channel; not meant to be run by hand.
//
//   environment: BENCH_TIMERS_DB (connection URL), BENCH_TIMERS_SCHEMA, BENCH_TIMERS_KIND,
//                BENCH_TIMERS_POOL (connections)
//   messages in:  { type: 'status' }, { type: 'memory' }, { type: 'stop' }
//   messages out: { type: 'ready' }, { type: 'status', status },
//                 { type: 'memory', heapUsedMb, gc } (after a full collection when the process
//                 runs with --expose-gc), { type: 'stopped', lagsMs, status, warnings }
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
const { Pool } = require('pg');
const { EventStore } = require('@redress/event-store');
const { TimerWorker } = require('@redress/timers');

const schema = process.env.BENCH_TIMERS_SCHEMA;
const kind = process.env.BENCH_TIMERS_KIND;
const pool = new Pool({
  connectionString: process.env.BENCH_TIMERS_DB,
  max: Number(process.env.BENCH_TIMERS_POOL),
});
pool.on('error', () => undefined);

// The lag of every firing, from the worker's own hook (the one metrics use): the moment its
// effect committed minus its due time. A typed array, so recording 30,000 of them adds no garbage.
let lags = new Float64Array(65_536);
let count = 0;
const warnings = [];
const worker = new TimerWorker({
  store: new EventStore(pool, schema),
  logger: {
    log: () => undefined,
    warn: (message) => warnings.length < 20 && warnings.push(message),
    error: (message) => warnings.length < 20 && warnings.push(message),
  },
  handlers: {
    [kind]: async (tx, timer) => {
      await tx.query(`INSERT INTO "${schema}".fired (key, due_at) VALUES ($1, $2)`, [
        timer.key,
        timer.dueAt,
      ]);
    },
  },
});
worker.onFiring((firing) => {
  if (firing.outcome !== 'fired') return;
  if (count === lags.length) {
    const grown = new Float64Array(lags.length * 2);
    grown.set(lags);
    lags = grown;
  }
  lags[count++] = firing.lagMs;
});

process.on('message', (message) => {
  if (message?.type === 'status') {
    process.send({ type: 'status', status: worker.status() });
    return;
  }
  if (message?.type === 'memory') {
    // What the worker still holds after a full collection: a leak shows here, while resident
    // memory also moves with how lazily V8 collects garbage and gives pages back.
    const gc = typeof globalThis.gc === 'function';
    if (gc) globalThis.gc();
    process.send({ type: 'memory', heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20, gc });
    return;
  }
  if (message?.type !== 'stop') return;
  worker
    .stop()
    .then(() => pool.end())
    .then(() => {
      process.send({
        type: 'stopped',
        lagsMs: Array.from(lags.subarray(0, count)),
        status: worker.status(),
        warnings,
      });
      process.disconnect();
    });
});

worker.start();
process.send({ type: 'ready' });
