import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot, waitFor } from '@redress/testing';

/**
 * Services run as they are deployed: compiled, each in a process of its own, everything they
 * print kept for the test to read.
 */

/** Builds the packages (turbo answers from its cache when nothing changed). */
export function buildServices(...packages: string[]): void {
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', ...packages.map((p) => `--filter=${p}`), '--output-logs=errors-only'],
    {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0) {
    throw new Error(`${packages.join(', ')} did not build:\n${build.stdout}\n${build.stderr}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export class CompiledService {
  private output = '';
  private readonly ended: Promise<number | NodeJS.Signals>;

  private constructor(
    readonly port: number,
    readonly process: ChildProcess,
  ) {
    process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.ended = new Promise((resolve) =>
      process.once('exit', (code, signal) => resolve(code ?? signal ?? 'SIGKILL')),
    );
  }

  /**
   * Starts `apps/<app>/dist/main.js` on a free port with only `env` (and PATH) as its
   * environment, without waiting for it: for tests of start-up itself.
   */
  static async spawn(app: string, env: Record<string, string>): Promise<CompiledService> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(repoRoot(), 'apps', app, 'dist/main.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new CompiledService(port, child);
  }

  /** Starts it as `spawn` does and waits until it answers `/health/live`. */
  static async start(app: string, env: Record<string, string>): Promise<CompiledService> {
    const service = await CompiledService.spawn(app, env);
    await waitFor(() => service.exited() || service.live(), {
      description: `${app} to answer`,
      timeoutMs: 60_000,
    });
    if (service.exited()) throw new Error(`${app} stopped:\n${service.output}`);
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed so far (its log lines). */
  get printed(): string {
    return this.output;
  }

  /** Resolves with the exit code (or the signal) once the process has ended. */
  exitStatus(): Promise<number | NodeJS.Signals> {
    return this.ended;
  }

  exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  async live(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/health/live`)).ok;
    } catch {
      return false;
    }
  }

  /** Stops it (SIGTERM: the shutdown hooks run; SIGKILL: as a crash) and waits for the exit. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (this.exited()) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill(signal);
    await exited;
  }
}
