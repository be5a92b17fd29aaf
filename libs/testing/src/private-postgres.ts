import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** A PostgreSQL server of a test's own, which the test may stop, kill and start again. */
export interface PrivatePostgres {
  /** Superuser `postgres` (trust authentication) on the `postgres` database. */
  url: string;
  port: number;
  /** Starts the server again (same data and port) after `stop` or `kill`; waits until it answers. */
  start(): Promise<void>;
  /** Orderly shutdown (`pg_ctl stop -m fast`): sessions are ended, then the server exits. */
  stop(): Promise<void>;
  /**
   * Hard stop (`pg_ctl stop -m immediate`): every process exits at once, as in a crash or a
   * power cut; the next start runs crash recovery.
   */
  kill(): Promise<void>;
  /** Kills the server if it runs and deletes its data. Safe to call twice. */
  destroy(): Promise<void>;
}

export interface PrivatePostgresOptions {
  /** Environment to read `POSTGRES_BIN_DIR` from; `process.env` by default. */
  env?: Record<string, string | undefined>;
}

/** The account the server runs as when the tests run as root (the server package creates it). */
const SERVER_ACCOUNT = 'postgres';

/**
 * Creates a throw-away PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1,
 * and starts it. Tests use it to take the database away from a running service without
 * touching the shared server. `fsync` is off: a killed server keeps every acknowledged commit,
 * a crashed machine would not, and the data lives only as long as the test anyway. The server
 * programs come from `findServerPrograms`, which throws, saying what to install, when they are
 * missing. Postgres refuses to run as root: a test process running as root runs the server as
 * the `postgres` account.
 */
export async function startPrivatePostgres(
  options: PrivatePostgresOptions = {},
): Promise<PrivatePostgres> {
  const bin = await findServerPrograms(options.env ?? process.env);
  const runAs = process.getuid?.() === 0 ? SERVER_ACCOUNT : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'redress-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (runAs !== undefined) {
    const [uid, gid] = await accountIds(runAs);
    await chown(dir, uid, gid);
  }
  await chmod(dir, 0o700);

  const port = await freePort();
  const pgCtl = (args: string[]) => run(join(bin, 'pg_ctl'), args, runAs);
  const settings = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    // WAL still reaches the operating system at each commit, so a killed server keeps every
    // acknowledged commit (only a crash of the machine would lose them): what tests rely on.
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
    '-c shared_buffers=32MB',
  ].join(' ');
  let running = false;

  const start = async (): Promise<void> => {
    try {
      await pgCtl(['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', settings]);
    } catch (error) {
      throw new Error(`the private PostgreSQL did not start: ${await tail(log)}`, {
        cause: error,
      });
    }
    running = true;
  };
  const shutdown = async (mode: 'fast' | 'immediate'): Promise<void> => {
    await pgCtl(['stop', '-w', '-t', '60', '-D', data, '-m', mode]);
    running = false;
  };

  try {
    await run(
      join(bin, 'initdb'),
      [
        '-D',
        data,
        '-U',
        'postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--no-sync',
        '--no-instructions',
      ],
      runAs,
    );
    await start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  // A test process that ends without `destroy` (a crash, a forgotten afterAll) leaves no server.
  const killOnExit = (): void => {
    if (!running) return;
    try {
      const args = ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '10'];
      const pgCtlPath = join(bin, 'pg_ctl');
      if (runAs === undefined) execFileSync(pgCtlPath, args, { stdio: 'ignore' });
      else execFileSync('runuser', ['-u', runAs, '--', pgCtlPath, ...args], { stdio: 'ignore' });
    } catch (error) {
      process.stderr.write(
        `could not stop the private PostgreSQL in ${dir}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  };
  process.once('exit', killOnExit);

  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: () => shutdown('fast'),
    kill: () => shutdown('immediate'),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', killOnExit);
      try {
        if (running) await shutdown('immediate');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The folder holding `initdb`, `pg_ctl` and `postgres`, looked for in `POSTGRES_BIN_DIR`, the
 * `PATH`, `pg_config --bindir` and `<distributionRoot>/<version>/bin` (Debian and Ubuntu), or
 * an error that says how to get them.
 */
export async function findServerPrograms(
  env: Record<string, string | undefined> = process.env,
  distributionRoot = '/usr/lib/postgresql',
): Promise<string> {
  const candidates: string[] = [];
  if (env.POSTGRES_BIN_DIR) candidates.push(env.POSTGRES_BIN_DIR);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const pgCtl = join(dir, 'pg_ctl');
    // Debian links the programs into the PATH; pg_ctl finds `postgres` beside its real file.
    if (existsSync(pgCtl)) candidates.push(dirname(realpathSync(pgCtl)));
  }
  const fromPgConfig = await run('pg_config', ['--bindir'], undefined, {
    PATH: env.PATH ?? '',
  }).then(
    (out) => out.trim(),
    () => undefined,
  );
  if (fromPgConfig) candidates.push(fromPgConfig);
  // Debian and Ubuntu keep them out of the PATH, one folder per major version.
  if (existsSync(distributionRoot)) {
    const versions = readdirSync(distributionRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(distributionRoot, version, 'bin')));
  }
  const found = candidates.find((dir) =>
    ['initdb', 'pg_ctl', 'postgres'].every((program) => existsSync(join(dir, program))),
  );
  if (found === undefined) {
    throw new Error(
      'the PostgreSQL server programs (initdb, pg_ctl, postgres) were not found: tests that ' +
        'restart a database under a running service need them. Install the PostgreSQL server ' +
        '(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql) or set ' +
        'POSTGRES_BIN_DIR to the folder that holds them.',
    );
  }
  return found;
}

function run(
  file: string,
  args: string[],
  runAs?: string,
  env?: Record<string, string>,
): Promise<string> {
  const [command, commandArgs] =
    runAs === undefined ? [file, args] : ['runuser', ['-u', runAs, '--', file, ...args]];
  const options = { timeout: 120_000, ...(env ? { env } : {}) };
  return new Promise((resolve, reject) => {
    execFile(command, commandArgs, options, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} ${args[0] ?? ''} failed: ${stderr.trim() || error.message}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

async function accountIds(account: string): Promise<[number, number]> {
  const [uid, gid] = await Promise.all([
    run('id', ['-u', account]),
    run('id', ['-g', account]),
  ]).catch((error: unknown) => {
    throw new Error(
      `tests run as root, and PostgreSQL refuses to: the server runs as the "${account}" ` +
        'account, which does not exist here (the PostgreSQL server package creates it)',
      { cause: error },
    );
  });
  return [Number(uid.trim()), Number(gid.trim())];
}

/** A port nothing listens on right now (the kernel picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port was assigned'));
      });
    });
  });
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '(no server log)');
  return text.trim().split('\n').slice(-15).join('\n');
}
