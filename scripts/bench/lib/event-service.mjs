// A built service that reads Kafka, started for a benchmark part as the platform runs it: its
// topics in the benchmark's namespace, a consumer group of its own starting where they end, the
// image's Node options (plus the profiler's probe under --profile), a fresh HS256 secret for the
// part's tokens. Shared by the parts that feed a service events (resolution, follow-up).
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_TOPIC_PREFIX, say } from '../../lib/repo.mjs';
import { connect, postgresSessions } from './database.mjs';
import { ensureTopics, readFromEnd, startAtEnd } from './kafka.mjs';
import { OutboxWatch } from './outbox.mjs';
import { serviceProfiling } from './profiled.mjs';
import { cpuWindow, sampleRss } from './sampler.mjs';
import { benchServiceEnv, freePort, startService } from './service.mjs';

const NS = BENCH_TOPIC_PREFIX;

/**
 * Starts `apps/<folder>/dist/main.js` for part `part`: `schema` is its database role and schema,
 * `groupVariable` the variable naming its consumer group, `subscribed` the topics it reads
 * (contract names), `ownTopic` the topic its outbox publishes to, `publishTo` the topic this
 * process publishes to, `port` the first port tried. `contracts`, `createKafka` and
 * `EventPublisher` are the built libs, loaded by the caller. Everything it opens is closed by the
 * run's cleanup. Returns `{ kafka, admin, group, secret, service, nodeArgs, publisher, db, watch,
 * ownTopic, profiling, rss, cpuWindow(), readFromNow(onRecord) }`.
 */
export async function startEventService(
  context,
  { part, folder, schema, groupVariable, subscribed, ownTopic, publishTo, port: firstPort },
  { createKafka, EventPublisher },
) {
  const { repoRoot, infra, options } = context;
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const kafka = createKafka({
    brokers: infra.kafkaBrokers.split(','),
    clientId: `bench-${part}-${randomUUID().slice(0, 8)}`,
    topicPrefix: NS,
    logLevel: 'error',
  });
  const admin = kafka.kafkajs.admin();
  await admin.connect();
  context.onCleanup(() => admin.disconnect());
  const inbound = subscribed.map((topic) => NS + topic);
  const outbound = NS + ownTopic;
  await ensureTopics(admin, [...inbound, outbound]);
  const group = `bench-${part}-${randomUUID().slice(0, 8)}`;
  await startAtEnd(admin, NS + group, inbound);

  const publisher = new EventPublisher(kafka, { topic: publishTo });
  await publisher.connect();
  context.onCleanup(() => publisher.disconnect());

  const secret = randomBytes(32).toString('base64url');
  const profiling = serviceProfiling(context, part);
  const nodeArgs = [...(options.serviceNodeArgs ?? []), ...profiling.nodeArgs];
  const port = await freePort(options.port ?? firstPort);
  say(`${part}: starting the service on port ${port} (consumer group ${group})…`);
  const service = await startService({
    name: folder,
    cwd: join(repoRoot, 'apps', folder),
    entry: 'dist/main.js',
    port,
    nodeArgs,
    ipc: profiling.ipc,
    env: benchServiceEnv({
      kafkaBrokers: infra.kafkaBrokers,
      secret,
      extra: {
        PORT: String(port),
        DATABASE_URL: serviceDatabaseUrl(schema, { db: infra.db, admin: infra.databaseAdminUrl }),
        [groupVariable]: group,
        ...profiling.env,
      },
    }),
  });
  context.onCleanup(() => service.stop());
  profiling.attach(service);

  const db = await connect(context.benchDbAdminUrl);
  context.onCleanup(() => db.end());
  const watch = new OutboxWatch({
    databaseUrl: context.benchDbAdminUrl,
    schema,
    brokers: infra.kafkaBrokers,
    topic: outbound,
  });
  await watch.open();
  context.onCleanup(() => watch.close());

  // Stopped with the run too, for the parts that read no memory figure (an interval left running
  // keeps the command from exiting after its report).
  const rss = sampleRss(service.pid, 500);
  context.onCleanup(() => rss.stop());
  return {
    kafka,
    admin,
    group,
    secret,
    service,
    nodeArgs,
    publisher,
    db,
    watch,
    ownTopic: outbound,
    profiling,
    rss,
    cpuWindow: () =>
      cpuWindow(service.pid, { postgresPids: postgresSessions(context.benchDbAdminUrl) }),
    /** Reads the service's topic from its current end; `onRecord(message, readAt)` per record. */
    readFromNow: (onRecord) =>
      readFromEnd({
        kafka: kafka.kafkajs,
        admin,
        topic: outbound,
        groupId: `${NS}bench-${part}-reader-${randomUUID().slice(0, 8)}`,
        onRecord,
        onCleanup: context.onCleanup,
      }),
  };
}
