import type { DataSourceOptions } from 'typeorm';
import { runMigrations } from '@redress/platform';
import { ComplaintRecord } from './complaint.entity';
import { IntakeSchema1763870400000 } from './migrations/1763870400000-intake-schema';
import { RegistrationThroughput1764100000000 } from './migrations/1764100000000-registration-throughput';
import { RetentionIndexes1764300000000 } from './migrations/1764300000000-retention-indexes';
import { OutboxQuarantine1764500000000 } from './migrations/1764500000000-outbox-quarantine';
import { PersonalDataKeys1764850000000 } from './migrations/1764850000000-personal-data-keys';
import { DepartmentScopeAndAccessCodes1764900000000 } from './migrations/1764900000000-department-scope-and-access-codes';
import { PublicProgress1765100000000 } from './migrations/1765100000000-public-progress';
import { ComplaintImports1765500000000 } from './migrations/1765500000000-complaint-imports';
import { Lz4Compression1765600000000 } from './migrations/1765600000000-lz4-compression';
import { ComplaintProgressRecord } from './complaint-progress.entity';
import { ComplaintRouteRecord } from './complaint-route.entity';

/** TypeORM options of intake: read tables only, migrations checked in, never `synchronize`. */
export function intakeDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: 'intake',
    entities: [ComplaintRecord, ComplaintRouteRecord, ComplaintProgressRecord],
    migrations: [
      IntakeSchema1763870400000,
      RegistrationThroughput1764100000000,
      RetentionIndexes1764300000000,
      OutboxQuarantine1764500000000,
      PersonalDataKeys1764850000000,
      DepartmentScopeAndAccessCodes1764900000000,
      PublicProgress1765100000000,
      ComplaintImports1765500000000,
      Lz4Compression1765600000000,
    ],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // As the event store's pool (createDatabasePool): bounded waits for a connection while the
    // server is out of reach; TypeORM itself logs a broken idle connection instead of crashing.
    extra: { max: 5, connectionTimeoutMillis: 5_000, keepAlive: true },
  };
}

/** Runs intake's pending migrations once, even when several replicas start together. */
export function migrate(url: string): Promise<string[]> {
  return runMigrations(intakeDataSourceOptions(url), 'intake');
}
