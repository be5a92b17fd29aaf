import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Clock } from '@redress/business-time';
import { configureServiceApp, loadConfig, signDevelopmentToken } from '@redress/platform';
import { ensureTestInfra, serviceDbUrl, testConfig } from '@redress/testing';
import { TriageConfig } from '../src/triage.config';
import { TriageModule } from '../src/triage.module';
import { TriageMessaging } from '../src/messaging/triage-messaging';
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
    AUTH_JWT_SECRET: JWT_SECRET,
    LOG_LEVEL: 'warn',
    TRIAGE_TIMER_POLL_MS: '200',
    ...options.env,
  });
  await migrate(config.DATABASE_URL);
  const moduleRef = await Test.createTestingModule({
    imports: [TriageModule.forRoot({ config, ...(options.clock ? { clock: options.clock } : {}) })],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureServiceApp(app, {
    service: 'triage',
    title: 'triage',
    bodyLimit: config.HTTP_BODY_LIMIT,
  });
  await app.init();
  const messaging = app.get(TriageMessaging);
  await messaging.consuming();
  return { app, messaging, config };
}

export function tokenFor(claims: { roles: string[]; department?: string; sub?: string }): string {
  return signDevelopmentToken({
    sub: claims.sub ?? `user-${randomUUID().slice(0, 8)}`,
    roles: claims.roles,
    ...(claims.department !== undefined ? { department: claims.department } : {}),
    secret: JWT_SECRET,
    expiresIn: '10m',
  });
}
