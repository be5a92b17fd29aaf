import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainError } from '@redress/contracts';
import { TopicReplay, type KafkaClient } from '@redress/messaging';
import type { ProjectedEvent } from '../../domain/complaint-projection';
import {
  ANALYTICS_READS,
  LiveProjection,
  applyBatch,
  storedOffset,
  toProjected,
} from '../live-projection';
import { ProjectionVersions } from '../projection-versions';
import { ANALYTICS_KAFKA, ANALYTICS_PG_POOL } from '../tokens';

export class RebuildRunning extends DomainError {
  readonly kind = 'invalid_state';
  constructor(jobId: string) {
    super(`a rebuild is already running (job ${jobId})`, { currentStatus: 'rebuilding', jobId });
  }
}

export class RebuildJobNotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(jobId: string) {
    super(`there is no rebuild job ${jobId}`);
  }
}

export interface RebuildJob {
  jobId: string;
  version: number;
  state: 'replaying' | 'switching' | 'done' | 'failed';
  requestedBy: string;
  startedAt: string;
  finishedAt?: string;
  read: number;
  total: number;
  error?: string;
}

const CAUGHT_UP_TIMEOUT_MS = 6 * 3_600_000;

/**
 * Rebuild by replay (ARCHITECTURE.md "Read side", issue 13 item 5): every topic is read from
 * offset 0 into a new projection version while live consumption goes on; once the replay has
 * caught up, live consumption stops, the replay catches up with what arrived meanwhile, BI's
 * views move to the new version in one transaction, and live consumption resumes on it from the
 * offsets the replay stored. BI never sees an empty or half-built projection. Replicas whose live
 * consumer still writes the old version find it retired and move to the new one by themselves.
 */
@Injectable()
export class RebuildProjection implements BeforeApplicationShutdown {
  private readonly logger = new Logger('RebuildProjection');
  private running: { replay: TopicReplay<ProjectedEvent | null>; done: Promise<void> } | undefined;

  constructor(
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    @Inject(ANALYTICS_KAFKA) private readonly kafka: KafkaClient,
    private readonly versions: ProjectionVersions,
    private readonly live: LiveProjection,
  ) {}

  /** Starts a rebuild; 409 while another runs. Resolves with the job as it starts. */
  async start(requestedBy: string): Promise<RebuildJob> {
    const { rows: running } = await this.pool.query<{ job_id: string }>(
      `SELECT job_id FROM analytics.rebuild_jobs WHERE state IN ('replaying', 'switching')`,
    );
    if (running[0]) throw new RebuildRunning(running[0].job_id);
    const version = await this.versions.startBuilding();
    const jobId = randomUUID();
    try {
      await this.pool.query(
        `INSERT INTO analytics.rebuild_jobs (job_id, version, state, requested_by, started_at)
         VALUES ($1, $2, 'replaying', $3, now())`,
        [jobId, version, requestedBy],
      );
    } catch (error) {
      await this.versions.fail(version);
      throw error;
    }
    const replay = new TopicReplay<ProjectedEvent | null>(this.kafka, {
      name: 'analytics.rebuild',
      topics: ANALYTICS_READS,
      follow: true,
      parse: (envelope) => toProjected(envelope),
      startOffsets: (topic, partition) => storedOffset(this.pool, version, topic, partition),
      handleBatch: (batch) => applyBatch(this.pool, version, 'building', batch),
      onProgress: (progress) => {
        this.progress = progress;
      },
    });
    this.running = { replay, done: this.run(jobId, version, replay) };
    return this.job(jobId);
  }

  private progress: { read: number; total: number } = { read: 0, total: 0 };

  private async run(
    jobId: string,
    version: number,
    replay: TopicReplay<ProjectedEvent | null>,
  ): Promise<void> {
    const reporter = setInterval(() => void this.report(jobId), 1_000);
    let resumed = false;
    try {
      await replay.start();
      await replay.caughtUp({ timeoutMs: CAUGHT_UP_TIMEOUT_MS });
      // The version's tables into the WAL while live consumption still goes on (the replay's
      // batches wait meanwhile); what the replay applies after this is logged as it goes.
      await this.versions.makeDurable(version);
      await this.setState(jobId, 'switching');
      // Nothing writes the live version from here on this replica; the replay takes in what was
      // written meanwhile, then the views move.
      await this.live.stop();
      await replay.caughtUp({ timeoutMs: CAUGHT_UP_TIMEOUT_MS });
      await this.versions.switchTo(version);
      await replay.stop();
      // Live consumption resumes on the new version before the job says it is done.
      resumed = true;
      await this.live.restart();
      await this.report(jobId);
      await this.setState(jobId, 'done');
      this.logger.log(`projection version ${version} is live`);
    } catch (error) {
      this.logger.error(`rebuild ${jobId} failed: ${String(error)}`);
      await replay.stop().catch(() => undefined);
      await this.versions.fail(version).catch(() => undefined);
      await this.pool
        .query(
          `UPDATE analytics.rebuild_jobs SET state = 'failed', finished_at = now(), error = $2
            WHERE job_id = $1`,
          [jobId, error instanceof Error ? error.message : String(error)],
        )
        .catch(() => undefined);
    } finally {
      clearInterval(reporter);
      this.running = undefined;
      // After a failure, live consumption resumes on whichever version is live now.
      if (!resumed) {
        await this.live.restart().catch((error: unknown) => {
          this.logger.error(`live consumption did not resume: ${String(error)}`);
        });
      }
    }
  }

  /** Resolves once the rebuild this replica runs has ended (tests, shutdown). */
  async finished(): Promise<void> {
    await this.running?.done;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.replay.stop().catch(() => undefined);
    await this.running?.done;
  }

  async job(jobId: string): Promise<RebuildJob> {
    const { rows } = await this.pool.query<{
      job_id: string;
      version: number;
      state: RebuildJob['state'];
      requested_by: string;
      started_at: Date;
      finished_at: Date | null;
      read: string;
      total: string;
      error: string | null;
    }>(`SELECT * FROM analytics.rebuild_jobs WHERE job_id = $1`, [jobId]);
    const row = rows[0];
    if (!row) throw new RebuildJobNotFound(jobId);
    return {
      jobId: row.job_id,
      version: row.version,
      state: row.state,
      requestedBy: row.requested_by,
      startedAt: row.started_at.toISOString(),
      ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
      read: Number(row.read),
      total: Number(row.total),
      ...(row.error !== null ? { error: row.error } : {}),
    };
  }

  private async report(jobId: string): Promise<void> {
    await this.pool
      .query(`UPDATE analytics.rebuild_jobs SET read = $2, total = $3 WHERE job_id = $1`, [
        jobId,
        this.progress.read,
        this.progress.total,
      ])
      .catch(() => undefined);
  }

  private async setState(jobId: string, state: RebuildJob['state']): Promise<void> {
    await this.pool.query(
      `UPDATE analytics.rebuild_jobs SET state = $2${state === 'done' ? ', finished_at = now()' : ''}
        WHERE job_id = $1`,
      [jobId, state],
    );
  }
}
