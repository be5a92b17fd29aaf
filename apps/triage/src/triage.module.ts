import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { systemClock, type Clock } from '@redress/business-time';
import { eventStoreProviders } from '@redress/event-store';
import { Timers } from '@redress/timers';
import {
  AuthModule,
  authOptionsOf,
  HealthModule,
  LoggingModule,
  MetricsModule,
  retentionSettings,
  serviceReadiness,
} from '@redress/platform';
import { ComplaintTriage } from './application/complaint-triage';
import { TriageInbox } from './application/inbox/triage-inbox';
import { ChangePolicy } from './application/policy/change-policy.usecase';
import { PolicyStore } from './application/policy/policy-store';
import { TriageQueries } from './application/queries/triage-queries';
import { ReclassifyComplaint } from './application/reclassify/reclassify-complaint.usecase';
import { EscalationTimers } from './application/timers/escalation-timers';
import { HotTopicSweeps } from './application/hot-topics/hot-topic-sweeps';
import { HotTopics } from './application/hot-topics/hot-topics';
import {
  TRIAGE_CLOCK,
  TRIAGE_CONFIG,
  TRIAGE_EVENT_STORE,
  TRIAGE_PG_POOL,
} from './application/tokens';
import { TriageRecords } from './application/triage-records';
import { TriageWarmUp } from './application/warm-up';
import { TriageController } from './http/triage.controller';
import { TriageEventsController } from './messaging/triage-events.controller';
import { TriageMessaging, triageMessagingProviders } from './messaging/triage-messaging';
import type { TriageConfig } from './triage.config';

export interface TriageModuleOptions {
  config: TriageConfig;
  /** Tests inject a clock they move; production uses the system clock. */
  clock?: Clock;
}

@Module({})
export class TriageModule {
  static forRoot({ config, clock = systemClock }: TriageModuleOptions): DynamicModule {
    return {
      module: TriageModule,
      imports: [
        LoggingModule.forRoot({ service: 'triage', level: config.LOG_LEVEL }),
        AuthModule.forRoot(authOptionsOf(config)),
        MetricsModule.forRoot({ service: 'triage' }),
        HealthModule.forRoot({
          indicators: serviceReadiness(TRIAGE_PG_POOL, TriageMessaging),
        }),
      ],
      controllers: [TriageController, TriageEventsController],
      providers: [
        { provide: TRIAGE_CONFIG, useValue: config },
        { provide: TRIAGE_CLOCK, useValue: clock },
        ...eventStoreProviders({
          schema: 'triage',
          poolToken: TRIAGE_PG_POOL,
          storeToken: TRIAGE_EVENT_STORE,
          databaseUrl: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          now: () => clock.now(),
          retention: retentionSettings(config),
          logger: new Logger('Database'),
        }),
        // Escalation timers live in triage.timers, written in the decision's transaction.
        { provide: Timers, useValue: new Timers('triage') },
        PolicyStore,
        TriageRecords,
        ComplaintTriage,
        TriageInbox,
        HotTopicSweeps,
        HotTopics,
        EscalationTimers,
        TriageQueries,
        ReclassifyComplaint,
        ChangePolicy,
        TriageWarmUp,
        ...triageMessagingProviders,
        TriageMessaging,
      ],
    };
  }
}
