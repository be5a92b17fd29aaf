import type { DataSourceOptions } from 'typeorm';
import { runMigrations } from '@redress/platform';
import { ResolutionSchema1765000000000 } from './migrations/1765000000000-resolution-schema';
import { ImportedComplaints1765510000001 } from './migrations/1765510000001-imported-complaints';

/** TypeORM options of resolution: migrations checked in, never `synchronize`. */
export function resolutionDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: 'resolution',
    migrations: [ResolutionSchema1765000000000, ImportedComplaints1765510000001],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
  };
}

/** Runs resolution's pending migrations once, even when several replicas start together. */
export function migrate(url: string): Promise<string[]> {
  return runMigrations(resolutionDataSourceOptions(url), 'resolution');
}
