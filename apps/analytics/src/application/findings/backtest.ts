import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Sql } from '@redress/event-store';
import type { AnalyticsConfig } from '../../analytics.config';
import {
  FindingsDetector,
  WindowClock,
  type ClosedWindow,
  type CompiledAnalyticsPolicy,
} from '../../domain';
import { projectionTables } from '../../persistence/projection-schema';
import { inTransaction } from '../transaction';
import { observationOf, type ObservedRow } from './observations';
import { ANALYTICS_CONFIG, ANALYTICS_PG_POOL, ANALYTICS_POLICY } from '../tokens';

/** One backtest at a time across replicas (a session lock held for the run). */
const BACKTEST_LOCK = 7_265_304;
/** Complaints read per query, in received-time order. */
const PAGE = 2000;
/** Closed windows written per transaction. */
const FLUSH_WINDOWS = 50;

export interface BacktestRun {
  run: number;
  imported: number;
  windows: number;
  findings: number;
  /** The first window left to the live detectors; null when there were none yet. */
  cutoffWindow: number | null;
}

interface ImportedHistory {
  imported: number;
  lastReceivedAt: string | null;
}

/**
 * The backtest of imported history (issue 14): an enterprise that imports years of complaints
 * sees on each past day what the detectors would have raised then. The detectors run over every
 * complaint of the live projection in the order the company received them — each at its
 * received time, with what it is about and where triage sent it — through the days before the
 * live detectors' first window (or through the last received day when there is none yet), so
 * each finding is computed only from what was received before it. A run writes under its own
 * number and is read once done; its findings are answered by the API and BI with `source:
 * 'backtest'` and never published (they are history, not news). It runs by itself once an
 * import has settled: the imported complaints' count unchanged for `ANALYTICS_BACKTEST_SETTLE_MS`.
 */
@Injectable()
export class Backtest {
  private readonly logger = new Logger('Backtest');
  private readonly clock: WindowClock;
  private seen: (ImportedHistory & { since: number }) | undefined;
  private stopped = false;

