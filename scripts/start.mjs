#!/usr/bin/env node
// `npm start`: the whole platform locally, from a fresh clone, with nothing started by hand.
//
// Installs dependencies if node_modules is missing, builds every service that has a
// src/main.ts (and the libs it uses), brings up Kafka and the `redress` database
// (scripts/infra.mjs), fills development secrets from .run/, starts each built service as a
// child process (reusing one that already answers on its port), waits until each is ready and
// prints where to find it. A crashed service is restarted with back-off, at most 5 times in a
// row. Ctrl-C stops the services it started; Kafka keeps running for the next start.
//
// Each service gets PORT, DATABASE_URL (its own role), KAFKA_BROKERS, AUTH_JWT_SECRET and
// NODE_ENV=development; the user's environment wins for everything but PORT and DATABASE_URL,
// which differ per service: set e.g. INTAKE_PORT or FOLLOWUP_DATABASE_URL to change one.
//
// The web console (apps/console) is built and served beside them on CONSOLE_PORT (3000), by its
// own small server (apps/console/scripts/serve.mjs) that proxies /api/<service>/ to each service.
/* global fetch, AbortSignal */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';
import {
  UserError,
  buildPackages,
  developmentTopicPrefix,
  ensureDependencies,
  main,
  repoRoot,
  say,
  workspacePackages,
} from './lib/repo.mjs';

// CONTRACT.md, "Services, ports, health".
const PORTS = {
  intake: 3001,
  triage: 3002,
  resolution: 3003,
  'follow-up': 3004,
  analytics: 3005,
  // CONTRACT.md, changes of 2026-12-04: the web console.
  console: 3000,
};
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const MAX_RESTARTS = 5;
// A service that has run this long is considered recovered: its restart count starts over.
const STABLE_AFTER_MS = 60_000;
// Local settings that make the platform quicker to watch (`npm run demo`); the user's
// environment wins. Analytics backtests an import once it has been quiet this long (60 s by
// default in a deployment, where imports are large and rare).
const LOCAL_DEFAULTS = { ANALYTICS_BACKTEST_SETTLE_MS: '10000' };

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const COLOURS = [36, 35, 33, 32, 34];
const paint = (code, text) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);

function servicesToStart() {
  const apps = workspacePackages().filter((p) => p.dir.startsWith(join(repoRoot, 'apps')));
  let nextPort = 3006;
  const services = apps
    .filter(
      (app) =>
        existsSync(join(app.dir, 'src/main.ts')) || existsSync(join(app.dir, 'dist/main.js')),
    )
    .map((app, index) => {
      const name = app.folder;
      const role = name.replace(/-/g, '');
      const key = role.toUpperCase();
      return {
        name,
        packageName: app.name,
        dir: app.dir,
        role,
        port: Number(process.env[`${key}_PORT`] || PORTS[name] || nextPort++),
        databaseUrlOverride: process.env[`${key}_DATABASE_URL`],
        colour: COLOURS[index % COLOURS.length],
        state: 'pending',
        restarts: 0,
        child: undefined,
        timer: undefined,
      };
    });
  const web = apps.find((app) => app.folder === 'console');
  if (web) {
    services.push({
      name: 'console',
      packageName: web.name,
      dir: web.dir,
      role: 'console',
      port: Number(process.env.CONSOLE_PORT || PORTS.console),
      // Built from src/main.tsx into dist/, served by its own script (not a NestJS service).
      source: 'src/main.tsx',
      built: 'dist/index.html',
      args: ['scripts/serve.mjs'],
      web: true,
      colour: 37,
      state: 'pending',
      restarts: 0,
      child: undefined,
      timer: undefined,
    });
  }
  return services;
}

/** The console's server reaches each service where this script started (or found) it. */
function consoleEnv(services) {
  return Object.fromEntries(
    services
      .filter((s) => !s.web)
      .map((s) => [`CONSOLE_${s.role.toUpperCase()}_URL`, `http://${HOST}:${s.port}`]),
  );
}

const get = (port, path) =>
  fetch(`http://${HOST}:${port}${path}`, { signal: AbortSignal.timeout(2000) });

