import type { DataSourceOptions } from 'typeorm';
/** TypeORM options of triage: migrations checked in, never `synchronize`. */
export declare function triageDataSourceOptions(url: string): DataSourceOptions;
/** Runs triage's pending migrations once, even when several replicas start together. */
export declare function migrate(url: string): Promise<string[]>;
