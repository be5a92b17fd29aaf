// What the machine spends while the benchmark runs, read from Linux's /proc: the resident memory
// of a process (sampled, plus the kernel's own high-water mark), and the CPU time of the intake
// service, of the Postgres server, of the Kafka broker and of this load generator, so a result
// can say which of them used the two cores. Elsewhere than Linux the figures are simply absent.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';
import { round } from './stats.mjs';

const hasProc = existsSync('/proc/self/stat');

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** A status field of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined. */
export function statusKb(pid, field) {
  if (!hasProc) return undefined;
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU of one process so far, in milliseconds, or undefined. */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and brackets: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function pidsNamed(names) {
  if (!hasProc) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => names.includes(commandOf(pid)));
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** `pid` and its child processes (a service's workers under SERVICE_WORKERS). */
function withChildren(pid) {
  if (!hasProc) return [pid];
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => parentOf(candidate) === pid);
  return [pid, ...children];
}

/** Busy and total CPU time of the whole machine so far, in milliseconds. */
function machineCpuMs() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = values[3] + values[4];
    const scale = 1000 / clockTicks();
    return { busy: (total - idle) * scale, total: total * scale };
  } catch {
    return undefined;
  }
}

/**
 * Samples the resident memory of `pid` every `intervalMs`; `stop()` returns the samples' maximum
 * and the kernel's peak (VmHWM, which also covers moments between samples and the start-up).
 */
export function sampleRss(pid, intervalMs = 250) {
  const samples = [];
  const take = () => {
    const kb = statusKb(pid, 'VmRSS');
    if (kb !== undefined) samples.push(kb);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const maxKb = samples.length ? Math.max(...samples) : undefined;
      const hwmKb = statusKb(pid, 'VmHWM');
      // The largest sample of each tenth of the window: flat, or growing with the work done.
      const tenthsMb = [];
      for (let t = 0; t < 10 && samples.length >= 10; t += 1) {
        const part = samples.slice(
          Math.floor((t * samples.length) / 10),
          Math.floor(((t + 1) * samples.length) / 10),
        );
        tenthsMb.push(Math.max(...part) / 1024);
      }
      return {
        tenthsMb,
        samples: samples.length,
        maxMb: maxKb === undefined ? undefined : maxKb / 1024,
        lastMb: samples.length ? samples[samples.length - 1] / 1024 : undefined,
        peakSinceStartMb: hwmKb === undefined ? undefined : hwmKb / 1024,
      };
    },
  };
}

/**
 * The CPU milliseconds each named process spent in every second of a window (from /proc, in
 * clock ticks of 10 ms): whether a phase's slow seconds are seconds of more work or of waiting.
 * `processes` maps a name to a pid, or to a function giving the pid (a restarted service).
 */
export function cpuBySecond(processes) {
  const pidOf = (entry) => (typeof entry === 'function' ? entry() : entry);
  const read = () =>
    Object.fromEntries(
      Object.entries(processes).map(([name, entry]) => [name, processCpuMs(pidOf(entry))]),
    );
  const seconds = [];
  let last = read();
  const timer = setInterval(() => {
    const now = read();
    const second = {};
    for (const [name, ms] of Object.entries(now)) {
      second[name] = ms === undefined || last[name] === undefined ? undefined : ms - last[name];
    }
    seconds.push(second);
    last = now;
  }, 1_000);
  return {
    stop() {
      clearInterval(timer);
      return seconds;
    },
  };
}

/**
 * CPU accounting over a window: `await start()` then `await stop()` gives, per group, the CPU
 * milliseconds spent and the share of one core, plus the machine's utilisation of all its cores.
 * Groups: `service` (the given pid and its workers), `postgres` (this benchmark's sessions and the server's
 * background processes, which write the WAL for everyone), `postgresOther` (sessions of other
 * databases: other people's work on a shared machine), `kafka` (java processes) and
 * `loadGenerator` (this process). Without `postgresPids`, every postgres process counts as ours.
 */
export function cpuWindow(servicePid, { postgresPids } = {}) {
  const groups = async () => {
    const all = pidsNamed(['postgres', 'postmaster']);
    let ours = all;
    let others = [];
    if (postgresPids) {
      try {
        const sessions = await postgresPids();
        const foreign = new Set(sessions.others);
        ours = all.filter((pid) => !foreign.has(pid));
        others = all.filter((pid) => foreign.has(pid));
      } catch {
        // Without the session list, count every postgres process as ours.
      }
    }
    return {
      service: servicePid ? withChildren(servicePid) : [],
      postgres: ours,
      postgresOther: others,
      kafka: pidsNamed(['java']),
    };
  };
  let begin;
  return {
    async start() {
      const pids = await groups();
      const perPid = new Map();
      for (const list of Object.values(pids))
        for (const pid of list) perPid.set(pid, processCpuMs(pid));
      const own = process.cpuUsage();
      begin = { at: process.hrtime.bigint(), perPid, own, machine: machineCpuMs() };
    },
    async stop() {
      if (!begin || !hasProc) return undefined;
      const seconds = Number(process.hrtime.bigint() - begin.at) / 1e9;
      const own = process.cpuUsage(begin.own);
      const machine = machineCpuMs();
      const result = {};
      for (const [group, list] of Object.entries(await groups())) {
        let ms = 0;
        for (const pid of list) {
          const now = processCpuMs(pid);
          if (now === undefined) continue;
          ms += now - (begin.perPid.get(pid) ?? 0);
        }
        result[group] = { cpuMs: ms, cores: ms / 1000 / seconds };
      }
      const ownMs = (own.user + own.system) / 1000;
      result.loadGenerator = { cpuMs: ownMs, cores: ownMs / 1000 / seconds };
      if (machine && begin.machine) {
        const busy = machine.busy - begin.machine.busy;
        const total = machine.total - begin.machine.total;
        result.machine = {
          busyCores: busy / 1000 / seconds,
          utilisation: total ? busy / total : 0,
        };
      }
      result.seconds = seconds;
      return result;
    },
  };
}

/**
 * Who used the two cores over a `cpuWindow`: the machine's busy cores, and what remains after the
 * service (`name`), this database's Postgres, Kafka and this process — other people's work on a
 * shared machine, which the figures of the window compete with.
 */
export function machineNote(cpu, name) {
  if (!cpu?.machine) return 'machine load not measured';
  const ours = cpu.service.cores + cpu.postgres.cores + cpu.kafka.cores + cpu.loadGenerator.cores;
  return (
    `machine ${round(cpu.machine.busyCores)} busy cores of 2: ${name} ${round(cpu.service.cores)}, ` +
    `Postgres ${round(cpu.postgres.cores)}, Kafka ${round(cpu.kafka.cores)}, this process ${round(cpu.loadGenerator.cores)}, ` +
    `other work ${round(Math.max(0, cpu.machine.busyCores - ours))}`
  );
}
