import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { createServiceApp, developmentTokens, initServiceApp, loadConfig } from '@redress/platform';
import { ensureTestInfra, serviceDbUrl, testConfig } from '@redress/testing';
import { applyToProjection, type PartitionBatch } from '../src/application/projection-writer';
import { ProjectionVersions } from '../src/application/projection-versions';
import { ANALYTICS_PG_POOL } from '../src/application/tokens';
import { AnalyticsConfig } from '../src/analytics.config';
import { AnalyticsModule } from '../src/analytics.module';
import { migrate } from '../src/persistence/data-source';

export const JWT_SECRET = randomBytes(32).toString('base64url');
export const tokenFor = developmentTokens(JWT_SECRET);

/** Boots the real analytics service (real Postgres) inside the test process. */
export async function startAnalytics(env: Record<string, string> = {}): Promise<INestApplication> {
  await ensureTestInfra();
  const config = loadConfig(AnalyticsConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('analytics'),
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
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

/** Applies events to the live projection, as live consumption does, in one transaction. */
export async function project(app: INestApplication, batches: PartitionBatch[]): Promise<void> {
  const pool = app.get<Pool>(ANALYTICS_PG_POOL);
  const version = await app.get(ProjectionVersions).required();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await applyToProjection(client, version, batches);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
