#!/usr/bin/env node
// `npm run bench`: the platform's speed and memory figures, measured in one run on this machine.
//
//   npm run bench                          every part (intake, triage, timers, resolution,
//                                          followup, analytics, classification, input, import,
//                                          console)
//   npm run bench -- --only=intake         some parts (comma-separated or repeated)
//   npm run bench -- --quick               short phases: a smoke run, not a measurement
//   npm run bench -- --profile             also profile the service under load (CPU profile,
//                                          Postgres round-trips per request) and summarise it
//   Other options: --connections=32,64 --duration=20 --rate=500 --rate-duration=20 --warmup=8
//   --baseline-duration=15 --port=3101 --no-build, --fuzz-runs=3000 (the input part's fuzz run),
//   --open-cases=100000 --sla-cases=1000 (the resolution part's open cases and SLA cases; the
//   console part's open cases too, 10,000 unless given),
//   --open-follow-ups=100000 --overdue-actions=1000 (the followup part's open follow-ups and
//   corrective actions due in the same second; it publishes at --rate, 200/s unless given),
//   --replay-events=1000000 --seed-complaints=1000000 --endpoint-requests=40 (the analytics part's
//   replayed history, complaints for its endpoints, and requests per endpoint),
//   --import-rows=1000000 (the import part's generated file), --end-to-end-minutes=90 (how long
//   the import part waits for the pipeline after the import starts),
//   and --service-node-args="--max-semi-space-size=8"
//   to start the services with other Node options than the image's (experiments; `none` for
//   none; the result file records them). By default the services run with the NODE_OPTIONS of
//   the Dockerfile, so the figures are those of what ships.
//
// Installs dependencies if needed, starts from an empty `redress_bench` database (dropped and
// bootstrapped again; `redress` and `redress_test` are never touched), ensures Kafka (reusing a
// running broker; never stopping it), builds the parts' services, then runs each part
// (scripts/bench/<part>.mjs exports `title`, `packages` and `run(context)`, which returns rows of
// figures with their targets). Prints one table per part on stdout and writes
// .cache/bench/<part>-<timestamp>.json with the details and the machine's description.
// Exits 0 when the measurement ran, whether or not the targets were met; a missed target is
// printed as a line starting with "TARGET MISSED". Ctrl-C stops the services it started.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { UserError, buildPackages, ensureDependencies, main, repoRoot, say } from './lib/repo.mjs';

/** The parts, in the order they run. */
const PARTS = [
  'intake',
  'triage',
  'timers',
  'resolution',
  'followup',
  'analytics',
  'classification',
  'input',
  'import',
  'console',
];

const USAGE =
  'usage: npm run bench -- [--only=<part>[,<part>…]] [--quick] [--profile] [--no-build]\n' +
  '       [--connections=32,64] [--duration=<s>] [--rate=<per second>] [--rate-duration=<s>]\n' +
  '       [--warmup=<s>] [--baseline-duration=<s>] [--profile-duration=<s>] [--port=<first port>]\n' +
  '       [--service-node-args="<node options for the services>"] [--fuzz-runs=<requests per service>]\n' +
  '       [--open-cases=<resolution: open cases>] [--sla-cases=<resolution: cases with SLA timers due>]\n' +
  '       [--open-follow-ups=<followup: open follow-ups>] [--overdue-actions=<followup: actions due at once>]\n' +
  '       [--replay-events=<analytics: events replayed>] [--seed-complaints=<analytics: complaints for the endpoints>]\n' +
  '       [--endpoint-requests=<analytics: requests per endpoint>]\n' +
  '       [--import-rows=<import: rows of the generated file>]\n' +
  '       [--end-to-end-minutes=<import: longest wait for triage and analytics after the import starts>]\n' +
  '       [--shapes=<input: only the shapes whose name contains this text, no fuzz run>]\n' +
  `parts: ${PARTS.join(', ')}`;

const NUMERIC = {
  duration: 'duration',
  rate: 'rate',
  'rate-duration': 'rateDuration',
  warmup: 'warmup',
  'baseline-duration': 'baselineDuration',
  'profile-duration': 'profileDuration',
  port: 'port',
  'fuzz-runs': 'fuzzRuns',
  'open-cases': 'openCases',
  'sla-cases': 'slaCases',
  'open-follow-ups': 'openFollowUps',
  'overdue-actions': 'overdueActions',
  'replay-events': 'replayEvents',
  'seed-complaints': 'seedComplaints',
  'endpoint-requests': 'endpointRequests',
  'import-rows': 'importRows',
  'end-to-end-minutes': 'endToEndMinutes',
};

export function parseArgs(argv) {
  const options = { only: [], build: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') throw new UserError(USAGE);
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UserError(`unknown argument ${arg}\n${USAGE}`);
    const [, name, inline] = match;
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UserError(`--${name} needs a value\n${USAGE}`);
      return v;
    };
    if (name === 'quick') options.quick = true;
    else if (name === 'profile') options.profile = true;
    else if (name === 'no-build') options.build = false;
    else if (name === 'shapes') options.shapes = value();
    else if (name === 'service-node-args') {
      const given = value();
      options.serviceNodeArgs = given === 'none' ? [] : given.split(/\s+/).filter(Boolean);
    } else if (name === 'only')
      options.only.push(
        ...value()
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      );
    else if (name === 'connections') {
      const list = value().split(',').map(Number);
      if (list.some((n) => !Number.isInteger(n) || n < 1)) {
        throw new UserError('--connections takes positive integers, e.g. --connections=32,64');
      }
      options.connections = list;
    } else if (NUMERIC[name]) {
      const n = Number(value());
      if (!Number.isFinite(n) || n <= 0) throw new UserError(`--${name} takes a positive number`);
      options[NUMERIC[name]] = n;
    } else throw new UserError(`unknown option --${name}\n${USAGE}`);
  }
  const unknown = options.only.filter((p) => !PARTS.includes(p));
  if (unknown.length) throw new UserError(`unknown part(s): ${unknown.join(', ')}\n${USAGE}`);
  options.parts = options.only.length ? PARTS.filter((p) => options.only.includes(p)) : PARTS;
  options.serviceNodeArgs ??= imageNodeOptions();
  return options;
}

