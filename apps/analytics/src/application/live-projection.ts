import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Pool } from 'pg';
import {
  EventRegistry,
  FOLLOWUP_EVENTS,
  INTAKE_EVENTS,
  LIFECYCLE_EVENTS,
  RESOLUTION_EVENTS,
  TOPICS,
  TRIAGE_EVENTS,
  type CloudEvent,
} from '@redress/contracts';
import {
  BatchEventConsumer,
  ensureTopics,
  type EventBatch,
  type KafkaClient,
} from '@redress/messaging';
import type { AnalyticsConfig } from '../analytics.config';
import type { ProjectedEvent } from '../domain/complaint-projection';
import { projectionTables } from '../persistence/projection-schema';
import { applyToProjection } from './projection-writer';
import { inTransaction } from './transaction';
import { ProjectionVersions } from './projection-versions';
import { ANALYTICS_CONFIG, ANALYTICS_KAFKA, ANALYTICS_PG_POOL } from './tokens';

/** Every topic of the platform: analytics reads them all (ARCHITECTURE.md "Read side"). */
export const ANALYTICS_READS = [
  TOPICS.intake,
  TOPICS.triage,
  TOPICS.resolution,
  TOPICS.followup,
  TOPICS.analytics,
] as const;

const definitions = [
  ...new Map(
    [
      ...INTAKE_EVENTS,
      ...TRIAGE_EVENTS,
      ...RESOLUTION_EVENTS,
      ...FOLLOWUP_EVENTS,
      ...LIFECYCLE_EVENTS,
    ].map((d) => [d.type, d]),
  ).values(),
];
/** Every event of the contract, upcast and validated; types analytics does not know: ignored. */
export const platformEvents = new EventRegistry(definitions);

/** An event of the bus as the projection reads it, or null for a type it does not know. */
export function toProjected(envelope: CloudEvent): ProjectedEvent | null {
  const event = platformEvents.parse(envelope);
  if (!event) return null;
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    time: event.time,
    streamVersion: event.streamversion,
    data: event.data as Record<string, unknown>,
  };
}

/** The version a consumer writes is no longer in the state it writes it in (a switch happened). */
export class VersionNotWritable extends Error {
  constructor(version: number, state: string) {
    super(`projection version ${version} is no longer ${state}`);
  }
}

/** A batch that does not start where the projection's stored offset is would apply twice. */
export class OffsetMismatch extends Error {
  constructor(topic: string, partition: number, stored: string, first: string) {
    super(`${topic}/${partition}: the projection is at ${stored}, the batch starts at ${first}`);
  }
}

/**
 * Live consumption: one consumer group over every topic, in batches of one partition, each
 * applied to the live projection version in one transaction with the partition's next offset
 * (`applyToProjection`). The consumer starts every partition where the projection's own offsets
 * say (transactional offsets), so no record is applied twice or lost whatever the crash point.
 */
