import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client, type Pool } from 'pg';
import request from 'supertest';
import { createServiceApp, developmentTokens, initServiceApp, loadConfig } from '@redress/platform';
import {
  deleteTopics,
  ensureTestInfra,
  namespaceTopics,
  serviceDbUrl,
  testConfig,
  waitFor,
} from '@redress/testing';
import { applyToProjection, type PartitionBatch } from '../src/application/projection-writer';
import { ProjectionVersions } from '../src/application/projection-versions';
import { inTransaction } from '../src/application/transaction';
import { ANALYTICS_PG_POOL } from '../src/application/tokens';
import { AnalyticsConfig } from '../src/analytics.config';
import { AnalyticsModule } from '../src/analytics.module';
import { migrate } from '../src/persistence/data-source';

export const JWT_SECRET = randomBytes(32).toString('base64url');
export const tokenFor = developmentTokens(JWT_SECRET);

/**
 * Where one analytics test file keeps its projection and its topics: a database and a topic
 * namespace of its own, made anew each run. Analytics reads every topic of its namespace from
 * the start and keeps the offsets it reached in its database, so the two must always go
 * together, and no other test's events may be counted.
 */
export interface AnalyticsTestWorld {
  databaseUrl: string;
  biReaderUrl: string;
  kafka: { topicPrefix: string };
}

export async function freshWorld(name: string): Promise<AnalyticsTestWorld> {
  const database = `${testConfig().testDatabase}_analytics_${name}`;
  // A namespace new to the broker each run: topics deleted and made again under the same names
  // race with the broker's deletion. Earlier runs' namespaces of this file are deleted.
  const family = { topicPrefix: `${testConfig().topicPrefix}analytics.${name}.` };
  const kafka = { topicPrefix: `${family.topicPrefix}${randomBytes(4).toString('hex')}.` };
  await deleteTopics(await namespaceTopics(family), family);
  const admin = new Client({ connectionString: testConfig().databaseAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureTestInfra({ database });
  return {
    databaseUrl: serviceDbUrl('analytics', { db: database }),
    biReaderUrl: serviceDbUrl('bi_reader', { db: database }),
    kafka,
  };
}

/** Boots the real analytics service (real Postgres and Kafka) inside the test process. */
export async function startAnalytics(
  world: AnalyticsTestWorld,
  env: Record<string, string> = {},
): Promise<INestApplication> {
  const config = loadConfig(AnalyticsConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: world.databaseUrl,
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: world.kafka.topicPrefix,
    AUTH_JWT_SECRET: JWT_SECRET,
    LOG_LEVEL: 'warn',
    ...env,
  });
  await migrate(config.DATABASE_URL);
  const app = await createServiceApp(AnalyticsModule.forRoot({ config }), {
    service: 'analytics',
    bodyLimit: config.HTTP_BODY_LIMIT,
  });
  await initServiceApp(app);
  return app;
}

/**
 * Applies events to the live projection in one transaction, as live consumption does, under a
 * topic name no consumer reads (its offsets must not move the live consumer's).
 */
export async function project(app: INestApplication, batches: PartitionBatch[]): Promise<void> {
  const pool = app.get<Pool>(ANALYTICS_PG_POOL);
  const version = await app.get(ProjectionVersions).required();
  await inTransaction(pool, (tx) => applyToProjection(tx, version, batches));
}

/** The topic name direct writes use. */
export const DIRECT = 'analytics.test.direct';

/** Rebuilds the projection through the API as an admin and waits for the job to be done. */
export async function rebuildThroughApi(
  app: INestApplication,
  adminToken: string,
): Promise<{ version: number; read: number }> {
  const started = await request(app.getHttpServer())
    .post('/analytics/rebuild')
    .auth(adminToken, { type: 'bearer' })
    .expect(202);
  const job = await waitFor(
    async () => {
      const res = await request(app.getHttpServer())
        .get(`/analytics/rebuild/${started.body.jobId}`)
        .auth(adminToken, { type: 'bearer' });
      return res.body.state === 'done' || res.body.state === 'failed' ? res.body : undefined;
    },
    { description: 'the rebuild to end', timeoutMs: 150_000, intervalMs: 200 },
  );
  expect(job).toMatchObject({ state: 'done' });
  expect(job.read).toBeGreaterThan(0);
  return job;
}