/** The Node options the image starts every service with (`NODE_OPTIONS` in the Dockerfile). */
export function imageNodeOptions(dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8')) {
  const found = /NODE_OPTIONS="([^"]*)"/.exec(dockerfile);
  return found ? found[1].split(/\s+/).filter(Boolean) : [];
}

async function cli(argv) {
  const options = parseArgs(argv);
  await ensureDependencies({ stdoutToStderr: true });

  // Loaded only now: they need the dependencies installed above.
  const { ensureInfra } = await import('./infra.mjs');
  const { adminUrl, checkConnection } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const { BENCH_DB, dropBenchDatabase, serverFacts, withDatabase } =
    await import('./bench/lib/database.mjs');
  const { killAllServices } = await import('./bench/lib/service.mjs');
  const { formatTable, withVerdicts, writeResult, targetText } =
    await import('./bench/lib/report.mjs');
  const { roundDeep } = await import('./bench/lib/stats.mjs');

  const admin = adminUrl(process.env);
  try {
    await checkConnection(admin);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
  say(`bench: starting from an empty ${BENCH_DB} database…`);
  await dropBenchDatabase(admin, BENCH_DB);
  const infra = await ensureInfra({ db: BENCH_DB });

  const parts = [];
  for (const name of options.parts) {
    parts.push({
      name,
      module: await import(pathToFileURL(join(repoRoot, 'scripts/bench', `${name}.mjs`)).href),
    });
  }
  const packages = [...new Set(parts.flatMap((p) => p.module.packages ?? []))];
  if (options.build && packages.length) {
    say(`bench: building ${packages.join(', ')} and the libs they use…`);
    const code = await buildPackages(packages, { stdoutToStderr: true });
    if (code !== 0) throw new UserError('The build failed (see above); nothing was measured.');
  }

  const cpus = os.cpus();
  const postgres = await serverFacts(admin);
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim(),
    totalMemoryGb: os.totalmem() / 1024 ** 3,
    loadAverageAtStart: os.loadavg(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
  };
  say(
    `bench: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGb.toFixed(1)} GB, Node ${machine.node}, ` +
      `PostgreSQL ${postgres.version} (synchronous_commit=${postgres.synchronous_commit}, fsync=${postgres.fsync})`,
  );

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = join(repoRoot, '.cache/bench');
  let cleanups = [];
  const runCleanups = async () => {
    const pending = cleanups.reverse();
    cleanups = [];
    for (const fn of pending) {
      try {
        await fn();
      } catch (error) {
        say(`bench: cleaning up failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const context = {
    repoRoot,
    infra,
    benchDbAdminUrl: withDatabase(admin, BENCH_DB),
    options,
    machine,
    outDir,
    stamp,
    stopped: false,
    onCleanup: (fn) => cleanups.push(fn),
  };

  let interrupted = false;
  const onSignal = (signal) => {
    if (interrupted) {
      killAllServices();
      process.exit(130);
    }
    interrupted = true;
    context.stopped = true;
    say(`\nbench: ${signal}: stopping the services it started…`);
    runCleanups().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('exit', killAllServices);

  const missed = [];
  const out = (text = '') => process.stdout.write(`${text}\n`);
  for (const part of parts) {
    const startedAt = new Date();
    let result;
    try {
      result = await part.module.run(context);
    } finally {
      await runCleanups();
    }
    const rows = withVerdicts(result.rows);
    const file = writeResult(
      outDir,
      part.name,
      stamp,
      roundDeep({
        part: part.name,
        title: part.module.title,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        options: { ...options, only: undefined },
        rows,
        details: result.details,
      }),
      repoRoot,
    );
    out();
    out(formatTable(part.module.title, rows));
    out(
      `  machine: ${machine.cpus} cores, ${machine.cpuModel}; Node ${machine.node}; PostgreSQL ${postgres.version}`,
    );
    out(`  details: ${file}`);
    for (const row of rows.filter((r) => r.met === false)) {
      missed.push(
        `TARGET MISSED: ${part.name}: ${row.figure}: ${row.value === undefined ? 'n/a' : roundDeep(row.value)}${row.unit ? ` ${row.unit}` : ''} (target ${targetText(row.target, row.unit)})`,
      );
    }
  }
  out();
  if (options.quick)
    out('Note: --quick phases are too short to be a measurement; use them to check the setup.');
  if (missed.length) for (const line of missed) out(line);
  else out('All targets met.');
  return 0;
}

/**
 * A part that leaves a handle open (a sampler's interval, a client never closed) would keep the
 * benchmark alive after its report: ten seconds after it, the handles still open are named and
 * the process ends with the code it had.
 */
function exitWhenDone() {
  const watch = setTimeout(() => {
    say(
      `bench: still running 10 s after the report, held by ${process.getActiveResourcesInfo().join(', ')}; exiting`,
    );
    process.exit(process.exitCode ?? 0);
  }, 10_000);
  watch.unref();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(async () => {
    const code = await cli(process.argv.slice(2));
    exitWhenDone();
    return code;
  });
}
