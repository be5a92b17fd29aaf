import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { Pool } from 'pg';
import { createDatabasePool, EventStore } from '@redress/event-store';
import {
  checkKafka,
  createKafka,
  kafkaSecurityOptions,
  parseBrokers,
  type KafkaClient,
} from '@redress/messaging';
import {
  AuthModule,
  authOptionsOf,
  HealthModule,
  LoggingModule,
  MetricsModule,
} from '@redress/platform';
import { AnalyticsLifecycle } from './application/analytics-lifecycle';
import { ProjectionVersions } from './application/projection-versions';
import { AnalyticsQueries } from './application/queries/analytics-queries';
import { LiveProjection } from './application/live-projection';
import { RebuildProjection } from './application/rebuild/rebuild-projection';
import { Backtest } from './application/findings/backtest';
import { FindingsOutbox } from './application/findings/findings-outbox';
import { FindingsQueries } from './application/findings/findings-queries';
import { FindingsWorker } from './application/findings/findings-worker';
import {
  ANALYTICS_CONFIG,
  ANALYTICS_EVENT_STORE,
  ANALYTICS_KAFKA,
  ANALYTICS_PG_POOL,
  ANALYTICS_POLICY,
} from './application/tokens';
import { buildAnalyticsPolicy, type AnalyticsConfig } from './analytics.config';
import { AnalyticsController } from './http/analytics.controller';

export interface AnalyticsModuleOptions {
  config: AnalyticsConfig;
}

/**
 * The analytics service: live consumption of the five topics into the projection
 * (`LiveProjection`), BI's views over it, the detectors closing daily windows as event time
 * passes them and publishing their findings (`FindingsWorker`, `FindingsOutbox`), and the
 * Analytics API.
 */
@Module({})
export class AnalyticsModule {
  static forRoot({ config }: AnalyticsModuleOptions): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [
        LoggingModule.forRoot({ service: 'analytics', level: config.LOG_LEVEL }),
        AuthModule.forRoot(authOptionsOf(config)),
        MetricsModule.forRoot({ service: 'analytics' }),
        HealthModule.forRoot({
          indicators: [
            {
              name: 'database',
              inject: [ANALYTICS_PG_POOL],
              check: (pool: Pool) => pool.query('SELECT 1'),
            },
            {
              name: 'kafka',
              inject: [ANALYTICS_KAFKA],
              check: (kafka: KafkaClient) => checkKafka(kafka),
            },
          ],
        }),
      ],
      controllers: [AnalyticsController],
      providers: [
        { provide: ANALYTICS_CONFIG, useValue: config },
        {
          provide: ANALYTICS_PG_POOL,
          useFactory: () =>
            createDatabasePool({
              connectionString: config.DATABASE_URL,
              max: config.DATABASE_POOL_SIZE,
              logger: new Logger('Database'),
            }),
        },
        { provide: ANALYTICS_POLICY, useValue: buildAnalyticsPolicy(config) },
        {
          provide: ANALYTICS_EVENT_STORE,
          inject: [ANALYTICS_PG_POOL],
          useFactory: (pool: Pool) => new EventStore(pool, 'analytics'),
        },
        {
          provide: ProjectionVersions,
          inject: [ANALYTICS_PG_POOL],
          useFactory: (pool: Pool) => new ProjectionVersions(pool, config.ANALYTICS_TIME_ZONE),
        },
        {
          provide: ANALYTICS_KAFKA,
          useFactory: (): KafkaClient =>
            createKafka({
              brokers: parseBrokers(config.KAFKA_BROKERS),
              clientId: config.KAFKA_CLIENT_ID,
              topicPrefix: config.KAFKA_TOPIC_PREFIX,
              ...kafkaSecurityOptions(config),
            }),
        },
        AnalyticsQueries,
        FindingsQueries,
        FindingsOutbox,
        Backtest,
        FindingsWorker,
        AnalyticsLifecycle,
        LiveProjection,
        RebuildProjection,
      ],
    };
  }
}
