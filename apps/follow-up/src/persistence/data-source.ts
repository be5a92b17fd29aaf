import type { DataSourceOptions } from 'typeorm';
import { runMigrations } from '@redress/platform';
import { FollowUpSchema1765200000000 } from './migrations/1765200000000-followup-schema';

/** TypeORM options of follow-up: migrations checked in, never `synchronize`. */
export function followupDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: 'followup',
    migrations: [FollowUpSchema1765200000000],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
  };
}

/** Runs follow-up's pending migrations once, even when several replicas start together. */
export function migrate(url: string): Promise<string[]> {
  return runMigrations(followupDataSourceOptions(url), 'followup');
}
