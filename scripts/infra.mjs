#!/usr/bin/env node
// The infrastructure Redress needs locally: a Kafka broker and a bootstrapped Postgres database.
//
//   node scripts/infra.mjs up [--db <name>]   Kafka (KAFKA_BROKERS as given, else the local
//                                             broker of infra/kafka, started if needed), then
//                                             Postgres: reachable? then bootstrap the database
//   node scripts/infra.mjs down               stop the Kafka broker this checkout started
//   node scripts/infra.mjs status             what answers, and whether databases are current
//
// Postgres is never started or stopped here: it is the machine's (or a managed) server.
// Settings: KAFKA_BROKERS, KAFKA_HOST/KAFKA_PORT (local broker), DATABASE_ADMIN_URL,
// REDRESS_DB (default redress), REDRESS_DB_PASSWORD_<ROLE>.
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, ensureDependencies, main, repoRoot, run, say } from './lib/repo.mjs';

const kafkaScript = join(repoRoot, 'infra/kafka/kafka.sh');
const bootstrapModule = pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href;

/** The brokers every service and test talks to, as KAFKA_BROKERS spells them. */
export function kafkaBrokers(env = process.env) {
  return env.KAFKA_BROKERS || `${env.KAFKA_HOST || '127.0.0.1'}:${env.KAFKA_PORT || '9092'}`;
}

/** Resolves true when something accepts a TCP connection on `host:port` in time. */
export function answers(hostPort, timeoutMs = 2000) {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(hostPort.trim());
  if (!match) return Promise.resolve(false);
  const [, host, port] = match;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function anyBrokerAnswers(brokers) {
  const results = await Promise.all(brokers.split(',').map((b) => answers(b)));
  return results.some(Boolean);
}

async function ensureKafka(env) {
  const brokers = kafkaBrokers(env);
  if (env.KAFKA_BROKERS) {
    // An external cluster is used as given: never start or stop anything for it.
    if (!(await anyBrokerAnswers(brokers))) {
      throw new UserError(
        `kafka: no broker of KAFKA_BROKERS (${brokers}) answers. Start that cluster, or unset ` +
          'KAFKA_BROKERS to use the local broker of infra/kafka.',
      );
    }
    say(`kafka: using KAFKA_BROKERS ${brokers}`);
    return brokers;
  }
  const code = await run('bash', [kafkaScript, 'start'], { env, stdoutToStderr: true });
  if (code !== 0) {
    throw new UserError(
      'kafka: the local broker did not start (see above). It needs Java 17+ and Maven on the ' +
        'PATH the first time; or set KAFKA_BROKERS to a running cluster.',
    );
  }
  return brokers;
}

async function ensurePostgres(db, env) {
  const { adminUrl, bootstrap, checkConnection } = await import(bootstrapModule);
  const admin = adminUrl(env);
  try {
    await checkConnection(admin);
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
  const result = await bootstrap({ db, admin, env });
  say(
    `postgres: database ${result.db} ${result.created ? 'created' : 'up to date'} ` +
      `(roles and schemas: ${result.roles.join(', ')})`,
  );
  return admin;
}

/**
 * Brings up what `npm start` and `npm test` need and returns how to reach it. Idempotent and
 * cheap when everything already runs.
 */
export async function ensureInfra({ db, env = process.env } = {}) {
  await ensureDependencies({ stdoutToStderr: true });
  const database = db || env.REDRESS_DB || 'redress';
  // Postgres first: it fails in a second, while a first Kafka start takes a while.
  const databaseAdminUrl = await ensurePostgres(database, env);
  const brokers = await ensureKafka(env);
  return { kafkaBrokers: brokers, databaseAdminUrl, db: database };
}

function localBrokerPid(env) {
  const home = env.KAFKA_HOME_DIR || join(repoRoot, 'infra/kafka');
  const pidfile = join(home, '.data', `kafka-${env.KAFKA_PORT || '9092'}`, 'kafka.pid');
  if (!existsSync(pidfile)) return undefined;
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function status(env) {
  let healthy = true;
  const brokers = kafkaBrokers(env);
  if (await anyBrokerAnswers(brokers)) {
    const origin = env.KAFKA_BROKERS
      ? 'KAFKA_BROKERS'
      : localBrokerPid(env)
        ? `local broker started by this checkout, pid ${localBrokerPid(env)}`
        : 'a broker this checkout did not start';
    say(`kafka: up on ${brokers} (${origin})`);
  } else {
    say(`kafka: down on ${brokers}`);
    healthy = false;
  }

  await ensureDependencies({ stdoutToStderr: true });
  const { adminUrl, bootstrapVersion, bootstrappedVersion, checkConnection, redact } = await import(
    bootstrapModule
  );
  const admin = adminUrl(env);
  try {
    const version = await checkConnection(admin);
    say(`postgres: up at ${redact(admin)} (PostgreSQL ${version})`);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const current = bootstrapVersion();
  const databases = [
    ...new Set([env.REDRESS_DB || 'redress', env.REDRESS_TEST_DB || 'redress_test']),
  ];
  for (const db of databases) {
    const found = await bootstrappedVersion(db, admin);
    say(
      `postgres: database ${db}: ` +
        (found === null
          ? 'missing (`npm run infra:up` creates it)'
          : found === current
            ? 'bootstrapped'
            : 'bootstrapped by another version (`npm run infra:up` updates it)'),
    );
  }
  return healthy ? 0 : 1;
}

async function cli(argv) {
  const [command = 'status', ...rest] = argv;
  let db;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--db') db = rest[++i];
    else if (arg.startsWith('--db=')) db = arg.slice('--db='.length);
    else
      throw new UserError(`unknown argument ${arg}\nusage: infra.mjs up|down|status [--db <name>]`);
  }
  switch (command) {
    case 'up': {
      const infra = await ensureInfra({ db });
      say(`infra: ready (KAFKA_BROKERS=${infra.kafkaBrokers}, database ${infra.db})`);
      return 0;
    }
    case 'down':
      say('postgres: left running (it is not started by Redress)');
      return run('bash', [kafkaScript, 'stop'], { stdoutToStderr: true });
    case 'status':
      return status(process.env);
    default:
      throw new UserError(
        `unknown command ${command}\nusage: infra.mjs up|down|status [--db <name>]`,
      );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(() => cli(process.argv.slice(2)));
}
