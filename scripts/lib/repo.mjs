// Shared by the root scripts. Imports only Node built-ins: it runs before `npm ci` may have
// installed anything.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/**
 * Kafka namespaces (KAFKA_TOPIC_PREFIX) of the environments that share a local broker, so none
 * ever reads another's events. `npm start` and the operator scripts use KAFKA_TOPIC_PREFIX as
 * set (set it empty for the contract's own names, as in production), else `dev.`; the
 * benchmark always uses `bench.` and the tests `test.` (libs/testing).
 */
export function developmentTopicPrefix(env = process.env) {
  return env.KAFKA_TOPIC_PREFIX ?? 'dev.';
}
export const BENCH_TOPIC_PREFIX = process.env.REDRESS_BENCH_TOPIC_PREFIX || 'bench.';

/** Progress goes to stderr, so a script's stdout stays machine-readable (`npm run token`). */
export function say(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * Runs a command with its output streamed live; resolves with its exit code. `stdoutToStderr`
 * keeps stdout free for a script's own result.
 */
export function run(
  command,
  args,
  { cwd = repoRoot, env = process.env, stdoutToStderr = false, timeoutMs, onTimeout } = {},
) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', stdoutToStderr ? 2 : 'inherit', 'inherit'],
    });
    // A watchdog: past timeoutMs the command is asked to stop (turbo stops its tasks), and
    // killed if it has not within half a minute.
    let watchdog;
    let killer;
    if (timeoutMs !== undefined) {
      watchdog = setTimeout(() => {
        onTimeout?.();
        child.kill('SIGTERM');
        killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        killer.unref();
      }, timeoutMs);
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(killer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/**
 * A fresh clone has no node_modules: install exactly the lockfile's versions once. The lockfile
 * lists every platform's optional native builds, so `npm ci` takes it as it is on any machine.
 */
export async function ensureDependencies({ stdoutToStderr = false } = {}) {
  if (existsSync(join(repoRoot, 'node_modules'))) return;
  say('Installing dependencies (npm ci), first run only…');
  const code = await run('npm', ['ci', '--no-audit', '--no-fund'], { stdoutToStderr });
  if (code !== 0) {
    throw new UserError(
      `npm ci failed with exit code ${code} (see above); if it says package.json and ` +
        'package-lock.json are out of sync, run npm install and commit the lockfile',
    );
  }
}

/** Every workspace package: `{ name, dir, manifest }`, libs first. */
export function workspacePackages() {
  const packages = [];
  for (const group of ['libs', 'apps']) {
    const groupDir = join(repoRoot, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const manifestPath = join(groupDir, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      packages.push({
        name: manifest.name,
        folder: entry.name,
        dir: join(groupDir, entry.name),
        manifest,
      });
    }
  }
  // The deployment manifests and their tests: a workspace of its own, not a lib or a service.
  const infraManifest = join(repoRoot, 'infra', 'package.json');
  if (existsSync(infraManifest)) {
    const manifest = JSON.parse(readFileSync(infraManifest, 'utf8'));
    packages.push({ name: manifest.name, folder: 'infra', dir: join(repoRoot, 'infra'), manifest });
  }
  return packages;
}

/** Thrown for a condition the user can fix; the message alone is printed, no stack. */
/**
 * Builds `packages` (npm names) and the libs they use with turbo, quietly unless a build fails;
 * resolves with turbo's exit code.
 */
export function buildPackages(packages, { stdoutToStderr = false } = {}) {
  return run(
    'npx',
    [
      'turbo',
      'run',
      'build',
      '--env-mode=loose',
      '--output-logs=errors-only',
      ...packages.map((p) => `--filter=${p}`),
    ],
    { env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' }, stdoutToStderr },
  );
}

export class UserError extends Error {}

/** Runs a script's main function with a clean failure message and exit code. */
export function main(fn) {
  fn().then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (error) => {
      say(
        error instanceof UserError
          ? error.message
          : error instanceof Error
            ? (error.stack ?? error.message)
            : String(error),
      );
      process.exitCode = 1;
    },
  );
}