@Injectable()
export class LiveProjection implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveProjection');
  private consumer: BatchEventConsumer<ProjectedEvent | null> | undefined;
  private version: number | undefined;
  /** Set once the application shuts down: nothing starts consuming again after that. */
  private closing = false;

  constructor(
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    @Inject(ANALYTICS_KAFKA) private readonly kafka: KafkaClient,
    private readonly versions: ProjectionVersions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  /**
   * Starts consuming into the live version, from that version's stored offsets. Does nothing
   * once shutdown has begun: a rebuild ending during shutdown must not leave a consumer running
   * on a closed database pool.
   */
  async start(): Promise<void> {
    if (this.closing) return;
    this.version = await this.versions.required();
    await ensureTopics(
      this.kafka,
      ANALYTICS_READS.map((topic) => ({
        topic,
        partitions: this.config.KAFKA_PARTITIONS,
        replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
      })),
    ).catch((error: unknown) => {
      // Kafka down at start: the consumer keeps trying; readiness reports it meanwhile.
      this.logger.warn(`could not make sure the topics exist: ${String(error)}`);
    });
    const version = this.version;
    this.consumer = new BatchEventConsumer<ProjectedEvent | null>(this.kafka, {
      groupId: this.config.ANALYTICS_CONSUMER_GROUP,
      topics: ANALYTICS_READS,
      parse: (envelope) => toProjected(envelope),
      storedOffsets: (topic, partition) => storedOffset(this.pool, version, topic, partition),
      handleBatch: async (batch) => {
        try {
          await applyBatch(this.pool, version, 'live', batch);
        } catch (error) {
          // Another replica made a rebuilt version live: start again on it, from its offsets.
          if (error instanceof VersionNotWritable) {
            this.restart().catch((failure: unknown) => {
              this.logger.error(
                `live consumption did not move to the live version: ${String(failure)}`,
              );
            });
          }
          throw error;
        }
      },
    });
    const consumer = this.consumer;
    await consumer.start();
    // Shutdown began while it was starting: beforeApplicationShutdown may have missed it.
    if (this.closing) {
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.stop();
    }
  }

  private restarting: Promise<void> | undefined;

  /** Consumes the version that is live now (after a switch). */
  restart(): Promise<void> {
    this.restarting ??= (async () => {
      await this.stop();
      await this.start();
    })().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  /** Stops consuming (shutdown, or a rebuild about to switch versions). */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.restarting?.catch(() => undefined);
    await this.stop();
  }

  /** Whether a consumer is running (or starting) for the live version. */
  get consuming(): boolean {
    return this.consumer !== undefined;
  }

  /** Resolves once the group holds its partitions (tests, readiness). */
  joined(timeoutMs = 60_000): Promise<void> {
    if (!this.consumer) return Promise.reject(new Error('the live projection has not started'));
    return this.consumer.joined(timeoutMs);
  }

  /** Resolves once every partition is applied up to its end as of now. */
  caughtUp(timeoutMs = 60_000): Promise<void> {
    if (!this.consumer) return Promise.reject(new Error('the live projection has not started'));
    return this.consumer.caughtUp({ timeoutMs });
  }
}

/** Where a partition's next record is, for a version: what the projection applied up to. */
export async function storedOffset(
  pool: Pool,
  version: number,
  topic: string,
  partition: number,
): Promise<string | undefined> {
  const { rows } = await pool.query<{ next_offset: string }>(
    `SELECT next_offset::text FROM ${projectionTables(version).offsets}
      WHERE topic = $1 AND partition = $2`,
    [topic, partition],
  );
  return rows[0]?.next_offset;
}

/**
 * One batch of one partition into a version, in one transaction: the partition's stored offset
 * is locked and must be where the batch starts (a batch applied twice fails loudly instead of
 * counting twice), then the events are applied and the next offset stored with them.
 */
export async function applyBatch(
  pool: Pool,
  version: number,
  state: 'live' | 'building',
  batch: EventBatch<ProjectedEvent | null>,
): Promise<void> {
  const tables = projectionTables(version);
  await inTransaction(
    pool,
    async (tx) => {
      // The version's state, shared with other batches and exclusive with a switch of versions:
      // a batch is applied wholly before the switch or not at all (the version then no longer
      // takes batches); and the partition's stored offset, locked: it must be where the batch
      // starts (one round-trip for both).
      const { rows } = await tx.query<{ state: string | null; next_offset: string | null }>(
        `SELECT (SELECT state FROM analytics.projection_versions WHERE version = $1 FOR SHARE) AS state,
                (SELECT next_offset::text FROM ${tables.offsets}
                  WHERE topic = $2 AND partition = $3 FOR UPDATE) AS next_offset`,
        [version, batch.topic, batch.partition],
      );
      if (rows[0]?.state !== state) throw new VersionNotWritable(version, state);
      const stored = rows[0]?.next_offset ?? undefined;
      if (stored !== undefined && stored !== batch.firstOffset) {
        throw new OffsetMismatch(batch.topic, batch.partition, stored, batch.firstOffset);
      }
      await applyToProjection(tx, version, [
        {
          topic: batch.topic,
          partition: batch.partition,
          nextOffset: batch.nextOffset,
          events: batch.records.map((r) => r.event).filter((e): e is ProjectedEvent => e !== null),
        },
      ]);
    },
    // A rebuild's batch lost in a crash is replayed (its offsets went with it): no need to wait
    // for the disk at each commit. Live batches keep synchronous commits.
    { asyncCommit: state === 'building' },
  );
}
