// Starts a built Redress service as a child process for a benchmark and stops it again, however
// the benchmark ends. The service logs at `warn`, so whatever it prints under load deserves to be
// seen: lines are passed through (prefixed) up to a limit, and counted.
/* global fetch, AbortSignal */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_TOPIC_PREFIX, say } from '../../lib/repo.mjs';

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;
const SHOWN_LINES = 40;

/**
 * The environment a built service runs with in the benchmark: this shell's, without the settings
 * that would make it refuse development tokens, in the benchmark's Kafka namespace, with the run's
 * HS256 secret, then `extra` (port, database, the service's own variables).
 */
export function benchServiceEnv({ kafkaBrokers, secret, logLevel = 'warn', extra = {} }) {
  const env = { ...process.env };
  for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) delete env[name];
  return {
    ...env,
    // `production` refuses HS256-only auth; nothing else in the service depends on NODE_ENV.
    NODE_ENV: 'development',
    LOG_LEVEL: logLevel,
    KAFKA_BROKERS: kafkaBrokers,
    KAFKA_TOPIC_PREFIX: BENCH_TOPIC_PREFIX,
    AUTH_JWT_SECRET: secret,
    ...extra,
  };
}

/** Every service started here and still running, for the last-resort kill at exit. */
const running = new Set();

/** Kills every service still running, synchronously (for process 'exit' handlers). */
export function killAllServices() {
  for (const service of running) service.killNow();
}

/** The first port from `from` on which nothing listens (checked by binding it). */
export async function freePort(from = 3101, tries = 50) {
  for (let port = from; port < from + tries; port += 1) {
    const free = await new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${from} and ${from + tries - 1}`);
}

/**
 * Spawns `node [nodeArgs] <entry>` in `cwd` with `env`, in its own process group, and waits until
 * `GET /health/ready` answers 200. Returns `{ pid, url, stop(), output }`; `stop()` sends SIGTERM,
 * then SIGKILL after a grace period, and resolves once the process is gone. With `ipc`, the child
 * gets a message channel (the profiler's probe listens on it: NestJS's shutdown hooks take every
 * usual signal, SIGUSR2 included).
 */
export async function startService({
  name,
  cwd,
  entry,
  env,
  port,
  nodeArgs = [],
  ipc = false,
  readyTimeoutMs = 120_000,
}) {
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
  });
  const output = { lines: 0, tail: [] };
  const label = `[${name}]`;
  const onLine = (line) => {
    output.lines += 1;
    output.tail.push(line);
    if (output.tail.length > 20) output.tail.shift();
    if (output.lines <= SHOWN_LINES) say(`${label} ${line}`);
    else if (output.lines === SHOWN_LINES + 1)
      say(`${label} (further output is counted, not shown)`);
  };
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', onLine);
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', onLine);

  let exited = false;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      running.delete(service);
      resolve({ code, signal });
    });
  });

  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch (error) {
      if (error?.code !== 'ESRCH') throw error;
    }
  };

  const service = {
    name,
    pid: child.pid,
    port,
    url: `http://${HOST}:${port}`,
    output,
    exit,
    get running() {
      return !exited;
    },
    /** Graceful stop; resolves with how the process ended. */
    async stop() {
      if (exited) return exit;
      const kill = setTimeout(() => {
        say(`${label} did not stop within ${STOP_GRACE_MS / 1000} s: killing it.`);
        signalGroup('SIGKILL');
      }, STOP_GRACE_MS);
      signalGroup('SIGTERM');
      const how = await exit;
      clearTimeout(kill);
      return how;
    },
    /** Synchronous last resort (process 'exit' handlers cannot wait). */
    killNow() {
      if (!exited) signalGroup('SIGKILL');
    },
    /** With `ipc`: sends a message and resolves with the first answer `accept` takes. */
    request(message, accept = () => true, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          reject(
            new Error(
              `${name} did not answer ${JSON.stringify(message)} within ${timeoutMs / 1000} s`,
            ),
          );
        }, timeoutMs);
        const onMessage = (answer) => {
          if (!accept(answer)) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(answer);
        };
        child.on('message', onMessage);
        child.send(message);
      });
    },
  };

  running.add(service);
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      const { code, signal } = await exit;
      throw new Error(
        `${name} ended before it was ready (${signal ? `signal ${signal}` : `exit code ${code}`}); ` +
          `its last lines:\n${output.tail.join('\n')}`,
      );
    }
    try {
      const ready = await fetch(`${service.url}/health/ready`, {
        signal: AbortSignal.timeout(2000),
      });
      if (ready.ok) return service;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  await service.stop();
  throw new Error(`${name} was not ready within ${readyTimeoutMs / 1000} s`);
}
