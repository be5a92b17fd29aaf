import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '@redress/testing';

/**
 * The service as it is deployed: compiled (`turbo run build`), in a process of its own, with
 * only the environment it is given. For tests of what happens around the process: start-up
 * checks, crashes, restarts.
 */
export function buildIntake(): void {
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@redress/intake', '--output-logs=errors-only'],
    {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0) {
    throw new Error(`intake did not build:\n${build.stdout}\n${build.stderr}`);
  }
}

export interface BuiltIntake {
  process: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited(): Promise<number | NodeJS.Signals>;
}

export function spawnIntake(env: Record<string, string>): BuiltIntake {
  let output = '';
  const child = spawn(process.execPath, [join(repoRoot(), 'apps/intake/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'SIGKILL')),
  );
  return { process: child, output: () => output, exited: () => ended };
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

/** Whether the service on `port` answers its liveness probe. */
export async function live(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/live`)).ok;
  } catch {
    return false;
  }
}
