#!/usr/bin/env node
// Looks after a service's outbox (libs/event-store, docs/operations.md "Outbox"):
//
//   npm run outbox -- status     --service intake
//   npm run outbox -- reset      --service intake (--to-position <n> | --to-start | --to-end)
//                                [--skip-unpublished] [--dry-run]
//   npm run outbox -- rebase     --service intake [--force] [--dry-run]
//   npm run outbox -- quarantine --service intake [--all] [--limit <n>]
//   npm run outbox -- release    --service intake (--stream <id> | --event <id>) [--dry-run]
//   npm run outbox -- discard    --service intake --event <id> [--dry-run]
//
// `status` says where the relay stands and what holds it back; `reset` moves its checkpoint
// (refused while a relay runs, and refused if it would pass events never published unless
// --skip-unpublished); `rebase` repairs a store copied from another cluster (dump and restore,
// logical replication); `quarantine` lists the events set aside (never their content);
// `release` asks the running relay to publish a quarantined stream again once the cause is
// fixed; `discard` gives up on one quarantined event. Every command prints one JSON document on
// stdout and a summary on stderr; `--name` picks a relay other than `outbox`.
//
// Database: DATABASE_URL, else the service's own role on the local database (REDRESS_DB,
// default redress) as `npm start` connects it. `status` sees the transactions of other roles
// only with a role that may read them (pg_read_all_stats, or the admin URL).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, buildPackages, ensureDependencies, main, repoRoot, say } from './lib/repo.mjs';

const COMMANDS = ['status', 'reset', 'rebase', 'quarantine', 'release', 'discard'];

const USAGE = `usage: npm run outbox -- <command> --service <service> [--name <relay>] …
  status
  reset      (--to-position <n> | --to-start | --to-end) [--skip-unpublished] [--dry-run]
  rebase     [--force] [--dry-run]
  quarantine [--all] [--limit <n>]
  release    (--stream <id> | --event <id>) [--dry-run]
  discard    --event <id> [--dry-run]`;

const FLAGS = new Set(['to-start', 'to-end', 'skip-unpublished', 'dry-run', 'force', 'all']);
const VALUES = new Set(['service', 'name', 'to-position', 'limit', 'stream', 'event']);
/** Which options each command accepts, besides --service and --name. */
const ALLOWED = {
  status: [],
  reset: ['to-position', 'to-start', 'to-end', 'skip-unpublished', 'dry-run'],
  rebase: ['force', 'dry-run'],
  quarantine: ['all', 'limit'],
  release: ['stream', 'event', 'dry-run'],
  discard: ['event', 'dry-run'],
};

export function parseOutboxArgs(argv) {
  const options = {};
  let command;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') throw new UserError(USAGE);
    if (!arg.startsWith('-')) {
      if (command !== undefined) throw new UserError(`unexpected argument ${arg}\n${USAGE}`);
      if (!COMMANDS.includes(arg)) {
        throw new UserError(`unknown command ${arg}: expected ${COMMANDS.join(', ')}\n${USAGE}`);
      }
      command = arg;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    if (!match || (!FLAGS.has(name) && !VALUES.has(name))) {
      throw new UserError(`unknown argument ${arg}\n${USAGE}`);
    }
    if (FLAGS.has(name)) {
      if (match[2] !== undefined) throw new UserError(`--${name} takes no value\n${USAGE}`);
      options[name] = true;
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) {
      throw new UserError(`--${name} needs a value\n${USAGE}`);
    }
    options[name] = value;
  }
  if (command === undefined) throw new UserError(`which command?\n${USAGE}`);
  for (const name of Object.keys(options)) {
    if (name !== 'service' && name !== 'name' && !ALLOWED[command].includes(name)) {
      throw new UserError(`--${name} does not go with ${command}\n${USAGE}`);
    }
  }
  if (options.service === undefined) throw new UserError(`--service is required\n${USAGE}`);
  // The service's schema: its name without dashes (follow-up → followup), as the bootstrap names it.
  const schema = options.service.replace(/-/g, '');
  if (!/^[a-z][a-z0-9_]*$/.test(schema)) {
    throw new UserError(`--service "${options.service}" is not a service name`);
  }
  for (const name of ['to-position', 'limit']) {
    if (options[name] !== undefined && !/^\d+$/.test(options[name])) {
      throw new UserError(`--${name} takes a whole number, got "${options[name]}"`);
    }
  }
  if (command === 'reset') {
    const targets = ['to-position', 'to-start', 'to-end'].filter((t) => options[t] !== undefined);
    if (targets.length !== 1) {
      throw new UserError(
        `reset needs exactly one of --to-position, --to-start, --to-end\n${USAGE}`,
      );
    }
  }
  if (command === 'release' && (options.stream === undefined) === (options.event === undefined)) {
    throw new UserError(`release needs --stream or --event\n${USAGE}`);
  }
  if (command === 'discard' && options.event === undefined) {
    throw new UserError(`discard needs --event\n${USAGE}`);
  }
  return { command, schema, relay: options.name ?? 'outbox', options };
}

