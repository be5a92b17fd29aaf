import type { DataSourceOptions } from 'typeorm';
import { runMigrations } from '@redress/platform';
import { AnalyticsSchema1765300000000 } from './migrations/1765300000000-analytics-schema';
import { RebuildJobs1765300100000 } from './migrations/1765300100000-rebuild-jobs';
import { Findings1765410000000 } from './migrations/1765410000000-findings';
import { RollupTimeZone1765600000000 } from './migrations/1765600000000-rollup-time-zone';

/** TypeORM options of analytics: migrations checked in, never `synchronize`. */
export function analyticsDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: 'analytics',
    migrations: [
      AnalyticsSchema1765300000000,
      RebuildJobs1765300100000,
      Findings1765410000000,
      RollupTimeZone1765600000000,
    ],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
  };
}

/** Runs analytics' pending migrations once, even when several replicas start together. */
export function migrate(url: string): Promise<string[]> {
  return runMigrations(analyticsDataSourceOptions(url), 'analytics');
}
