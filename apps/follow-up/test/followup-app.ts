import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import { TOPICS, type CloudEvent, type ComplaintResolvedData } from '@redress/contracts';
import { createServiceApp, developmentTokens, initServiceApp, loadConfig } from '@redress/platform';
import {
  TopicReader,
  cloudEvent,
  createTopics,
  ensureTestInfra,
  serviceDbUrl,
  startGroupAtEnd,
  testConfig,
} from '@redress/testing';
import { FollowUpTimers } from '../src/application/timers/followup-timers';
import { FollowUpConfig } from '../src/followup.config';
import { FollowUpModule } from '../src/followup.module';
import { FollowUpMessaging, SUBSCRIBED_TOPICS } from '../src/messaging/followup-messaging';
import { migrate } from '../src/persistence/data-source';

export const JWT_SECRET = randomBytes(32).toString('base64url');
export const tokenFor = developmentTokens(JWT_SECRET);

export interface RunningFollowUp {
  app: INestApplication;
  messaging: FollowUpMessaging;
  timers: FollowUpTimers;
}

/** Boots the real follow-up service (real Postgres, real Kafka) inside the test process. */
export async function startFollowUp(
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<RunningFollowUp> {
  await ensureTestInfra();
  const config = loadConfig(FollowUpConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('followup'),
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    AUTH_JWT_SECRET: JWT_SECRET,
    LOG_LEVEL: 'warn',
    FOLLOWUP_TIMER_POLL_MS: '200',
    ...options.env,
  });
  await migrate(config.DATABASE_URL);
  const app = await createServiceApp(
    FollowUpModule.forRoot({ config, ...(options.clock ? { clock: options.clock } : {}) }),
    { service: 'followup', bodyLimit: config.HTTP_BODY_LIMIT },
  );
  await initServiceApp(app);
  const messaging = app.get(FollowUpMessaging);
  await messaging.consuming();
  return { app, messaging, timers: app.get(FollowUpTimers) };
}

/** Follow-up under a group of its own reading from now on, and a reader of its topic. */
export async function startFollowUpFromNow(
  clock: Clock,
  group: string,
): Promise<{ followUp: RunningFollowUp; reader: TopicReader }> {
  await ensureTestInfra();
  await createTopics([...SUBSCRIBED_TOPICS, TOPICS.followup], { partitions: 3 });
  await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
  const reader = await TopicReader.start(TOPICS.followup, { startAt: 'end' });
  const followUp = await startFollowUp({ clock, env: { FOLLOWUP_CONSUMER_GROUP: group } });
  return { followUp, reader };
}

/** Resolution's `ComplaintResolved` for a general quality complaint, as resolution writes it. */
export function resolvedEvent(
  resolvedAt: string,
  overrides: Partial<ComplaintResolvedData> = {},
): CloudEvent<string, ComplaintResolvedData> {
  const complaintId = overrides.complaintId ?? randomUUID();
  const data: ComplaintResolvedData = {
    complaintId,
    resolvedAt,
    round: 1,
    resolvedBy: 'agent-li',
    summary: 'Refunded in full',
    remedy: { remedyId: randomUUID(), option: { optionId: 'refund', kind: 'refund', tier: 1 } },
    department: 'quality',
    severity: 'general',
    escalationClass: 'general',
    category: 'quality',
    ...overrides,
  };
  const event = cloudEvent('/redress/resolution', 'ComplaintResolved', complaintId, data, 10);
  event.time = resolvedAt;
  return event;
}
