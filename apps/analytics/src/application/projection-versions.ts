import type { Pool } from 'pg';
import type { Sql } from '@redress/event-store';
import { biViewsSql, projectionTablesSql } from '../persistence/projection-schema';
import { inTransaction } from './transaction';

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
        for (const statement of projectionTablesSql(live)) await tx.query(statement);
        for (const statement of biViewsSql(live, this.timeZone)) await tx.query(statement);
        return live;
      }
      for (const statement of projectionTablesSql(1)) await tx.query(statement);
      for (const statement of biViewsSql(1, this.timeZone)) await tx.query(statement);
      await tx.query(
        `INSERT INTO analytics.projection_versions (version, state, live_since) VALUES (1, 'live', now())`,
      );
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
      for (const statement of projectionTablesSql(version)) await tx.query(statement);
      await tx.query(
        `INSERT INTO analytics.projection_versions (version, state) VALUES ($1, 'building')`,
        [version],
      );
      return version;
    });
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
      for (const statement of biViewsSql(version, this.timeZone)) await tx.query(statement);
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
    return this.liveIn(this.pool);
  }

  /** The live version; the service made one at start, so its absence is a fault. */
  async required(): Promise<number> {
    const live = await this.live();
    if (live === undefined) throw new Error('analytics has no live projection version');
    return live;
  }

  private async liveIn(sql: Sql): Promise<number | undefined> {
    const { rows } = await sql.query<{ version: number }>(
      `SELECT version FROM analytics.projection_versions WHERE state = 'live'`,
    );
    return rows[0]?.version;
  }

  /** A change of the versions, serialised across replicas by the versions' lock. */
  private versionsChange<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [VERSIONS_LOCK]);
      return work(tx);
    });
  }
}
