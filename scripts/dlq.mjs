#!/usr/bin/env node
// Lists and replays a consumer group's dead letters (complaints.dlq.<group>), once the cause
// of their failure is fixed (libs/messaging/README.md, "Replaying dead letters"):
//
//   npm run dlq -- list --group triage [--limit 20]
//   npm run dlq -- replay --group triage [--limit 20] [--dry-run]
//
// `list` prints one JSON line per dead letter not yet replayed: where it is, where it came from,
// the error and the event type; never the record's value. `replay` copies them to the group's
// own retry topic (complaints.retry.<group>), which that group alone reads, and prints one JSON
// summary line. Progress goes to stderr. Brokers from KAFKA_BROKERS (default 127.0.0.1:9092, as
// the services); names in the namespace KAFKA_TOPIC_PREFIX (default `dev.`, as `npm start`; set it
// empty for production's names); TLS and SASL from KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { kafkaBrokers } from './infra.mjs';
import {
  UserError,
  buildPackages,
  developmentTopicPrefix,
  ensureDependencies,
  main,
  repoRoot,
  say,
} from './lib/repo.mjs';

const COMMANDS = ['list', 'replay'];

const USAGE =
  'usage: npm run dlq -- list --group <consumer group> [--limit <n>]\n' +
  '       npm run dlq -- replay --group <consumer group> [--limit <n>] [--dry-run]';

// Kafka's legal topic characters: the group becomes part of complaints.dlq.<group>.
const GROUP_PATTERN = /^[A-Za-z0-9._-]+$/;

export function parseDlqArgs(argv) {
  const options = { dryRun: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') throw new UserError(USAGE);
    if (!arg.startsWith('-')) {
      if (options.command !== undefined) {
        throw new UserError(`unexpected argument ${arg}\n${USAGE}`);
      }
      if (!COMMANDS.includes(arg)) {
        throw new UserError(`unknown command ${arg}: expected list or replay\n${USAGE}`);
      }
      options.command = arg;
      continue;
    }
    const match = /^--(group|limit|dry-run)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UserError(`unknown argument ${arg}\n${USAGE}`);
    const [, name, inline] = match;
    if (name === 'dry-run') {
      if (inline !== undefined) throw new UserError(`--dry-run takes no value\n${USAGE}`);
      options.dryRun = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UserError(`--${name} needs a value\n${USAGE}`);
    }
    if (name === 'group') {
      if (!GROUP_PATTERN.test(value)) {
        throw new UserError(
          `--group "${value}" is not a consumer group id: letters, digits, '.', '_' and '-' only`,
        );
      }
      options.group = value;
    } else {
      if (!/^\d+$/.test(value) || Number(value) < 1) {
        throw new UserError(`--limit takes a positive whole number, got "${value}"`);
      }
      options.limit = Number(value);
    }
  }
  if (options.command === undefined) throw new UserError(`list or replay?\n${USAGE}`);
  if (options.group === undefined) throw new UserError(`--group is required\n${USAGE}`);
  if (options.dryRun && options.command !== 'replay') {
    throw new UserError(`--dry-run goes with replay only\n${USAGE}`);
  }
  return options;
}

const messagingDist = join(repoRoot, 'libs/messaging/dist');

/** The built messaging lib, built first when its dist is missing or predates the replay. */
async function loadMessaging() {
  if (!existsSync(join(messagingDist, 'dead-letter-replay.js'))) {
    say('dlq: building @redress/messaging…');
    const code = await buildPackages(['@redress/messaging'], { stdoutToStderr: true });
    if (code !== 0) throw new UserError('Building @redress/messaging failed (see above).');
  }
  const module = await import(pathToFileURL(join(messagingDist, 'index.js')).href);
  // A CommonJS module: its exports are the default export.
  return module.default;
}

async function cli(argv, env = process.env) {
  const options = parseDlqArgs(argv);
  await ensureDependencies({ stdoutToStderr: true });
  const messaging = await loadMessaging();
  let brokers;
  try {
    brokers = messaging.parseBrokers(kafkaBrokers(env));
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
  const topicPrefix = developmentTopicPrefix(env);
  let kafka;
  try {
    // Against the Strimzi cluster: KAFKA_SSL, KAFKA_SSL_CA_FILE and KAFKA_SASL_* of the
    // operator's KafkaUser, as the services take them (docs/deployment.md, "Kafka security").
    kafka = messaging.createKafka({
      brokers,
      clientId: 'redress-dlq',
      topicPrefix,
      ...messaging.kafkaSecurityOptions(env),
    });
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
  try {
    await messaging.checkKafka(kafka);
  } catch (error) {
    if (error instanceof messaging.KafkaUnavailable) {
      throw new UserError(`${error.message} (KAFKA_BROKERS)`);
    }
    throw error;
  }

  const topic = `${topicPrefix}complaints.dlq.${options.group}`;
  try {
    if (options.command === 'list') {
      say(`dlq: reading the dead letters of ${options.group} not yet replayed (${topic})…`);
      const deadLetters = await messaging.listDeadLetters(kafka, options.group, {
        limit: options.limit,
      });
      for (const deadLetter of deadLetters) process.stdout.write(`${JSON.stringify(deadLetter)}\n`);
      say(`dlq: ${deadLetters.length} dead letter(s) listed`);
    } else {
      say(
        options.dryRun
          ? `dlq: checking what a replay of ${topic} would do (dry run: nothing is written)…`
          : `dlq: replaying ${topic} to ${topicPrefix}complaints.retry.${options.group}, which only ${options.group} reads…`,
      );
      const result = await messaging.replayDeadLetters(kafka, options.group, {
        limit: options.limit,
        dryRun: options.dryRun,
      });
      process.stdout.write(`${JSON.stringify({ group: options.group, ...result })}\n`);
      say(
        `dlq: ${result.replayed} dead letter(s) ${options.dryRun ? 'would be ' : ''}replayed, ` +
          `${result.skipped.length} skipped`,
      );
    }
  } catch (error) {
    if (
      error instanceof messaging.DeadLetterTopicNotFound ||
      error instanceof messaging.ReplayInProgress
    ) {
      throw new UserError(error.message);
    }
    throw error;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(() => cli(process.argv.slice(2)));
}
