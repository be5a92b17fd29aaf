import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AroundTheClock, systemClock, type Clock, type WorkClock } from '@redress/business-time';
import { EventStore, eventStoreProviders, GroupCommit } from '@redress/event-store';
import {
  AuthModule,
  authOptionsOf,
  HealthModule,
  LoggingModule,
  MetricsModule,
  retentionSettings,
  serviceReadiness,
} from '@redress/platform';
import { getOptionsToken, getStorageToken } from '@nestjs/throttler';
import { AccessCodes, deriveKey } from './application/access-codes/access-codes';
import { LegacyAccessCodes } from './application/access-codes/legacy-access-codes';
import { AmendComplaint } from './application/amend-complaint/amend-complaint.usecase';
import { ComplaintProgressRecords } from './application/complaint-progress';
import { ComplaintRoutes } from './application/complaint-routes';
import { RecordProgress } from './application/record-progress/record-progress.usecase';
import { RecordRouting } from './application/record-routing/record-routing.usecase';
import { ComplaintStream } from './application/complaint-stream';
import { EraseCustomer } from './application/erase-customer/erase-customer.usecase';
import { IdempotentCommands } from './application/idempotent-commands';
import { IntakeSettings } from './application/intake-settings';
import { PersonalDataVault } from './application/personal-data/personal-data.vault';
import { ComplaintAccess } from './application/query-complaints/complaint-access';
import { GetComplaint } from './application/query-complaints/get-complaint.usecase';
import { ListComplaints } from './application/query-complaints/list-complaints.usecase';
import { GetPublicStatus } from './application/query-complaints/public-status.usecase';
import { RegisterComplaint } from './application/register-complaint/register-complaint.usecase';
import { RotateDataKeys } from './application/rotate-data-keys/rotate-data-keys.usecase';
import {
  INTAKE_CALENDAR,
  INTAKE_CLOCK,
  INTAKE_CONFIG,
  INTAKE_EVENT_STORE,
  INTAKE_GROUP_COMMIT,
  INTAKE_PG_POOL,
} from './application/tokens';
import { WithdrawComplaint } from './application/withdraw-complaint/withdraw-complaint.usecase';
import { ComplaintsController } from './http/complaints.controller';
import { ImportsController } from './http/imports.controller';
import { ImportComplaints } from './application/import-complaints/import-complaints.usecase';
import { CustomersController } from './http/customers.controller';
import { DataKeysController } from './http/data-keys.controller';
import { PublicStatusController } from './http/public-status.controller';
import { RATE_LIMIT_KEY, statusThrottlerOptions } from './http/public-status.throttle';
import { buildCalendar, buildSettings, type IntakeConfig } from './intake.config';
import { IntakeEventsController } from './messaging/intake-events.controller';
import { intakeMessagingProviders } from './messaging/intake-messaging';
import { IntakeOutbox } from './messaging/intake-outbox';
import { PostgresRateLimitStore } from './persistence/rate-limit.store';
import { ComplaintProgressRecord } from './persistence/complaint-progress.entity';
import { ComplaintRecord } from './persistence/complaint.entity';
import { intakeDataSourceOptions } from './persistence/data-source';

export interface IntakeModuleOptions {
  config: IntakeConfig;
  /** Tests inject a fixed clock; production uses the system clock. */
  clock?: Clock;
  calendar?: WorkClock;
}

@Module({})
export class IntakeModule {
  static forRoot({ config, clock = systemClock, calendar }: IntakeModuleOptions): DynamicModule {
    const settings = buildSettings(config);
    const workClock = calendar ?? buildCalendar(config) ?? new AroundTheClock();
    return {
      module: IntakeModule,
      imports: [
        LoggingModule.forRoot({ service: 'intake', level: config.LOG_LEVEL }),
        AuthModule.forRoot(authOptionsOf(config)),
        MetricsModule.forRoot({ service: 'intake' }),
        TypeOrmModule.forRoot(intakeDataSourceOptions(config.DATABASE_URL)),
        TypeOrmModule.forFeature([ComplaintRecord, ComplaintProgressRecord]),
        HealthModule.forRoot({
          indicators: serviceReadiness(INTAKE_PG_POOL, IntakeOutbox),
        }),
      ],
      controllers: [
        ComplaintsController,
        PublicStatusController,
        CustomersController,
        DataKeysController,
        ImportsController,
        IntakeEventsController,
      ],
      providers: [
        { provide: INTAKE_CONFIG, useValue: config },
        { provide: IntakeSettings, useValue: settings },
        { provide: INTAKE_CLOCK, useValue: clock },
        { provide: INTAKE_CALENDAR, useValue: workClock },
        ...eventStoreProviders({
          schema: 'intake',
          poolToken: INTAKE_PG_POOL,
          storeToken: INTAKE_EVENT_STORE,
          databaseUrl: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          now: () => clock.now(),
          retention: retentionSettings(config),
          logger: new Logger('Database'),
        }),
        {
          provide: INTAKE_GROUP_COMMIT,
          useFactory: (store: EventStore) => new GroupCommit(store, settings.groupCommit),
          inject: [INTAKE_EVENT_STORE],
        },
        {
          provide: PersonalDataVault,
          useValue: new PersonalDataVault(settings.masterKeys, settings.customerRefKey),
        },
        { provide: AccessCodes, useValue: new AccessCodes(settings.accessCodeKey) },
        LegacyAccessCodes,
        // The public status page's rate limits (@nestjs/throttler, counted in Postgres).
        { provide: getOptionsToken(), useValue: statusThrottlerOptions(settings.statusLimits) },
        PostgresRateLimitStore,
        { provide: getStorageToken(), useExisting: PostgresRateLimitStore },
        {
          provide: RATE_LIMIT_KEY,
          useValue: deriveKey(settings.accessCodeKey, 'redress intake rate limit keys'),
        },
        ComplaintStream,
        ComplaintRoutes,
        RecordRouting,
        ComplaintProgressRecords,
        RecordProgress,
        IdempotentCommands,
        ComplaintAccess,
        RegisterComplaint,
        AmendComplaint,
        WithdrawComplaint,
        GetComplaint,
        ListComplaints,
        GetPublicStatus,
        EraseCustomer,
        RotateDataKeys,
        ImportComplaints,
        ...intakeMessagingProviders,
        IntakeOutbox,
      ],
    };
  }
}
