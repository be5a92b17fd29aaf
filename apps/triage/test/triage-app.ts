import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Clock } from '@redress/business-time';
import { createServiceApp, developmentTokens, initServiceApp, loadConfig } from '@redress/platform';
import { TOPICS } from '@redress/contracts';
import {
  TopicReader,
  createTopics,
  ensureTestInfra,
  serviceDbUrl,
  startGroupAtEnd,
  testConfig,
  waitFor,
  type ReadMessage,
} from '@redress/testing';
import { TRIAGE_PG_POOL } from '../src/application/tokens';
import { TriageConfig } from '../src/triage.config';
import { TriageModule } from '../src/triage.module';
import { SUBSCRIBED_TOPICS, TriageMessaging } from '../src/messaging/triage-messaging';
import { migrate } from '../src/persistence/data-source';

export const JWT_SECRET = randomBytes(32).toString('base64url');

export interface RunningTriage {
  app: INestApplication;
  messaging: TriageMessaging;
  config: TriageConfig;
}

/** Boots the real triage service (real Postgres, real Kafka) inside the test process. */
export async function startTriage(
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<RunningTriage> {
  await ensureTestInfra();
  const config = loadConfig(TriageConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('triage'),
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    AUTH_JWT_SECRET: JWT_SECRET,
    LOG_LEVEL: 'warn',
    TRIAGE_TIMER_POLL_MS: '200',
    ...options.env,
  });
  await migrate(config.DATABASE_URL);
  // The app exactly as main.ts creates and starts it (event transport included), but not
  // listening: supertest serves it.
  const app = await createServiceApp(
    TriageModule.forRoot({ config, ...(options.clock ? { clock: options.clock } : {}) }),
    { service: 'triage', bodyLimit: config.HTTP_BODY_LIMIT },
  );
  await initServiceApp(app);
  const messaging = app.get(TriageMessaging);
  await messaging.consuming();
  return { app, messaging, config };
}

/**
 * Triage under a consumer group of its own that reads only what is published from now on, and a
 * reader of triage's topic from now on: the set-up of a test that publishes upstream events.
 */
export async function startTriageFromNow(
  clock: Clock,
  group: string,
): Promise<{ triage: RunningTriage; reader: TopicReader }> {
  await ensureTestInfra();
  await createTopics([...SUBSCRIBED_TOPICS, TOPICS.triage], { partitions: 3 });
  await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
  const reader = await TopicReader.start(TOPICS.triage, { startAt: 'end' });
  const triage = await startTriage({ clock, env: { TRIAGE_CONSUMER_GROUP: group } });
  return { triage, reader };
}

export const tokenFor = developmentTokens(JWT_SECRET);

/** The CloudEvent type of a message triage published. */
export const typeOf = (m: ReadMessage) => (m.json as { type: string }).type;
/** The CloudEvent data of a message triage published. */
export const dataOf = <T = Record<string, unknown>>(m: ReadMessage) => (m.json as { data: T }).data;
/** Messages about one complaint, of one type when given. */
export const of = (complaintId: string, type?: string) => (m: ReadMessage) =>
  m.key === complaintId && (type === undefined || typeOf(m) === type);

/** Waits until the hot-topic sweep that the detection `eventId` recorded has finished. */
export async function sweepFinished(
  triage: RunningTriage,
  eventId: string,
  wait: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const pool = triage.app.get<Pool>(TRIAGE_PG_POOL);
  await waitFor(
    async () =>
      (
        await pool.query(
          'SELECT 1 FROM triage.hot_topic_sweeps WHERE event_id = $1 AND done_at IS NOT NULL',
          [eventId],
        )
      ).rowCount === 1,
    { description: `the sweep of ${eventId} to finish`, timeoutMs: 30_000, ...wait },
  );
}
