import type { Pool } from 'pg';
import type { Sql } from '@redress/event-store';
import {
  biViewsSql,
  durableTablesSql,
  projectionTables,
  projectionTablesSql,
  rollupBackfillSql,
  sqlText,
} from '../persistence/projection-schema';
import { inTransaction } from './transaction';

async function makeDurable(sql: Sql, version: number): Promise<void> {
  const { rows } = await sql.query<{ statement: string }>(durableTablesSql(version));
  for (const { statement } of rows) await sql.query(statement);
}

/** Serialises changes of the projection versions across replicas (an arbitrary fixed key). */
const VERSIONS_LOCK = 7_265_301;

/**
 * The projection versions: exactly one is `live` (BI's views read it, live consumption writes
 * it); a rebuild fills a `building` one and makes it live in one transaction with the views.
 */
export class ProjectionVersions {
  constructor(
    private readonly pool: Pool,
    private readonly timeZone: string,
  ) {}

  /** The live version, made (version 1, its tables and BI's views) when there is none yet. */
  async ensureLive(): Promise<number> {
    return this.versionsChange(async (tx) => {
      const live = await this.liveIn(tx);
      if (live !== undefined) {
        // Tables gain this release's indexes; views follow the configured time zone and this
        // release's columns.
        for (const statement of projectionTablesSql(live.version)) await tx.query(statement);
        let zone = live.rollupZone;
        if (zone === null) {
          // A version made before the daily rollup: filled from its rows now, writers held off
          // until this commits (the live consumer starts after this anyway).
          const t = projectionTables(live.version);
          await tx.query(`LOCK TABLE ${t.complaints} IN SHARE MODE`);
          await tx.query(`DELETE FROM ${t.daily}`);
          await tx.query(rollupBackfillSql(live.version, sqlText(this.timeZone)));
          await tx.query(
            `UPDATE analytics.projection_versions SET rollup_time_zone = $2 WHERE version = $1`,
            [live.version, this.timeZone],
          );
          zone = this.timeZone;
        }
        // A rollup in another time zone than the configured one (the setting changed): the views
        // and the API read the complaint rows until a rebuild makes a version in the new zone.
        for (const statement of biViewsSql(live.version, this.timeZone, zone)) {
          await tx.query(statement);
        }
        return live.version;
      }
      for (const statement of projectionTablesSql(1)) await tx.query(statement);
      await tx.query(
        `INSERT INTO analytics.projection_versions (version, state, live_since, rollup_time_zone)
         VALUES (1, 'live', now(), $1)`,
        [this.timeZone],
      );
      for (const statement of biViewsSql(1, this.timeZone, this.timeZone))
        await tx.query(statement);
      return 1;
    });
  }

  /** A new version being built: its tables made, its state `building`. */
  async startBuilding(): Promise<number> {
    return this.versionsChange(async (tx) => {
      const { rows } = await tx.query<{ next: number }>(
        `SELECT coalesce(max(version), 0) + 1 AS next FROM analytics.projection_versions`,
      );
      const version = rows[0]?.next ?? 1;
      for (const statement of projectionTablesSql(version, { unlogged: true })) {
        await tx.query(statement);
      }
      await tx.query(
        `INSERT INTO analytics.projection_versions (version, state, rollup_time_zone)
         VALUES ($1, 'building', $2)`,
        [version, this.timeZone],
      );
      return version;
    });
  }

  /**
   * Makes a version being built durable: its unlogged tables logged (each rewritten into the WAL
   * once, instead of every row's every write going there during the replay). Done once the
   * replay has caught up, while live consumption still goes on; `switchTo` does it too.
   */
  async makeDurable(version: number): Promise<void> {
    await makeDurable(this.pool, version);
  }

  /**
   * Makes a built version live in one transaction: BI's views move to it, the live one retires.
   * BI never sees a half-built projection: a query runs wholly before or wholly after.
   */
  async switchTo(version: number): Promise<void> {
    await this.versionsChange(async (tx) => {
      await tx.query(
        `UPDATE analytics.projection_versions SET state = 'retired', retired_at = now()
          WHERE state = 'live'`,
      );
      const { rowCount } = await tx.query(
        `UPDATE analytics.projection_versions SET state = 'live', live_since = now()
          WHERE version = $1 AND state = 'building'`,
        [version],
      );
      if (rowCount !== 1) throw new Error(`version ${version} is not being built`);
      await makeDurable(tx, version);
      const { rows } = await tx.query<{ rollup_time_zone: string | null }>(
        `SELECT rollup_time_zone FROM analytics.projection_versions WHERE version = $1`,
        [version],
      );
      const zone = rows[0]?.rollup_time_zone ?? null;
      for (const statement of biViewsSql(version, this.timeZone, zone)) await tx.query(statement);
    });
  }

  /** A rebuild that did not finish: its version will never go live. */
  async fail(version: number): Promise<void> {
    await this.pool.query(
      `UPDATE analytics.projection_versions SET state = 'failed' WHERE version = $1 AND state = 'building'`,
      [version],
    );
  }

  async live(): Promise<number | undefined> {
    return (await this.liveIn(this.pool))?.version;
  }

  /**
   * The live version and whether its daily rollup counts days in the configured time zone (then
   * the API reads the rollup, else the complaint rows).
   */
  async liveForQueries(): Promise<{ version: number; rollup: boolean }> {
    const live = await this.liveIn(this.pool);
    if (live === undefined) throw new Error('analytics has no live projection version');
    return { version: live.version, rollup: live.rollupZone === this.timeZone };
  }

  /** The live version; the service made one at start, so its absence is a fault. */
  async required(): Promise<number> {
    const live = await this.live();
    if (live === undefined) throw new Error('analytics has no live projection version');
    return live;
  }

  private async liveIn(
    sql: Sql,
  ): Promise<{ version: number; rollupZone: string | null } | undefined> {
    const { rows } = await sql.query<{ version: number; rollup_time_zone: string | null }>(
      `SELECT version, rollup_time_zone FROM analytics.projection_versions WHERE state = 'live'`,
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { version: row.version, rollupZone: row.rollup_time_zone };
  }

  /** A change of the versions, serialised across replicas by the versions' lock. */
  private versionsChange<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [VERSIONS_LOCK]);
      return work(tx);
    });
  }
}