  constructor(
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    @Inject(ANALYTICS_POLICY) private readonly policy: CompiledAnalyticsPolicy,
  ) {
    this.clock = new WindowClock(policy.policy.windows.utcOffsetMinutes);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Runs when imported history changed since the last run and has settled since; else nothing. */
  async runIfDue(now = Date.now()): Promise<BacktestRun | undefined> {
    const version = await this.liveVersion(this.pool);
    if (version === undefined) return undefined;
    const history = await this.importedHistory(this.pool, version);
    if (history.imported === 0) return undefined;
    const { rows } = await this.pool.query<{ imported: number; last: Date | null }>(
      `SELECT imported, last_received_at AS last FROM analytics.backtest_runs
        WHERE state <> 'failed' ORDER BY run DESC LIMIT 1`,
    );
    const last = rows[0];
    if (last && last.imported === history.imported && iso(last.last) === history.lastReceivedAt) {
      return undefined;
    }
    const seen = this.seen;
    if (
      seen === undefined ||
      seen.imported !== history.imported ||
      seen.lastReceivedAt !== history.lastReceivedAt
    ) {
      this.seen = { ...history, since: now };
      return undefined;
    }
    if (now - seen.since < this.config.ANALYTICS_BACKTEST_SETTLE_MS) return undefined;
    return this.run();
  }

  /** Runs the backtest now; undefined when another replica is running one. */
  async run(): Promise<BacktestRun | undefined> {
    const client = await this.pool.connect();
    try {
      const { rows: lock } = await client.query<{ held: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS held',
        [BACKTEST_LOCK],
      );
      if (lock[0]?.held !== true) return undefined;
      try {
        return await this.runLocked(client);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [BACKTEST_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  private async runLocked(client: PoolClient): Promise<BacktestRun | undefined> {
    const version = await this.liveVersion(client);
    if (version === undefined) return undefined;
    const t = projectionTables(version);
    const history = await this.importedHistory(client, version);
    const { rows: cut } = await client.query<{ cutoff: number | null }>(
      'SELECT min(window_index) AS cutoff FROM analytics.finding_windows',
    );
    const cutoffWindow = cut[0]?.cutoff ?? null;
    const { rows: numbered } = await client.query<{ run: number }>(
      `INSERT INTO analytics.backtest_runs (run, state, imported, last_received_at, cutoff_window)
       SELECT coalesce(max(run), 0) + 1, 'running', $1, $2, $3 FROM analytics.backtest_runs
       RETURNING run`,
      [history.imported, history.lastReceivedAt, cutoffWindow],
    );
    const run = numbered[0]?.run;
    if (run === undefined) throw new Error('no backtest run number');
    const result: BacktestRun = {
      run,
      imported: history.imported,
      windows: 0,
      findings: 0,
      cutoffWindow,
    };
    try {
      const detector = new FindingsDetector(this.policy);
      const pending: ClosedWindow[] = [];
      const flush = async () => {
        const windows = pending.splice(0);
        if (windows.length === 0) return;
        await inTransaction(this.pool, (tx) => writeWindows(tx, run, windows));
        result.windows += windows.length;
        result.findings += windows.reduce((n, w) => n + w.findings.length, 0);
      };
      const cutoffMs = cutoffWindow === null ? null : this.clock.startMs(cutoffWindow);
      let after = null as { at: Date; id: string } | null;
      let lastAt = null as number | null;
      for (;;) {
        if (this.stopped) throw new Error('the service is stopping');
        const { rows }: { rows: ObservedRow[] } = await client.query<ObservedRow>(
          `SELECT c.complaint_id, c.received_at AS at, c.channel, c.subject_type, c.product_sku,
                  c.batch_no, r.data->'subject'->>'purchaseChannel' AS purchase_channel,
                  r.data->>'description' AS description, c.region, c.category, c.department
             FROM ${t.complaints} c
             LEFT JOIN LATERAL (SELECT data FROM ${t.events} e
                                 WHERE e.complaint_id = c.complaint_id
                                   AND e.type = 'ComplaintRegistered' LIMIT 1) r ON true
            WHERE c.received_at IS NOT NULL
              AND ($1::timestamptz IS NULL OR c.received_at < $1)
              AND ($2::timestamptz IS NULL OR (c.received_at, c.complaint_id) > ($2, $3::uuid))
            ORDER BY c.received_at, c.complaint_id LIMIT ${PAGE}`,
          [cutoffMs === null ? null : new Date(cutoffMs), after?.at ?? null, after?.id ?? null],
        );
        for (const row of rows) {
          pending.push(...detector.observe(observationOf(row, 'both')).closed);
          lastAt = row.at.getTime();
        }
        if (pending.length >= FLUSH_WINDOWS) await flush();
        const lastRow: ObservedRow | undefined = rows.at(-1);
        if (lastRow === undefined || rows.length < PAGE) break;
        after = { at: lastRow.at, id: lastRow.complaint_id };
      }
      if (lastAt !== null) {
        // Close every window before the live detectors' first, or through the last received day.
        const end =
          cutoffWindow !== null
            ? this.clock.startMs(cutoffWindow)
            : this.clock.startMs(this.clock.indexOf(lastAt) + 1);
        pending.push(
          ...detector.advanceTo(new Date(end + this.policy.allowedLatenessMs).toISOString()),
        );
      }
      await flush();
      await inTransaction(this.pool, async (tx) => {
        await tx.query(
          `UPDATE analytics.backtest_runs SET state = 'done', finished_at = now(), windows = $2,
                  findings = $3 WHERE run = $1`,
          [run, result.windows, result.findings],
        );
        await tx.query('DELETE FROM analytics.backtest_runs WHERE run < $1', [run]);
      });
      this.logger.log(
        `backtest ${run}: ${result.windows} window(s), ${result.findings} finding(s) over ${history.imported} imported complaint(s)`,
      );
      return result;
    } catch (error) {
      await this.pool
        .query(
          `UPDATE analytics.backtest_runs SET state = 'failed', finished_at = now(), error = $2
            WHERE run = $1`,
          [run, String(error).slice(0, 500)],
        )
        .catch(() => undefined);
      throw error;
    }
  }

  private async liveVersion(sql: Pool | PoolClient): Promise<number | undefined> {
    const { rows } = await sql.query<{ version: number }>(
      `SELECT version FROM analytics.projection_versions WHERE state = 'live'`,
    );
    return rows[0]?.version;
  }

  private async importedHistory(sql: Pool | PoolClient, version: number): Promise<ImportedHistory> {
    const { rows } = await sql.query<{ imported: number; last: Date | null }>(
      `SELECT count(*)::int AS imported, max(received_at) AS last
         FROM ${projectionTables(version).complaints} WHERE imported`,
    );
    return { imported: rows[0]?.imported ?? 0, lastReceivedAt: iso(rows[0]?.last ?? null) };
  }
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

async function writeWindows(tx: Sql, run: number, windows: readonly ClosedWindow[]): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.backtest_windows
       (run, window_index, window_start, window_end, observations, hot_words)
     SELECT $1, * FROM unnest($2::int[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::jsonb[])`,
    [
      run,
      windows.map((w) => w.record.index),
      windows.map((w) => w.window.start),
      windows.map((w) => w.window.end),
      windows.map((w) => w.record.observations),
      windows.map((w) => JSON.stringify(w.hotWords)),
    ],
  );
  const findings = windows.flatMap((w) =>
    w.findings.map((f) => ({
      window: w.record.index,
      type: f.type,
      streamId: f.type === 'TrendAlertRaised' ? f.data.alertId : f.data.topicId,
      data: f.data,
    })),
  );
  if (findings.length === 0) return;
  await tx.query(
    `INSERT INTO analytics.backtest_findings (run, window_index, type, stream_id, data)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::jsonb[])`,
    [
      run,
      findings.map((f) => f.window),
      findings.map((f) => f.type),
      findings.map((f) => f.streamId),
      findings.map((f) => JSON.stringify(f.data)),
    ],
  );
}
