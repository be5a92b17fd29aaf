import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { FixedClock, type Clock } from '@redress/business-time';
import { createServiceApp, developmentTokens, initServiceApp, loadConfig } from '@redress/platform';
import {
  createTopics,
  ensureTestInfra,
  serviceDbUrl,
  startGroupAtEnd,
  testConfig,
  uniqueName,
} from '@redress/testing';
import { IntakeConfig, intakeAppOptions } from '../src/intake.config';
import { IntakeModule } from '../src/intake.module';
import { SUBSCRIBED_TOPICS } from '../src/messaging/intake-messaging';
import { IntakeOutbox } from '../src/messaging/intake-outbox';
import { migrate } from '../src/persistence/data-source';

export const JWT_SECRET = randomBytes(32).toString('base64url');

/** Boots the real intake service (real Postgres, real Kafka) inside the test process. */
export async function startIntake(
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<{ app: INestApplication; outbox: IntakeOutbox; config: IntakeConfig }> {
  await ensureTestInfra();
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('intake'),
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    AUTH_JWT_SECRET: JWT_SECRET,
    INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
    INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
    INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
    // A group of its own, starting at the end of the topics it reads: earlier runs' events are
    // not this run's to read.
    INTAKE_CONSUMER_GROUP: uniqueName('intake'),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const config = loadConfig(IntakeConfig, env);
  await migrate(config.DATABASE_URL);
  await createTopics([...SUBSCRIBED_TOPICS]);
  await startGroupAtEnd(config.INTAKE_CONSUMER_GROUP, [...SUBSCRIBED_TOPICS]);
  // The app exactly as main.ts creates and starts it (event transport included), but not
  // listening: supertest serves it.
  const app = await createServiceApp(
    IntakeModule.forRoot({ config, ...(options.clock ? { clock: options.clock } : {}) }),
    intakeAppOptions(config),
  );
  await initServiceApp(app);
  const outbox = app.get(IntakeOutbox);
  await outbox.consuming();
  return { app, outbox, config };
}

export const tokenFor = developmentTokens(JWT_SECRET);

/** A phone no other test uses, so duplicate detection never links two tests' complaints. */
export function uniquePhone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export function aComplaint(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'hotline',
    customer: {
      name: '张三',
      phone: uniquePhone(),
      email: `zs${randomUUID().slice(0, 6)}@example.com`,
    },
    subject: { type: 'product', productSku: `SKU-${randomUUID().slice(0, 8)}` },
    title: '酸奶有异物',
    description: '孩子打开的酸奶里有一只苍蝇，请联系我 13900001111',
    desiredRemedies: ['refund', 'apology'],
    ...overrides,
  };
}

export { FixedClock };
