/**
 * What the five services do on Kafka, read from their code rather than restated: the topic each
 * owns, the topics it subscribes to, its consumer group, its port and the `service` label of its
 * metrics. The manifests are checked against this, so a subscription added in code without its
 * ACL (or an ACL left over after one is removed) fails the manifest tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@redress/contracts';
import { AnalyticsConfig } from '../../apps/analytics/src/analytics.config';
import { ANALYTICS_READS } from '../../apps/analytics/src/application/live-projection';
import { FollowUpConfig } from '../../apps/follow-up/src/followup.config';
import { SUBSCRIBED_TOPICS as FOLLOWUP_TOPICS } from '../../apps/follow-up/src/messaging/followup-messaging';
import { IntakeConfig } from '../../apps/intake/src/intake.config';
import { SUBSCRIBED_TOPICS as INTAKE_TOPICS } from '../../apps/intake/src/messaging/intake-messaging';
import { SUBSCRIBED_TOPICS as RESOLUTION_TOPICS } from '../../apps/resolution/src/messaging/resolution-messaging';
import { ResolutionConfig } from '../../apps/resolution/src/resolution.config';
import { SUBSCRIBED_TOPICS as TRIAGE_TOPICS } from '../../apps/triage/src/messaging/triage-messaging';
import { TriageConfig } from '../../apps/triage/src/triage.config';
import { REPO } from './render';

export interface ServiceFacts {
  /** Folder under apps/, name of its Deployment, Service and NetworkPolicy. */
  app: string;
  /** The one topic it publishes (CONTRACT.md "Services"). */
  ownTopic: string;
  subscribed: readonly string[];
  consumerGroup: string;
  port: number;
  /** KAFKA_CLIENT_ID, also the name of its KafkaUser. */
  clientId: string;
  /** The `service` label of its metrics (MetricsModule.forRoot in its module). */
  metricsService: string;
  /** Prefix of the consumer groups of a single use its replays join and delete, if it replays. */
  replayGroupPrefix?: string;
}

/** The groups of analytics' rebuild: TopicReplay names them `<name>.replay.<random>`. */
function rebuildReplayGroupPrefix(): string {
  const file = 'apps/analytics/src/application/rebuild/rebuild-projection.ts';
  const source = readFileSync(join(REPO, file), 'utf8');
  const match = /new TopicReplay[^(]*\(\s*this\.kafka,\s*\{\s*name:\s*'([^']+)'/.exec(source);
  if (!match) throw new Error(`${file}: no TopicReplay with a name`);
  return `${match[1] as string}.replay.`;
}

function metricsServiceOf(app: string, moduleFile: string): string {
  const source = readFileSync(join(REPO, 'apps', app, 'src', moduleFile), 'utf8');
  const match = /MetricsModule\.forRoot\(\{\s*service:\s*'([^']+)'/.exec(source);
  if (!match)
    throw new Error(`apps/${app}/src/${moduleFile}: no MetricsModule.forRoot({ service })`);
  return match[1] as string;
}

const intake = new IntakeConfig();
const triage = new TriageConfig();
const resolution = new ResolutionConfig();
const followUp = new FollowUpConfig();
const analytics = new AnalyticsConfig();

export const SERVICES: readonly ServiceFacts[] = [
  {
    app: 'intake',
    ownTopic: TOPICS.intake,
    subscribed: INTAKE_TOPICS,
    consumerGroup: intake.INTAKE_CONSUMER_GROUP,
    port: intake.PORT,
    clientId: intake.KAFKA_CLIENT_ID,
    metricsService: metricsServiceOf('intake', 'intake.module.ts'),
  },
  {
    app: 'triage',
    ownTopic: TOPICS.triage,
    subscribed: TRIAGE_TOPICS,
    consumerGroup: triage.TRIAGE_CONSUMER_GROUP,
    port: triage.PORT,
    clientId: triage.KAFKA_CLIENT_ID,
    metricsService: metricsServiceOf('triage', 'triage.module.ts'),
  },
  {
    app: 'resolution',
    ownTopic: TOPICS.resolution,
    subscribed: RESOLUTION_TOPICS,
    consumerGroup: resolution.RESOLUTION_CONSUMER_GROUP,
    port: resolution.PORT,
    clientId: resolution.KAFKA_CLIENT_ID,
    metricsService: metricsServiceOf('resolution', 'resolution.module.ts'),
  },
  {
    app: 'follow-up',
    ownTopic: TOPICS.followup,
    subscribed: FOLLOWUP_TOPICS,
    consumerGroup: followUp.FOLLOWUP_CONSUMER_GROUP,
    port: followUp.PORT,
    clientId: followUp.KAFKA_CLIENT_ID,
    metricsService: metricsServiceOf('follow-up', 'followup.module.ts'),
  },
  {
    app: 'analytics',
    ownTopic: TOPICS.analytics,
    subscribed: ANALYTICS_READS,
    consumerGroup: analytics.ANALYTICS_CONSUMER_GROUP,
    port: analytics.PORT,
    clientId: analytics.KAFKA_CLIENT_ID,
    metricsService: metricsServiceOf('analytics', 'analytics.module.ts'),
    replayGroupPrefix: rebuildReplayGroupPrefix(),
  },
];
