import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { TOPICS, deadLetterTopic, retryTopic } from '@redress/contracts';
import {
  bootstrapDatabase,
  deleteTopics,
  repoRoot,
  serviceDbUrl,
  testConfig,
  uniqueName,
  waitFor,
} from '@redress/testing';

/**
 * The real platform for the console's browser tests: the five services compiled and each in a
 * process of its own, on free ports, with a Kafka namespace and a database of
 * this run's own (so the queue holds only this run's cases), and the console's own server
 * (scripts/serve.mjs) in front of them, as `npm start` runs it.
 */
export interface Platform {
  consoleUrl: string;
  secret: string;
  stop(): Promise<void>;
}

const SERVICES = ['intake', 'triage', 'resolution', 'follow-up', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];
const GROUPS = ['intake', 'triage', 'resolution', 'followup', 'analytics'];

/** How the services verify tokens and the console signs in when not the development default. */
export interface OidcSettings {
  issuer: string;
  jwksUrl: string;
  audience: string;
  clientId: string;
}

export interface PlatformOptions {
  /** The services to start (all five by default); the console proxies to those only. */
  services?: readonly ServiceName[];
  /** The database's suffix, so that two suites never share one (`console` by default). */
  database?: string;
  /**
   * Production sign-in: the services verify RS256 tokens against this provider's key set (no
   * development secret), and the console's server runs with NODE_ENV=production, offering OIDC.
   */
  oidc?: OidcSettings;
  /** The console's port, when the caller must know it before the start (the provider does). */
  consolePort?: number;
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

function build(...packages: string[]): void {
  const result = spawnSync(
    'npx',
    ['turbo', 'run', 'build', ...packages.map((p) => `--filter=${p}`), '--output-logs=errors-only'],
    { cwd: repoRoot(), encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
  if (result.status !== 0) {
    throw new Error(`${packages.join(', ')} did not build:\n${result.stdout}\n${result.stderr}`);
  }
}

class Child {
  output = '';
  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }
  exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }
  async stop(): Promise<void> {
    if (this.exited()) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGTERM');
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function recreateDatabase(db: string): Promise<void> {
  const admin = new Client({ connectionString: testConfig().databaseAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await bootstrapDatabase({ adminUrl: testConfig().databaseAdminUrl, db });
}

const started = Date.now();
/** Progress of the set-up on stderr: a slow machine shows where the time goes. */
function progress(text: string): void {
  process.stderr.write(`[console e2e ${((Date.now() - started) / 1000).toFixed(1)} s] ${text}\n`);
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const services = options.services ?? SERVICES;
  progress(`building ${services.join(', ')} and the console`);
  build(...services.map((service) => `@redress/${service}`), '@redress/console');
  const config = testConfig();
  const db = `${config.testDatabase}_${options.database ?? 'console'}`;
  // A namespace per run: the fresh database must not meet earlier runs' events.
  const topicPrefix = `${config.topicPrefix}${uniqueName('console')}.`;
  progress(`recreating database ${db}`);
  await recreateDatabase(db);
  progress('starting the services');

  const secret = randomBytes(32).toString('base64url');
  const common = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    KAFKA_BROKERS: config.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    ...(options.oidc
      ? {
          AUTH_JWKS_URL: options.oidc.jwksUrl,
          AUTH_ISSUER: options.oidc.issuer,
          AUTH_AUDIENCE: options.oidc.audience,
        }
      : { AUTH_JWT_SECRET: secret }),
    TRIAGE_TIMER_POLL_MS: '500',
    RESOLUTION_TIMER_POLL_MS: '500',
    FOLLOWUP_TIMER_POLL_MS: '500',
    ANALYTICS_FINDINGS_INTERVAL_MS: '1000',
  };
  const extra: Record<string, Record<string, string>> = {
    intake: {
      INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
      INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
      INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
    },
  };
  const children: Child[] = [];
  const urls: Record<string, string> = {};
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await deleteTopics(
      [...Object.values(TOPICS), ...GROUPS.flatMap((g) => [deadLetterTopic(g), retryTopic(g)])],
      { topicPrefix },
    );
  };
  try {
    for (const service of services) {
      const port = await freePort();
      const child = spawn(process.execPath, [join(repoRoot(), 'apps', service, 'dist/main.js')], {
        env: {
          ...common,
          ...extra[service],
          PORT: String(port),
          DATABASE_URL: serviceDbUrl(service === 'follow-up' ? 'followup' : service, { db }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(new Child(service, child));
      urls[service] = `http://127.0.0.1:${port}`;
    }
    for (const child of children) {
      await waitFor(() => child.exited() || answers(`${urls[child.name]}/health/ready`), {
        description: `${child.name} to be ready`,
        // Five services start at once on a shared 2-core machine: under a load of 40 and more
        // intake took longer than two minutes to answer ready.
        timeoutMs: 300_000,
      });
      if (child.exited()) throw new Error(`${child.name} stopped:\n${child.output}`);
      progress(`${child.name} is ready`);
    }

    const consolePort = options.consolePort ?? (await freePort());
    const signIn = options.oidc
      ? {
          NODE_ENV: 'production',
          CONSOLE_OIDC_ISSUER: options.oidc.issuer,
          CONSOLE_OIDC_CLIENT_ID: options.oidc.clientId,
        }
      : { NODE_ENV: 'development', AUTH_JWT_SECRET: secret };
    const server = spawn(process.execPath, [join(repoRoot(), 'apps/console/scripts/serve.mjs')], {
      env: {
        PATH: process.env.PATH ?? '',
        ...signIn,
        CONSOLE_PORT: String(consolePort),
        CONSOLE_INTAKE_URL: urls.intake ?? '',
        CONSOLE_TRIAGE_URL: urls.triage ?? '',
        CONSOLE_RESOLUTION_URL: urls.resolution ?? '',
        CONSOLE_FOLLOWUP_URL: urls['follow-up'] ?? '',
        CONSOLE_ANALYTICS_URL: urls.analytics ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const consoleServer = new Child('console', server);
    children.push(consoleServer);
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    await waitFor(() => consoleServer.exited() || answers(`${consoleUrl}/console-config.json`), {
      description: 'the console to answer',
      timeoutMs: 30_000,
    });
    if (consoleServer.exited()) throw new Error(`the console stopped:\n${consoleServer.output}`);
    progress(`the console answers on ${consoleUrl}`);
    return { consoleUrl, secret, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
