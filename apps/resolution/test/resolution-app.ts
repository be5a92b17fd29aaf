import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import type { Clock } from '@redress/business-time';
import { TOPICS, type CloudEvent, type ComplaintTriagedData } from '@redress/contracts';
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
import { SlaTimers } from '../src/application/timers/sla-timers';
import { ResolutionConfig } from '../src/resolution.config';
import { ResolutionModule } from '../src/resolution.module';
import { ResolutionMessaging, SUBSCRIBED_TOPICS } from '../src/messaging/resolution-messaging';
import { migrate } from '../src/persistence/data-source';

export const JWT_SECRET = randomBytes(32).toString('base64url');
export const tokenFor = developmentTokens(JWT_SECRET);

export interface RunningResolution {
  app: INestApplication;
  messaging: ResolutionMessaging;
  timers: SlaTimers;
  config: ResolutionConfig;
}

/** Boots the real resolution service (real Postgres, real Kafka) inside the test process. */
export async function startResolution(
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<RunningResolution> {
  await ensureTestInfra();
  const config = loadConfig(ResolutionConfig, {
    NODE_ENV: 'test',
    DATABASE_URL: serviceDbUrl('resolution'),
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    AUTH_JWT_SECRET: JWT_SECRET,
    LOG_LEVEL: 'warn',
    RESOLUTION_TIMER_POLL_MS: '200',
    ...options.env,
  });
  await migrate(config.DATABASE_URL);
  const app = await createServiceApp(
    ResolutionModule.forRoot({ config, ...(options.clock ? { clock: options.clock } : {}) }),
    { service: 'resolution', bodyLimit: config.HTTP_BODY_LIMIT },
  );
  await initServiceApp(app);
  const messaging = app.get(ResolutionMessaging);
  await messaging.consuming();
  return { app, messaging, timers: app.get(SlaTimers), config };
}

/**
 * Resolution under a consumer group of its own that reads only what is published from now on,
 * and a reader of resolution's topic from now on: the set-up of a test that publishes upstream
 * events.
 */
export async function startResolutionFromNow(
  clock: Clock,
  group: string,
): Promise<{ resolution: RunningResolution; reader: TopicReader }> {
  await ensureTestInfra();
  await createTopics([...SUBSCRIBED_TOPICS, TOPICS.resolution], { partitions: 3 });
  await startGroupAtEnd(group, [...SUBSCRIBED_TOPICS]);
  const reader = await TopicReader.start(TOPICS.resolution, { startAt: 'end' });
  const resolution = await startResolution({
    clock,
    env: { RESOLUTION_CONSUMER_GROUP: group },
  });
  return { resolution, reader };
}

/** An event of another service's stream, stamped with the time that service wrote it. */
export function upstream<T>(
  service: string,
  type: string,
  complaintId: string,
  data: T,
  time: string,
  streamversion = 1,
): CloudEvent<string, T> {
  const event = cloudEvent(`/redress/${service}`, type, complaintId, data, streamversion);
  event.time = time;
  return event;
}

/**
 * Triage's decision for a general product complaint of `quality`, registered at `registeredAt`:
 * resolve by `resolveBy`, approved by the project general manager.
 */
export function triaged(
  registeredAt: string,
  overrides: Partial<ComplaintTriagedData> = {},
): CloudEvent<string, ComplaintTriagedData> {
  const complaintId = overrides.complaintId ?? randomUUID();
  const data: ComplaintTriagedData = {
    complaintId,
    type: 'product',
    category: 'quality',
    severity: 'general',
    escalationClass: 'general',
    department: 'quality',
    customerTier: 'unknown',
    deadlines: { resolveBy: new Date(Date.parse(registeredAt) + 3 * 86_400_000).toISOString() },
    rulesFired: [{ rule: 'sla:general', reason: 'resolve within 24 working hours' }],
    policyVersion: 1,
    confidence: 0.8,
    needsReview: false,
    notify: ['project-general-manager'],
    approver: 'project-general-manager',
    reportToHeadquarters: false,
    registeredAt,
    triagedAt: registeredAt,
    ...overrides,
  };
  return upstream('triage', 'ComplaintTriaged', complaintId, data, registeredAt);
}

/**
 * Every case of a queue the token sees, page after page (cursor paging): the test database keeps
 * earlier runs' cases, and the queue lists the nearest deadlines first.
 */
export async function wholeQueue(
  http: { get(url: string): request.Test },
  query: string,
  token: string,
): Promise<Array<{ complaintId: string } & Record<string, unknown>>> {
  const items: Array<{ complaintId: string } & Record<string, unknown>> = [];
  let cursor: string | undefined;
  do {
    const page = await http
      .get(cursor === undefined ? query : `${query}&cursor=${encodeURIComponent(cursor)}`)
      .auth(token, { type: 'bearer' });
    if (page.status !== 200) throw new Error(`${query} answered ${page.status}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor !== undefined);
  return items;
}
