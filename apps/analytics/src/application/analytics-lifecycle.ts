import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { FindingsOutbox } from './findings/findings-outbox';
import { FindingsWorker } from './findings/findings-worker';
import { ProjectionVersions } from './projection-versions';
import { ANALYTICS_PG_POOL } from './tokens';

/**
 * Makes sure a live projection version and BI's views exist before serving; at shutdown stops
 * the detectors, lets the outbox publish what they committed, then closes the pool.
 */
@Injectable()
export class AnalyticsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    private readonly versions: ProjectionVersions,
    private readonly findings: FindingsWorker,
    private readonly outbox: FindingsOutbox,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.versions.ensureLive();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.findings.stop();
    await this.outbox.stop();
    await this.pool.end();
  }
}