/** Does the port answer as this service (live health naming it, or its OpenAPI title)? */
async function identify(service, answers) {
  if (!(await answers(`${HOST}:${service.port}`, 1000))) return 'free';
  const pattern = new RegExp(`\\b${service.name.replace('-', '-?')}\\b`, 'i');
  try {
    const live = await get(service.port, '/health/live');
    if (!live.ok) return 'other';
    if (pattern.test(await live.text())) return 'same';
    const docs = await get(service.port, '/docs-json');
    if (docs.ok) {
      const spec = await docs.json();
      if (pattern.test(String(spec?.info?.title ?? ''))) return 'same';
    }
  } catch {
    // Not HTTP, or not in time: whatever listens there is not one of ours.
    return 'other';
  }
  return 'other';
}

async function waitUntilReady(service, isStopping) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !isStopping() && service.state !== 'failed') {
    try {
      const ready = await get(service.port, '/health/ready');
      if (ready.ok) return true;
    } catch {
      // Still starting: the port does not answer yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

function prefixLines(stream, target, label) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    target.write(`${label} ${line}\n`),
  );
}

async function cli() {
  await ensureDependencies();
  const services = servicesToStart();

  const buildable = services.filter((s) => existsSync(join(s.dir, s.source ?? 'src/main.ts')));
  if (buildable.length > 0) {
    say(`Building ${buildable.map((s) => s.name).join(', ')} and the libs they use…`);
    const code = await buildPackages(buildable.map((s) => s.packageName));
    if (code !== 0) throw new UserError('The build failed (see above); nothing was started.');
  }

  const { answers, ensureInfra } = await import('./infra.mjs');
  const infra = await ensureInfra({ db: process.env.REDRESS_DB || 'redress' });
  const { ROLES, serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );

  const runnable = services.filter((s) => existsSync(join(s.dir, s.built ?? 'dist/main.js')));
  if (runnable.length === 0) {
    say('No service is built yet (apps/*/dist/main.js); the infrastructure is up.');
    return 0;
  }

  const nodeEnv = process.env.NODE_ENV || 'development';
  let secrets = {};
  if (nodeEnv !== 'production') {
    const { devSecretsEnv } = await import('./lib/dev-secrets.mjs');
    secrets = devSecretsEnv();
  }
  const baseEnv = {
    ...secrets,
    KAFKA_BROKERS: infra.kafkaBrokers,
    ...LOCAL_DEFAULTS,
    ...process.env,
    KAFKA_TOPIC_PREFIX: developmentTopicPrefix(),
    NODE_ENV: nodeEnv,
  };
  say(
    `Kafka namespace: topics and consumer groups are prefixed "${baseEnv.KAFKA_TOPIC_PREFIX}" ` +
      '(KAFKA_TOPIC_PREFIX; tests use "test." and the benchmark "bench.").',
  );

  let stopping = false;
  const width = Math.max(...runnable.map((s) => s.name.length));

  const spawnService = (service) => {
    const env = service.web
      ? { ...consoleEnv(runnable), ...baseEnv, CONSOLE_PORT: String(service.port) }
      : {
          ...baseEnv,
          PORT: String(service.port),
          // A service without a role of its own in the bootstrap keeps whatever the user set.
          DATABASE_URL:
            service.databaseUrlOverride ||
            (ROLES.includes(service.role)
              ? serviceDatabaseUrl(service.role, { db: infra.db, admin: infra.databaseAdminUrl })
              : (process.env.DATABASE_URL ?? '')),
        };
    // Its own process group: Ctrl-C reaches only this script, which then stops each service
    // once, gracefully (a second signal would cut a NestJS shutdown short).
    const child = spawn(process.execPath, service.args ?? ['dist/main.js'], {
      cwd: service.dir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.child = child;
    service.state = 'running';
    const label = paint(service.colour, `[${service.name.padEnd(width)}]`);
    prefixLines(child.stdout, process.stdout, label);
    prefixLines(child.stderr, process.stderr, label);
    const stable = setTimeout(() => {
      service.restarts = 0;
    }, STABLE_AFTER_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(stable);
      service.child = undefined;
      if (stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (service.restarts >= MAX_RESTARTS) {
        service.state = 'failed';
        say(
          `${service.name} ${how} again after ${MAX_RESTARTS} restarts: giving up on it (see its output above).`,
        );
        if (!runnable.some((s) => s.state === 'running' || s.state === 'restarting')) {
          say('No service started by npm start is running any more.');
          process.exit(1);
        }
        return;
      }
      const delay = 1000 * 2 ** service.restarts;
      service.restarts += 1;
      service.state = 'restarting';
      say(
        `${service.name} ${how}; restarting it in ${delay / 1000} s (restart ${service.restarts} of ${MAX_RESTARTS}).`,
      );
      service.timer = setTimeout(() => spawnService(service), delay);
    });
  };

  const stopService = (service) =>
    new Promise((resolve) => {
      clearTimeout(service.timer);
      const child = service.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => {
        say(`${service.name} did not stop within ${STOP_GRACE_MS / 1000} s: killing it.`);
        signalGroup(child, 'SIGKILL');
      }, STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      signalGroup(child, 'SIGTERM');
    });

  const shutdown = async (signal) => {
    if (stopping) {
      say(`${signal} again: killing the services now.`);
      for (const service of runnable) if (service.child) signalGroup(service.child, 'SIGKILL');
      return;
    }
    stopping = true;
    const ours = runnable.filter((s) => s.child || s.timer);
    if (ours.length) say(`\nStopping ${ours.map((s) => s.name).join(', ')}…`);
    await Promise.all(runnable.map(stopService));
    say('Services stopped. Kafka keeps running for the next start; `npm run infra:down` stops it.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Whatever else ends this script must not leave services behind.
  process.on('exit', () => {
    for (const service of runnable) if (service.child) signalGroup(service.child, 'SIGTERM');
  });

  for (const service of runnable) {
    const found = await identify(service, answers);
    if (found === 'same') {
      service.state = 'reused';
      say(`${service.name} already answers on port ${service.port}: reusing it.`);
    } else if (found === 'other') {
      service.state = 'failed';
      say(
        `Port ${service.port} answers, but not as ${service.name}: free it or choose another with ` +
          `${service.role.toUpperCase()}_PORT=<port>. Not starting ${service.name}.`,
      );
    } else {
      spawnService(service);
    }
  }

  const started = Date.now();
  const readiness = await Promise.all(
    runnable.map(async (service) => {
      if (service.state === 'failed') return false;
      const ready = await waitUntilReady(service, () => stopping);
      if (ready && !stopping)
        say(`${service.name} is ready (${((Date.now() - started) / 1000).toFixed(1)} s).`);
      return ready;
    }),
  );
  if (stopping) return undefined;

  const rows = runnable.map((service, i) => {
    const base = `http://${HOST}:${service.port}`;
    const status = readiness[i]
      ? service.state === 'reused'
        ? 'reused'
        : 'ready'
      : service.state === 'failed'
        ? 'failed'
        : 'not ready';
    if (service.web) return [service.name, status, base, '-', '-'];
    return [service.name, status, base, `${base}/docs`, `${base}/metrics`];
  });
  const header = ['service', 'status', 'API', 'OpenAPI', 'metrics'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells) =>
    `  ${cells.map((cell, c) => cell.padEnd(widths[c])).join('  ')}`.trimEnd();
  const out = (text = '') => process.stdout.write(`${text}\n`);
  out();
  out(line(header));
  for (const row of rows) out(line(row));
  out();
  const web = runnable.find((s) => s.web);
  if (web)
    out(
      `The web console:      http://${HOST}:${web.port}  (development sign-in: pick a role and a department)`,
    );
  out('A development token:  npm run token -- --sub alice --roles agent --department logistics');
  out(`Kafka: ${infra.kafkaBrokers}   Postgres database: ${infra.db}`);
  out('Ctrl-C stops the services; Kafka keeps running (`npm run infra:down` stops it).');
  out();
  if (readiness.some((ready) => !ready))
    say('Some services are not ready: see their output above.');
  if (!runnable.some((s) => s.child || s.timer)) {
    // Nothing of ours runs (all reused or failed): nothing to supervise.
    return readiness.every(Boolean) ? 0 : 1;
  }
  // Supervise until a signal arrives; the child processes keep the event loop alive.
  return undefined;
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is gone already, which is what was wanted.
    if (error?.code !== 'ESRCH') throw error;
  }
}

main(cli);
