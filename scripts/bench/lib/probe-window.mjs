// A profiled window of a service started with lib/probe.mjs (`--profile`): `start()` and
// `stop(units)` drive the probe over the service's IPC channel, then the window is summarised per
// unit of work (an event, a request): CPU by layer, package and function, Postgres round-trips
// by statement, and per transaction (the statements between a BEGIN and its COMMIT). Printed on
// stderr and returned for the result file. When not `enabled`, both calls do nothing.
import { readFileSync, renameSync } from 'node:fs';
import { join, relative } from 'node:path';
import { say } from '../../lib/repo.mjs';
import { summariseProfile } from './profile-summary.mjs';
import { round } from './stats.mjs';

async function command(service, probe) {
  const answer = await service.request(
    { probe },
    (a) => a?.probe === 'started' || a?.probe === 'done' || a?.probe === 'error',
  );
  if (answer.probe === 'error') throw new Error(`the profiler failed: ${answer.message}`);
}

export function probeWindow(service, { enabled, dir, name, repoRoot, top = 25 }) {
  return {
    async start() {
      if (enabled) await command(service, 'start');
    },
    /** Ends the window; `units` of work were done in it. Resolves with the summary. */
    async stop(units) {
      if (!enabled) return undefined;
      await command(service, 'stop');
      const files = {};
      for (const file of ['service.cpuprofile', 'probe.json']) {
        files[file] = join(dir, `${name}-${file}`);
        renameSync(join(dir, file), files[file]);
      }
      const probe = JSON.parse(readFileSync(files['probe.json'], 'utf8'));
      const summary = summariseProfile(
        JSON.parse(readFileSync(files['service.cpuprofile'], 'utf8')),
        { top },
      );
      const statements = Object.entries(probe.statements)
        .map(([statement, s]) => ({
          statement,
          calls: s.calls,
          perUnit: s.calls / units,
          meanMs: s.totalMs / s.calls,
          totalMs: s.totalMs,
        }))
        .sort((a, b) => b.totalMs - a.totalMs);
      const transactions = probe.statements.BEGIN?.calls ?? 0;
      const roundTrips = statements.reduce((sum, s) => sum + s.calls, 0);
      const window = {
        name,
        units,
        seconds: probe.seconds,
        profile: relative(repoRoot, files['service.cpuprofile']),
        eventLoopUtilisation: probe.eventLoopUtilisation,
        processCpuMsPerUnit: (probe.processCpuMs.user + probe.processCpuMs.system) / units,
        gc: probe.gc,
        poolWaits: probe.poolWaits,
        transactions,
        unitsPerTransaction: transactions ? units / transactions : undefined,
        roundTripsPerTransaction: transactions ? roundTrips / transactions : undefined,
        statements,
        byLayer: summary.byLayer.map((l) => ({ ...l, msPerUnit: l.selfMs / units })),
        byPackage: summary.byPackage.slice(0, top),
        topFunctions: summary.topFunctions,
      };
      const pct = (x) => `${(x * 100).toFixed(1)}%`.padStart(6);
      say(
        [
          `${service.name} profile, ${name}: ${units} units in ${round(probe.seconds)} s; ` +
            `${round(window.processCpuMsPerUnit * 1000)} µs CPU per unit; event loop busy ${pct(probe.eventLoopUtilisation).trim()}; ` +
            `GC ${probe.gc.count} pauses, ${round(probe.gc.totalMs)} ms`,
          `  ${transactions} transactions, ${round(window.unitsPerTransaction)} units and ${round(window.roundTripsPerTransaction)} round-trips each; statements by time until answered (calls, mean ms):`,
          ...statements
            .slice(0, 12)
            .map(
              (s) =>
                `    ${String(s.calls).padStart(7)} × ${String(round(s.meanMs)).padStart(7)} ms  ${s.statement}`,
            ),
          '  main-thread self time by layer (µs per unit, share):',
          ...window.byLayer.slice(0, 12).map(
            (l) =>
              `    ${round(l.msPerUnit * 1000)
                .toFixed(1)
                .padStart(8)} µs ${pct(l.selfShare)}  ${l.name}`,
          ),
          '  packages (self share, inclusive share):',
          ...window.byPackage
            .slice(0, 12)
            .map((p) => `    ${pct(p.selfShare)} ${pct(p.inclusiveShare)}  ${p.name}`),
          '  functions with the most self time:',
          ...summary.topFunctions
            .slice(0, 20)
            .map((f) => `    ${pct(f.selfShare)}  ${f.name}  ${f.where}`),
          `  profile: ${window.profile}`,
        ].join('\n'),
      );
      return window;
    },
  };
}
