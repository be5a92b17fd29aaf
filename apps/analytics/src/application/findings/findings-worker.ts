import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  HOT_TOPIC_MEMBERS_MAX,
  HotTopicCooled,
  HotTopicDetected,
  TOPICS,
  TrendAlertRaised,
  type Actor,
} from '@redress/contracts';
import { EventStore, type NewEvent, type Sql } from '@redress/event-store';
import type { AnalyticsConfig } from '../../analytics.config';
import {
  FindingsDetector,
  WindowClock,
  type ClosedWindow,
  type CompiledAnalyticsPolicy,
  type Finding,
  type WindowRecord,
} from '../../domain';
import { OBSERVATION_TYPES, projectionTables } from '../../persistence/projection-schema';
import { Backtest } from './backtest';
import { observationOf, type ObservedRow } from './observations';
import {
  ANALYTICS_CONFIG,
  ANALYTICS_EVENT_STORE,
  ANALYTICS_PG_POOL,
  ANALYTICS_POLICY,
} from '../tokens';

/** One replica closes windows at a time (an arbitrary fixed key, beside the versions' lock). */
const FINDINGS_LOCK = 7_265_303;
/** Stored windows read per query when the detectors take up where they left off. */
const RESUME_PAGE = 60;

/** The topics of the observations: their slowest partition's event time is the watermark. */
const OBSERVED_TOPICS = [TOPICS.intake, TOPICS.triage];

export const ANALYTICS_ACTOR: Actor = { type: 'system', id: 'analytics' };
const SOURCE = '/redress/analytics';

interface ObservationRow extends ObservedRow {
  type: (typeof OBSERVATION_TYPES)[number];
}

/**
 * The detectors as the service runs them (DOMAIN §5): event time drives them, never the wall
 * clock. The watermark is the latest event time the live projection applied from the slowest
 * partition of intake's and triage's topics (a partition consumed behind the others holds the
 * windows open rather than making its events late). Once it is past a daily window's end by the
 * policy's allowed lateness, the window's observations are read from the
 * projection in event-time order and the window is closed — its record and hot words stored, its
 * findings appended to analytics' event store (the outbox of `complaints.analytics.v1`), all in
 * one transaction, one window at a time. A window closes once: its record's primary key and the
 * findings' ids (derived from what they are about) make a second close or a rebuild publish
 * nothing again. The detectors' state lives in memory and is rebuilt from the stored records
 * when this process starts, after a failed transaction, or when another replica closed windows
 * (one replica at a time holds the findings lock; the others wait their turn).
 *
 * Imported complaints (`imported: true`) fill the projection but not the detectors: their days
 * closed long ago, and a bulk import is not a surge.
 */
