// Profiling a service under load (`--profile`): the service runs with lib/probe.mjs preloaded and
// an IPC channel; each window the part names is profiled (CPU by layer, Postgres round-trips per
// unit of work), summarised on stderr and kept for the result file. Shared by the parts that
// start a service of their own (resolution, follow-up).
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { say } from '../../lib/repo.mjs';
import { summariseAllocations, summariseProfile } from './profile-summary.mjs';
import { round } from './stats.mjs';

/**
 * The profiling of `part`'s service: `nodeArgs`, `env` and `ipc` to start it with, `attach(service)`
 * once it runs, then `profiled(name, fn, units)` — without --profile just `fn()`; with it, what
 * `fn` makes the service do as window `name`, per unit of work (`units` a number, or a function of
 * `fn`'s result). `profiles` collects the windows' summaries.
 */
export function serviceProfiling(context, part) {
  const enabled = Boolean(context.options.profile);
  const dir = join(context.outDir, `${part}-profile-${context.stamp}`);
  if (enabled) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  const profiles = [];
  let service;
  return {
    enabled,
    profiles,
    ipc: enabled,
    nodeArgs: enabled
      ? ['--import', pathToFileURL(join(context.repoRoot, 'scripts/bench/lib/probe.mjs')).href]
      : [],
    env: enabled ? { BENCH_PROBE_DIR: dir } : {},
    attach(running) {
      service = running;
    },
    async profiled(name, fn, units) {
      if (!enabled) return fn();
      await probeCommand(service, 'start');
      const result = await fn();
      await probeCommand(service, 'stop');
      const files = {};
      for (const file of ['service.cpuprofile', 'service.heapprofile', 'probe.json']) {
        files[file] = join(dir, `${name}-${file}`);
        renameSync(join(dir, file), files[file]);
      }
      profiles.push(
        summariseWindow(
          part,
          name,
          files,
          typeof units === 'function' ? units(result) : units,
          context,
        ),
      );
      return result;
    },
  };
}

async function probeCommand(service, command) {
  const answer = await service.request(
    { probe: command },
    (a) => a?.probe === 'started' || a?.probe === 'done' || a?.probe === 'error',
  );
  if (answer.probe === 'error') throw new Error(`the profiler failed: ${answer.message}`);
}

/** A profiled window, per unit of work (a case, a firing), printed on stderr. */
function summariseWindow(part, name, files, units, context) {
  const probe = JSON.parse(readFileSync(files['probe.json'], 'utf8'));
  const summary = summariseProfile(JSON.parse(readFileSync(files['service.cpuprofile'], 'utf8')), {
    top: 25,
  });
  const statements = Object.entries(probe.statements)
    .map(([statement, s]) => ({
      statement,
      calls: s.calls,
      perUnit: s.calls / units,
      meanMs: s.totalMs / s.calls,
      maxMs: s.maxMs,
    }))
    .sort((a, b) => b.calls - a.calls);
  const allocations = summariseAllocations(
    JSON.parse(readFileSync(files['service.heapprofile'], 'utf8')),
  );
  const window = {
    name,
    units,
    allocatedKbPerUnit: allocations.totalBytes / 1024 / units,
    topAllocations: allocations.sites.slice(0, 25).map((a) => ({
      ...a,
      kbPerUnit: a.bytes / 1024 / units,
    })),
    seconds: probe.seconds,
    files: relative(context.repoRoot, files['service.cpuprofile']),
    eventLoopUtilisation: probe.eventLoopUtilisation,
    processCpuMsPerUnit: (probe.processCpuMs.user + probe.processCpuMs.system) / units,
    gc: probe.gc,
    poolWaits: probe.poolWaits,
    roundTripsPerUnit: statements.reduce((sum, s) => sum + s.calls, 0) / units,
    statements,
    byLayer: summary.byLayer.map((l) => ({ ...l, msPerUnit: l.selfMs / units })),
    byPackage: summary.byPackage.slice(0, 25),
    topFunctions: summary.topFunctions,
  };
  const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);
  say(
    [
      `${part} profile, ${name}: ${units} units in ${round(probe.seconds)} s; ` +
        `${round(window.processCpuMsPerUnit)} ms CPU per unit; event loop busy ${pct(probe.eventLoopUtilisation).trim()}; ` +
        `GC ${probe.gc.count} pauses, ${round(probe.gc.totalMs)} ms (longest ${round(probe.gc.maxMs ?? 0)} ms); pool waits ${probe.poolWaits.count}, max ${round(probe.poolWaits.maxMs)} ms`,
      `  Postgres round-trips per unit: ${round(window.roundTripsPerUnit)} (per unit × mean ms until answered, longest)`,
      ...statements
        .slice(0, 15)
        .map(
          (s) =>
            `    ${String(round(s.perUnit)).padStart(6)} × ${String(round(s.meanMs)).padStart(6)} ms, ${String(round(s.maxMs ?? 0)).padStart(6)}  ${s.statement}`,
        ),
      '  main-thread self time by layer (ms per unit, share):',
      ...window.byLayer
        .slice(0, 12)
        .map(
          (l) =>
            `    ${round(l.msPerUnit).toFixed(3).padStart(7)} ms ${pct(l.selfShare)}  ${l.name}`,
        ),
      '  functions with the most self time:',
      ...summary.topFunctions
        .slice(0, 15)
        .map((f) => `    ${pct(f.selfShare)}  ${f.name}  ${f.where}`),
      `  allocated (sampled) per unit: ${Math.round(window.allocatedKbPerUnit)} kB; the functions that allocate most:`,
      ...window.topAllocations
        .slice(0, 15)
        .map(
          (a) =>
            `    ${String(Math.round(a.kbPerUnit)).padStart(6)} kB ${pct(a.share)}  ${a.name}  ${a.where}`,
        ),
      `  profile: ${window.files}`,
    ].join('\n'),
  );
  return window;
}
