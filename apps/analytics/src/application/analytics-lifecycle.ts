import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { ProjectionVersions } from './projection-versions';
import { ANALYTICS_PG_POOL } from './tokens';

/** Makes sure a live projection version and BI's views exist before serving; closes the pool. */
@Injectable()
export class AnalyticsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    private readonly versions: ProjectionVersions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.versions.ensureLive();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