const eventStoreDist = join(repoRoot, 'libs/event-store/dist');

/**
 * The built event-store lib. Built every time (turbo answers from its cache when the sources did
 * not change): a stale build must never be the one that moves a checkpoint.
 */
async function loadEventStore() {
  const code = await buildPackages(['@redress/event-store'], { stdoutToStderr: true });
  if (code !== 0) throw new UserError('Building @redress/event-store failed (see above).');
  const module = await import(pathToFileURL(join(eventStoreDist, 'index.js')).href);
  // A CommonJS module: its exports are the default export.
  return module.default;
}

async function databaseUrl(schema, env) {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  try {
    return serviceDatabaseUrl(schema, { env });
  } catch (error) {
    throw new UserError(
      `${error instanceof Error ? error.message : String(error)}: set DATABASE_URL for this service`,
    );
  }
}

const print = (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

async function cli(argv, env = process.env) {
  const { command, schema, relay, options } = parseOutboxArgs(argv);
  await ensureDependencies({ stdoutToStderr: true });
  const eventStore = await loadEventStore();
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({ connectionString: await databaseUrl(schema, env), max: 2 });
  const admin = new eventStore.OutboxAdmin(pool, schema, relay);
  const dryRun = options['dry-run'] === true;
  const what = `${schema}/${relay}`;
  try {
    switch (command) {
      case 'status': {
        const status = await admin.status();
        print(status);
        say(
          `outbox ${what}: checkpoint (${status.checkpoint.transactionId}, ` +
            `${status.checkpoint.position}), ${status.unpublished} unpublished, relay ` +
            `${status.relay.running ? `running (pid ${status.relay.pid})` : 'not running'}`,
        );
        for (const problem of status.problems) say(`outbox ${what}: ${problem}`);
        return status.problems.length === 0 ? 0 : 2;
      }
      case 'reset': {
        const target =
          options['to-position'] !== undefined
            ? { toPosition: Number(options['to-position']) }
            : options['to-start']
              ? { toStart: true }
              : { toEnd: true };
        const plan = await admin.reset(target, {
          dryRun,
          skipUnpublished: options['skip-unpublished'] === true,
        });
        print(plan);
        if (plan.refused) throw new UserError(`outbox ${what}: refused: ${plan.refused}`);
        say(
          `outbox ${what}: checkpoint ${plan.applied ? 'moved' : 'would move'} from ` +
            `(${plan.from.transactionId}, ${plan.from.position}) to ` +
            `(${plan.to.transactionId}, ${plan.to.position}): ${plan.republish} event(s) go out ` +
            `again, ${plan.skip} never-published event(s) passed`,
        );
        return 0;
      }
      case 'rebase': {
        const plan = await admin.rebase({ dryRun, force: options.force === true });
        print(plan);
        if (plan.refused) throw new UserError(`outbox ${schema}: refused: ${plan.refused}`);
        say(
          `outbox ${schema}: ${plan.applied ? 'rebased' : 'would rebase'} ${plan.events} ` +
            `event(s), ${plan.unpublished} of them still to publish`,
        );
        return 0;
      }
      case 'quarantine': {
        const events = await admin.quarantined({
          includeResolved: options.all === true,
          limit: options.limit === undefined ? undefined : Number(options.limit),
        });
        print(events);
        say(
          `outbox ${what}: ${events.length} quarantined event(s)${options.all ? ' (with resolved)' : ''}`,
        );
        return 0;
      }
      case 'release': {
        const selector = options.stream ? { streamId: options.stream } : { eventId: options.event };
        const result = await admin.release(selector, { dryRun });
        print(result);
        if (result.events.length === 0) {
          throw new UserError(
            `outbox ${what}: nothing in the quarantine for that ${options.stream ? 'stream' : 'event'}`,
          );
        }
        say(
          `outbox ${what}: ${result.events.length} event(s) of stream ${result.streamId} ` +
            `${result.applied ? 'released: the running relay publishes them shortly' : 'would be released'}`,
        );
        return 0;
      }
      case 'discard': {
        const result = await admin.discard(options.event, { dryRun });
        print(result);
        if (!result.event)
          throw new UserError(`outbox ${what}: no open quarantine entry for ${options.event}`);
        say(
          `outbox ${what}: event ${options.event} ${result.applied ? 'discarded' : 'would be discarded'}`,
        );
        return 0;
      }
      default:
        throw new UserError(USAGE);
    }
  } catch (error) {
    if (
      error instanceof eventStore.RelayRunning ||
      error instanceof eventStore.ForeignTransactionIds
    ) {
      throw new UserError(`outbox ${what}: ${error.message}`);
    }
    if (error?.code === '42P01') {
      throw new UserError(
        `outbox ${what}: no outbox in schema ${schema} (${error.message}): has the service run its migrations?`,
      );
    }
    throw error;
  } finally {
    await pool.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(() => cli(process.argv.slice(2)));
}