@Injectable()
export class FindingsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Findings');
  private readonly clock: WindowClock;
  private detector: FindingsDetector | undefined;
  private running: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    @Inject(ANALYTICS_EVENT_STORE) private readonly store: EventStore,
    @Inject(ANALYTICS_POLICY) private readonly policy: CompiledAnalyticsPolicy,
    private readonly backtest: Backtest,
  ) {
    this.clock = new WindowClock(policy.policy.windows.utcOffsetMinutes);
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Stops looking for windows to close; waits for a close under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.backtest.stop();
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Closes every window event time has passed (one transaction each) and resolves with how many
   * this call closed; 0 when another replica holds the findings lock. One run at a time here.
   */
  async closeDueWindows(): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = (async () => {
      let closed = 0;
      while (!this.stopped && (await this.closeNext())) closed += 1;
      return closed;
    })();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.closeDueWindows()
        .catch((error: unknown) => this.logger.error(`closing windows failed: ${String(error)}`))
        .then(() => this.backtest.runIfDue())
        .catch((error: unknown) => this.logger.error(`backtest failed: ${String(error)}`))
        .finally(() => this.schedule());
    }, this.config.ANALYTICS_FINDINGS_INTERVAL_MS);
    this.timer.unref();
  }

  /** Closes the next window if event time has passed it; false when none is due (or locked). */
  private async closeNext(): Promise<boolean> {
    try {
      return await this.store.transaction(async (tx) => {
        const { rows: lock } = await tx.query<{ held: boolean }>(
          'SELECT pg_try_advisory_xact_lock($1) AS held',
          [FINDINGS_LOCK],
        );
        if (lock[0]?.held !== true) return false;
        const detector = await this.detectorIn(tx);
        const { rows: live } = await tx.query<{ version: number }>(
          `SELECT version FROM analytics.projection_versions WHERE state = 'live'`,
        );
        const version = live[0]?.version;
        if (version === undefined) return false;
        const t = projectionTables(version);
        const types = [...OBSERVATION_TYPES];
        const { rows: span } = await tx.query<{ first: Date | null; latest: Date | null }>(
          `SELECT (SELECT min(time) FROM ${t.events} WHERE type = ANY($1::text[])) AS first,
                  (SELECT min(max_event_time) FROM ${t.offsets} WHERE topic = ANY($2::text[])) AS latest`,
          [types, OBSERVED_TOPICS],
        );
        const { first, latest } = span[0] ?? { first: null, latest: null };
        if (first === null || latest === null) return false;
        const next = detector.nextWindow ?? this.clock.indexOf(first.getTime());
        const bounds = this.clock.bounds(next);
        const closesAt = Date.parse(bounds.end) + this.policy.allowedLatenessMs;
        if (closesAt > latest.getTime()) return false;

        const { rows } = await tx.query<ObservationRow>(
          `SELECT e.complaint_id, e.type, e.time AS at,
                  e.data->>'channel' AS channel,
                  e.data->'subject'->>'type' AS subject_type,
                  e.data->'subject'->>'productSku' AS product_sku,
                  e.data->'subject'->>'batchNo' AS batch_no,
                  e.data->'subject'->>'purchaseChannel' AS purchase_channel,
                  e.data->>'description' AS description,
                  c.region,
                  e.data->>'category' AS category,
                  e.data->>'department' AS department
             FROM ${t.events} e LEFT JOIN ${t.complaints} c ON c.complaint_id = e.complaint_id
            WHERE e.type = ANY($1::text[]) AND e.time >= $2 AND e.time < $3
              AND coalesce(c.imported, false) = false
            ORDER BY e.time, e.event_id`,
          [types, bounds.start, bounds.end],
        );
        for (const row of rows) {
          detector.observe(
            observationOf(row, row.type === 'ComplaintRegistered' ? 'registration' : 'triage'),
          );
        }
        const closed = detector.advanceTo(new Date(closesAt).toISOString());
        for (const window of closed) await this.record(tx, window);
        return closed.length > 0;
      });
    } catch (error) {
      // The transaction rolled back: the state in memory went ahead of what is stored.
      this.detector = undefined;
      throw error;
    }
  }

  /**
   * The detectors as of the last stored window: the one in memory when it is there, else
   * rebuilt from the stored records (at start, after a failure, or after another replica's run).
   */
  private async detectorIn(tx: Sql): Promise<FindingsDetector> {
    const { rows } = await tx.query<{ last: number | null }>(
      'SELECT max(window_index) AS last FROM analytics.finding_windows',
    );
    const last = rows[0]?.last ?? null;
    const next = last === null ? null : last + 1;
    if (this.detector !== undefined && this.detector.nextWindow === next) return this.detector;
    const detector = new FindingsDetector(this.policy);
    let after = -2_147_483_648;
    for (;;) {
      const { rows: page } = await tx.query<{ window_index: number; record: WindowRecord }>(
        `SELECT window_index, record FROM analytics.finding_windows
          WHERE window_index > $1 ORDER BY window_index LIMIT ${RESUME_PAGE}`,
        [after],
      );
      for (const row of page) detector.resume(row.record);
      const lastRow = page.at(-1);
      if (lastRow === undefined || page.length < RESUME_PAGE) break;
      after = lastRow.window_index;
    }
    this.detector = detector;
    return detector;
  }

  /** Stores a closed window and appends its findings to the outbox, each once. */
  private async record(tx: Sql, window: ClosedWindow): Promise<void> {
    await tx.query(
      `INSERT INTO analytics.finding_windows
         (window_index, window_start, window_end, observations, record, hot_words)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        window.record.index,
        window.window.start,
        window.window.end,
        window.record.observations,
        JSON.stringify(window.record),
        JSON.stringify(window.hotWords),
      ],
    );
    if (window.findings.length === 0) return;
    const events = window.findings.map(toEvent);
    const { rows } = await tx.query<{ event_id: string }>(
      `SELECT event_id FROM analytics.events WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.event.id)],
    );
    const published = new Set(rows.map((r) => r.event_id));
    for (const { streamId, expectedVersion, event } of events) {
      if (published.has(event.id)) continue;
      await this.store.append(
        tx,
        streamId,
        expectedVersion,
        [event],
        { source: SOURCE, correlationId: event.id, actor: ANALYTICS_ACTOR },
        { returnData: false },
      );
    }
    this.logger.log(
      `window ${window.window.start}: ${window.findings.length} finding(s) published`,
    );
  }
}

/** A finding as the event that publishes it: its stream is what it is about. */
function toEvent(finding: Finding): {
  streamId: string;
  expectedVersion: number;
  event: NewEvent & { id: string };
} {
  switch (finding.type) {
    case 'TrendAlertRaised':
      return {
        streamId: finding.data.alertId,
        expectedVersion: 0,
        event: {
          id: eventIdOf(finding.type, finding.data.alertId),
          type: finding.type,
          schemaVersion: TrendAlertRaised.schemaVersion,
          data: TrendAlertRaised.complete(finding.data),
        },
      };
    case 'HotTopicDetected': {
      const data = { ...finding.data };
      if (data.members !== undefined && data.members.length > HOT_TOPIC_MEMBERS_MAX) {
        data.members = data.members.slice(0, HOT_TOPIC_MEMBERS_MAX);
      }
      return {
        streamId: finding.data.topicId,
        expectedVersion: 0,
        event: {
          id: eventIdOf(finding.type, finding.data.topicId),
          type: finding.type,
          schemaVersion: HotTopicDetected.schemaVersion,
          data: HotTopicDetected.complete(data),
        },
      };
    }
    case 'HotTopicCooled':
      return {
        streamId: finding.data.topicId,
        expectedVersion: 1,
        event: {
          id: eventIdOf(finding.type, finding.data.topicId),
          type: finding.type,
          schemaVersion: HotTopicCooled.schemaVersion,
          data: HotTopicCooled.complete(finding.data),
        },
      };
  }
}

/** A name-based UUID (RFC 9562 version 8) of an event: the same finding, the same event id. */
export function eventIdOf(type: string, streamId: string): string {
  const hex = createHash('sha256').update(`${type}\n${streamId}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
