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
import { CaseLibrary } from './application/case-library/case-library';
import { WorkOnFollowUp } from './application/follow-up-work/work-on-follow-up.usecase';
import { FollowUpHandling } from './application/followup-handling';
import { FollowUpRecords } from './application/followup-records';
import { FollowUpInbox } from './application/inbox/followup-inbox';
import { FollowUpQueries } from './application/queries/followup-queries';
import { FollowUpTimers } from './application/timers/followup-timers';
import {
  FOLLOWUP_CLOCK,
  FOLLOWUP_CONFIG,
  FOLLOWUP_EVENT_STORE,
  FOLLOWUP_PG_POOL,
  FOLLOWUP_POLICY,
} from './application/tokens';
import { buildPolicy, type FollowUpConfig } from './followup.config';
import { CaseLibraryController } from './http/case-library.controller';
import { FollowUpsController } from './http/follow-ups.controller';
import { FollowUpEventsController } from './messaging/followup-events.controller';
import { FollowUpMessaging, followUpMessagingProviders } from './messaging/followup-messaging';

export interface FollowUpModuleOptions {
  config: FollowUpConfig;
  /** Tests inject a clock they move; production uses the system clock. */
  clock?: Clock;
}

@Module({})
export class FollowUpModule {
  static forRoot({ config, clock = systemClock }: FollowUpModuleOptions): DynamicModule {
    return {
      module: FollowUpModule,
      imports: [
        LoggingModule.forRoot({ service: 'followup', level: config.LOG_LEVEL }),
        AuthModule.forRoot(authOptionsOf(config)),
        MetricsModule.forRoot({ service: 'followup' }),
        HealthModule.forRoot({
          indicators: serviceReadiness(FOLLOWUP_PG_POOL, FollowUpMessaging),
        }),
      ],
      controllers: [FollowUpsController, CaseLibraryController, FollowUpEventsController],
      providers: [
        { provide: FOLLOWUP_CONFIG, useValue: config },
        { provide: FOLLOWUP_CLOCK, useValue: clock },
        { provide: FOLLOWUP_POLICY, useValue: buildPolicy(config) },
        ...eventStoreProviders({
          schema: 'followup',
          poolToken: FOLLOWUP_PG_POOL,
          storeToken: FOLLOWUP_EVENT_STORE,
          databaseUrl: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          now: () => clock.now(),
          retention: retentionSettings(config),
          logger: new Logger('Database'),
        }),
        { provide: Timers, useValue: new Timers('followup') },
        FollowUpRecords,
        FollowUpHandling,
        FollowUpQueries,
        CaseLibrary,
        WorkOnFollowUp,
        FollowUpInbox,
        FollowUpTimers,
        ...followUpMessagingProviders,
        FollowUpMessaging,
      ],
    };
  }
}
