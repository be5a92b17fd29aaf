import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { systemClock, type Clock } from '@redress/business-time';
import { eventStoreProviders } from '@redress/event-store';
import {
  AuthModule,
  authOptionsOf,
  HealthModule,
  LoggingModule,
  MetricsModule,
  retentionSettings,
  serviceReadiness,
} from '@redress/platform';
import { Timers } from '@redress/timers';
import { CaseHandling } from './application/case-handling';
import { CaseRecords } from './application/case-records';
import { WorkOnCase } from './application/case-work/work-on-case.usecase';
import { ResolutionInbox } from './application/inbox/resolution-inbox';
import { CaseQueries } from './application/queries/case-queries';
import { SlaTimers } from './application/timers/sla-timers';
import {
  RESOLUTION_CLOCK,
  RESOLUTION_CONFIG,
  RESOLUTION_EVENT_STORE,
  RESOLUTION_PG_POOL,
  RESOLUTION_POLICY,
} from './application/tokens';
import { CasesController } from './http/cases.controller';
import { ResolutionEventsController } from './messaging/resolution-events.controller';
import {
  ResolutionMessaging,
  resolutionMessagingProviders,
} from './messaging/resolution-messaging';
import { buildPolicy, type ResolutionConfig } from './resolution.config';

export interface ResolutionModuleOptions {
  config: ResolutionConfig;
  /** Tests inject a clock they move; production uses the system clock. */
  clock?: Clock;
}

@Module({})
export class ResolutionModule {
  static forRoot({ config, clock = systemClock }: ResolutionModuleOptions): DynamicModule {
    return {
      module: ResolutionModule,
      imports: [
        LoggingModule.forRoot({ service: 'resolution', level: config.LOG_LEVEL }),
        AuthModule.forRoot(authOptionsOf(config)),
        MetricsModule.forRoot({ service: 'resolution' }),
        HealthModule.forRoot({
          indicators: serviceReadiness(RESOLUTION_PG_POOL, ResolutionMessaging),
        }),
      ],
      controllers: [CasesController, ResolutionEventsController],
      providers: [
        { provide: RESOLUTION_CONFIG, useValue: config },
        { provide: RESOLUTION_CLOCK, useValue: clock },
        { provide: RESOLUTION_POLICY, useValue: buildPolicy(config) },
        ...eventStoreProviders({
          schema: 'resolution',
          poolToken: RESOLUTION_PG_POOL,
          storeToken: RESOLUTION_EVENT_STORE,
          databaseUrl: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          now: () => clock.now(),
          retention: retentionSettings(config),
          logger: new Logger('Database'),
        }),
        // SLA and supervision timers live in resolution.timers, written with the case's events.
        { provide: Timers, useValue: new Timers('resolution') },
        CaseRecords,
        CaseHandling,
        CaseQueries,
        WorkOnCase,
        ResolutionInbox,
        SlaTimers,
        ...resolutionMessagingProviders,
        ResolutionMessaging,
      ],
    };
  }
}
