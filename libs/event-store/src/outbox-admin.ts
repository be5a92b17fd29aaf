import type { Pool, PoolClient } from 'pg';
import { compareCheckpoints, ORIGIN, type Checkpoint } from './checkpoint';
import { LOCK_NAMESPACE as RELAY_LOCK_NAMESPACE } from './outbox-relay';
import type { QuarantineReason } from './outbox-quarantine';
import { schemaNames, type SchemaNames } from './schema';
import type { Sql } from './sql';

/** A relay holds the lock: the operation would race with it. Stop the service's relays first. */
export class RelayRunning extends Error {
  constructor(
    readonly relay: string,
    readonly pid: number | undefined,
  ) {
    super(
      `the outbox relay ${relay} is running${pid === undefined ? '' : ` (server process ${pid})`}: ` +
        'stop every replica of the service (or its relay) first',
    );
    this.name = 'RelayRunning';
  }
}

/** The store holds transaction ids this cluster never issued: it was restored or copied here. */
export class ForeignTransactionIds extends Error {
  constructor(
    readonly highest: string,
    readonly next: string,
  ) {
    super(
      `stored transaction ids (up to ${highest}) are ahead of this cluster's (next ${next}): ` +
        'the data was restored or copied from another cluster; run rebase before anything else',
    );
    this.name = 'ForeignTransactionIds';
  }
}

export type ResetTarget = { toPosition: number } | { toStart: true } | { toEnd: true };

export interface ResetPlan {
  schema: string;
  name: string;
  from: Checkpoint;
  to: Checkpoint;
  /** Events at or before the old checkpoint that go out again (consumers are idempotent). */
  republish: number;
  /** Events never published that the new checkpoint passes: they would never be published. */
  skip: number;
  skipPositions?: { first: number; last: number };
  applied: boolean;
  /** Why the reset was not applied (besides a dry run). */
  refused?: string;
}

export interface RebasePlan {
  schema: string;
  /** Whether stored ids were ahead of this cluster's (a restored or copied store). */
  needed: boolean;
  /** Per relay, its checkpoint before and after. */
  checkpoints: Array<{ name: string; from: Checkpoint; to: Checkpoint }>;
  /** Events rewritten, and how many of them no relay has published yet. */
  events: number;
  unpublished: number;
  applied: boolean;
  refused?: string;
}

export interface BlockingTransaction {
  kind: 'session' | 'prepared';
  /** Server process id, or the prepared transaction's gid. */
  id: string;
  database: string | null;
  transactionId: string;
  started: Date | null;
  state: string | null;
}

export interface OutboxStatus {
  schema: string;
  name: string;
  checkpoint: Checkpoint & { updatedAt: Date | null };
  relay: { running: boolean; pid: number | undefined };
  /** This cluster's next transaction id and the snapshot xmin the relay reads below. */
  cluster: { nextTransactionId: string; snapshotXmin: string };
  lastPosition: number | null;
  /** Events after the checkpoint: publishable now, or waiting for older transactions to end. */
  unpublished: number;
  waiting: number;
  /** The oldest transactions holding the waiting events back (visible to the caller's role). */
  heldBackBy: BlockingTransaction[];
  quarantine: Record<QuarantineReason, number>;
  problems: string[];
}

export interface QuarantinedEvent {
  eventId: string;
  position: number;
  streamId: string;
  streamVersion: number;
  type: string;
  reason: QuarantineReason;
  error: string;
  attempts: number;
  quarantinedAt: Date;
  releaseRequestedAt: Date | null;
  resolvedAt: Date | null;
  resolution: 'published' | 'discarded' | null;
}

/**
 * What an operator does to one relay's outbox: read where it stands, move its checkpoint, repair
 * a store copied from another cluster, and look after its quarantine. Everything that moves a
 * checkpoint first takes the relay's leadership lock, and refuses while a relay holds it.
 * docs/operations.md says when to use which.
 */
export class OutboxAdmin {
  private readonly names: SchemaNames;

  constructor(
    private readonly pool: Pool,
    schema: string,
    readonly name = 'outbox',
  ) {
    this.names = schemaNames(schema);
    if (name.length === 0) throw new TypeError('relay name must be non-empty');
  }

  async status(): Promise<OutboxStatus> {
    const client = await this.pool.connect();
    try {
      // One snapshot for every figure.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const status = await this.readStatus(client);
      await client.query('COMMIT');
      return status;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async readStatus(client: PoolClient): Promise<OutboxStatus> {
    const checkpoint = await this.checkpointOf(client, this.name);
    const cluster = await clusterIds(client);
    const { rows } = await client.query<{
      last_position: string | null;
      unpublished: string;
      waiting: string;
    }>(
      `SELECT (SELECT max(position) FROM ${this.names.events}) AS last_position,
              count(*) AS unpublished,
              count(*) FILTER (WHERE transaction_id >= $3::xid8) AS waiting
         FROM ${this.names.events}
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)`,
      [checkpoint.transactionId, checkpoint.position, cluster.snapshotXmin],
    );
    const row = rows[0];
    const waiting = Number(row?.waiting ?? 0);
    const quarantine = await this.openQuarantine(client);
    const pid = await this.lockHolder(client, this.name);
    const problems: string[] = [];
    const foreign = await this.foreignIds(client, cluster.nextTransactionId);
    if (foreign) problems.push(foreign.message);
    // Ids from another cluster look like transactions still to come: not a waiting problem.
    else if (waiting > 0) {
      problems.push(
        `${waiting} event(s) wait for older transactions of the cluster to end ` +
          `(snapshot xmin ${cluster.snapshotXmin}); see heldBackBy`,
      );
    }
    const open = quarantine.rejected + quarantine.unreadable + quarantine.held;
    if (open > 0) problems.push(`${open} event(s) in the quarantine wait for an operator`);
    const lastPosition = row?.last_position ?? null;
    return {
      schema: this.names.schema,
      name: this.name,
      checkpoint,
      relay: { running: pid !== undefined, pid },
      cluster,
      lastPosition: lastPosition === null ? null : Number(lastPosition),
      unpublished: Number(row?.unpublished ?? 0),
      waiting,
      heldBackBy: waiting > 0 && !foreign ? await blockingTransactions(client) : [],
      quarantine,
      problems,
    };
  }

  /**
   * Moves the checkpoint. `toPosition: N` makes the relay publish again every event after
   * position N (and possibly a few before it that committed later: see the README's "No gap");
   * `toStart` everything; `toEnd` passes every event readable now. A move that would pass events
   * never published is refused unless `skipUnpublished` says that is the intent (a new relay that
   * must start from now): never silently. Refuses while a relay runs, and on a store whose ids
   * come from another cluster (rebase first).
   */
  async reset(
    target: ResetTarget,
    options: { dryRun?: boolean; skipUnpublished?: boolean } = {},
  ): Promise<ResetPlan> {
    if ('toPosition' in target) {
      const n = target.toPosition;
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new RangeError(`toPosition must be a non-negative integer, got ${n}`);
      }
    }
    return this.withRelayLocks([this.name], async (client) => {
      const cluster = await clusterIds(client);
      const foreign = await this.foreignIds(client, cluster.nextTransactionId);
      if (foreign) throw foreign;
      const from = await this.checkpointOf(client, this.name);
      const to = await this.targetOf(client, target, cluster.snapshotXmin);
      const counts = await this.between(client, from, to);
      const plan: ResetPlan = {
        schema: this.names.schema,
        name: this.name,
        from: { transactionId: from.transactionId, position: from.position },
        to,
        ...counts,
        applied: false,
      };
      if (plan.skip > 0 && !options.skipUnpublished) {
        plan.refused =
          `the new checkpoint would pass ${plan.skip} event(s) never published ` +
          `(positions ${plan.skipPositions?.first}…${plan.skipPositions?.last}); ` +
          'allow that (skipUnpublished, --skip-unpublished) only if they must never be published';
        return plan;
      }
      if (options.dryRun) return plan;
      await client.query(
        // '-infinity': no relay holds a lease (this command holds the relay's lock), so the next
        // relay to lead starts at once instead of waiting a lease out.
        `INSERT INTO ${this.names.outboxCheckpoints} (name, transaction_id, position, updated_at)
         VALUES ($1, $2::xid8, $3, '-infinity')
         ON CONFLICT (name) DO UPDATE
           SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position,
               updated_at = '-infinity'`,
        [this.name, to.transactionId, to.position],
      );
      plan.applied = true;
      return plan;
    });
  }

  /**
   * After the store was copied into this cluster by dump and restore or logical replication: its
   * stored transaction ids are the old cluster's, meaningless here (publication stalls and
   * appends to existing streams conflict). Rewrites every event's id to a small constant that
   * keeps, for every relay of the schema, what it has published apart from what it has not, and
   * each stream's order, then moves the checkpoints to match. Takes every relay's lock and an
   * EXCLUSIVE lock on `events` (appends wait). Refused when no stored id is ahead of this cluster,
   * unless `force`.
   */
  async rebase(options: { dryRun?: boolean; force?: boolean } = {}): Promise<RebasePlan> {
    // This relay's lock even before it ever ran, so that it cannot start halfway.
    const names = [...new Set([...(await this.relayNames()), this.name])].sort();
    return this.withRelayLocks(names, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(`LOCK TABLE ${this.names.events} IN EXCLUSIVE MODE`);
        const cluster = await clusterIds(client);
        const needed = (await this.foreignIds(client, cluster.nextTransactionId)) !== undefined;
        const relays = await Promise.all(
          names.map(async (name) => ({ name, from: await this.checkpointOf(client, name) })),
        );
        // Distinct checkpoints in order: group i holds the events after checkpoint i-1 up to i,
        // compared as the old cluster ordered them; the last group, what no relay published.
        const cuts = distinctSorted(relays.map((r) => r.from));
        const unpublishedGroup = cuts.length + 1;
        // Events written here since the copy (services started before the rebase) have ids of
        // this cluster, which do not compare with the copied ones, and positions after every
        // copied event's. Every event after the last one with an id from the old cluster that
        // bears an id this cluster could have issued counts as unpublished: some may go out twice,
        // none is skipped.
        const { rows: copied } = await client.query<{ last: string | null }>(
          `SELECT max(position) AS last FROM ${this.names.events} WHERE transaction_id >= $1::xid8`,
          [cluster.nextTransactionId],
        );
        const params: unknown[] = [copied[0]?.last ?? null, cluster.nextTransactionId];
        const whens = cuts.map((c, i) => {
          params.push(c.transactionId, c.position);
          const [x, p] = [params.length - 1, params.length];
          return `WHEN (e.transaction_id, e.position) <= ($${x}::xid8, $${p}::bigint) THEN ${i + 1}`;
        });
        const group = `CASE
            WHEN e.position > $1::bigint AND e.transaction_id < $2::xid8 THEN ${unpublishedGroup}
            ${whens.join(' ')} ELSE ${unpublishedGroup} END`;
        const { rows } = await client.query<{ grp: number; events: string; max_position: string }>(
          `SELECT ${group} AS grp, count(*) AS events, max(e.position) AS max_position
             FROM ${this.names.events} e GROUP BY 1 ORDER BY 1`,
          params,
        );
        const maxPosition = new Map(rows.map((r) => [Number(r.grp), Number(r.max_position)]));
        const checkpoints = relays.map(({ name, from }) => {
          const cut = cuts.findIndex((c) => compareCheckpoints(c, from) === 0) + 1;
          return {
            name,
            from,
            to: { transactionId: String(cut), position: maxPosition.get(cut) ?? 0 },
          };
        });
        const plan: RebasePlan = {
          schema: this.names.schema,
          needed,
          checkpoints,
          events: rows.reduce((sum, r) => sum + Number(r.events), 0),
          unpublished: Number(rows.find((r) => Number(r.grp) === unpublishedGroup)?.events ?? 0),
          applied: false,
        };
        if (BigInt(unpublishedGroup) >= BigInt(cluster.snapshotXmin)) {
          plan.refused = 'this cluster has issued too few transaction ids to rebase below them';
        } else if (!needed && !options.force) {
          plan.refused =
            'no stored transaction id is ahead of this cluster: nothing to repair (force to rewrite anyway)';
        }
        if (plan.refused !== undefined || options.dryRun) {
          await client.query('ROLLBACK');
          return plan;
        }
        await client.query(
          `UPDATE ${this.names.events} e SET transaction_id = (${group})::text::xid8`,
          params,
        );
        for (const { name, to } of checkpoints) {
          await client.query(
            `UPDATE ${this.names.outboxCheckpoints}
                SET transaction_id = $2::xid8, position = $3, updated_at = '-infinity'
              WHERE name = $1`,
            [name, to.transactionId, to.position],
          );
        }
        await client.query('COMMIT');
        plan.applied = true;
        return plan;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** The quarantine of this relay, oldest first; resolved entries only when asked. */
  async quarantined(
    options: { includeResolved?: boolean; limit?: number } = {},
  ): Promise<QuarantinedEvent[]> {
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT event_id::text AS event_id, position, stream_id, stream_version, type, reason, error,
              attempts, quarantined_at, release_requested_at, resolved_at, resolution
         FROM ${this.names.outboxQuarantine}
        WHERE name = $1 AND ($2 OR resolved_at IS NULL)
        ORDER BY position LIMIT $3`,
      [this.name, options.includeResolved === true, options.limit ?? 1000],
    );
    return rows.map((r) => ({
      eventId: String(r.event_id),
      position: Number(r.position),
      streamId: String(r.stream_id),
      streamVersion: Number(r.stream_version),
      type: String(r.type),
      reason: r.reason as QuarantineReason,
      error: String(r.error),
      attempts: Number(r.attempts),
      quarantinedAt: r.quarantined_at as Date,
      releaseRequestedAt: (r.release_requested_at as Date | null) ?? null,
      resolvedAt: (r.resolved_at as Date | null) ?? null,
      resolution: (r.resolution as 'published' | 'discarded' | null) ?? null,
    }));
  }

  /**
   * Asks the leading relay to publish again the quarantined events of a stream (given by the
   * stream or by one of its events), in stream order, once the cause is fixed. A stream is
   * released as a whole: its events must reach consumers in order. The relay does it within
   * its `releaseCheckMs`; what fails again stays in the quarantine.
   */
  async release(
    selector: { streamId: string } | { eventId: string },
    options: { dryRun?: boolean } = {},
  ): Promise<{ streamId: string | undefined; events: QuarantinedEvent[]; applied: boolean }> {
    const streamId = await this.streamOf(selector);
    if (streamId === undefined) return { streamId, events: [], applied: false };
    const events = (await this.quarantined()).filter((e) => e.streamId === streamId);
    if (options.dryRun || events.length === 0) return { streamId, events, applied: false };
    await this.pool.query(
      `UPDATE ${this.names.outboxQuarantine} SET release_requested_at = now()
        WHERE name = $1 AND stream_id = $2 AND resolved_at IS NULL`,
      [this.name, streamId],
    );
    return { streamId, events, applied: true };
  }

  /**
   * Gives up on publishing one quarantined event (it stays in `events`, the record). The events
   * held behind it stay in the quarantine until their stream is released.
   */
  async discard(
    eventId: string,
    options: { dryRun?: boolean } = {},
  ): Promise<{ event: QuarantinedEvent | undefined; applied: boolean }> {
    const event = (await this.quarantined()).find((e) => e.eventId === eventId);
    if (!event || options.dryRun) return { event, applied: false };
    await this.pool.query(
      `UPDATE ${this.names.outboxQuarantine}
          SET resolved_at = now(), resolution = 'discarded', release_requested_at = NULL
        WHERE name = $1 AND event_id = $2::uuid AND resolved_at IS NULL`,
      [this.name, eventId],
    );
    return { event, applied: true };
  }

  private async streamOf(
    selector: { streamId: string } | { eventId: string },
  ): Promise<string | undefined> {
    if ('streamId' in selector) return selector.streamId;
    const { rows } = await this.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM ${this.names.outboxQuarantine} WHERE name = $1 AND event_id::text = $2`,
      [this.name, selector.eventId],
    );
    return rows[0]?.stream_id;
  }

  /** Runs `fn` holding the leadership lock of every named relay, or throws RelayRunning. */
  private async withRelayLocks<T>(
    relayNames: readonly string[],
    fn: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    const taken: string[] = [];
    let broken: Error | undefined;
    try {
      for (const name of relayNames) {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked',
          [RELAY_LOCK_NAMESPACE, this.lockName(name)],
        );
        if (rows[0]?.locked !== true) {
          throw new RelayRunning(
            `${this.names.schema}/${name}`,
            await this.lockHolder(client, name),
          );
        }
        taken.push(name);
      }
      return await fn(client);
    } finally {
      for (const name of taken) {
        try {
          await client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [
            RELAY_LOCK_NAMESPACE,
            this.lockName(name),
          ]);
        } catch (error) {
          // Closing the connection ends the session, and the lock with it.
          broken = error instanceof Error ? error : new Error(String(error));
        }
      }
      client.release(broken);
    }
  }

  private async lockHolder(sql: Sql, name: string): Promise<number | undefined> {
    const { rows } = await sql.query<{ pid: number }>(
      `SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (
                SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid = hashtext($1)::oid AND objid = hashtext($2)::oid AND objsubid = 2`,
      [RELAY_LOCK_NAMESPACE, this.lockName(name)],
    );
    return rows[0]?.pid;
  }

  private lockName(name: string): string {
    return `${this.names.schema}.${name}`;
  }

  private async relayNames(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT name FROM ${this.names.outboxCheckpoints} ORDER BY name`,
    );
    return rows.map((r) => r.name);
  }

  private async checkpointOf(
    sql: Sql,
    name: string,
  ): Promise<Checkpoint & { updatedAt: Date | null }> {
    const { rows } = await sql.query<{
      transaction_id: string;
      position: string;
      updated_at: Date;
    }>(
      `SELECT transaction_id::text AS transaction_id, position, updated_at
         FROM ${this.names.outboxCheckpoints} WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    return row
      ? {
          transactionId: row.transaction_id,
          position: Number(row.position),
          updatedAt: row.updated_at,
        }
      : { ...ORIGIN, updatedAt: null };
  }

  /** A stored id this cluster has not issued yet can only come from another cluster. */
  private async foreignIds(sql: Sql, next: string): Promise<ForeignTransactionIds | undefined> {
    const { rows } = await sql.query<{ highest: string | null }>(
      `SELECT greatest(
                (SELECT max(transaction_id) FROM ${this.names.events}),
                (SELECT max(transaction_id) FROM ${this.names.outboxCheckpoints}))::text AS highest`,
    );
    const highest = rows[0]?.highest ?? null;
    return highest !== null && BigInt(highest) >= BigInt(next)
      ? new ForeignTransactionIds(highest, next)
      : undefined;
  }

  private async targetOf(sql: Sql, target: ResetTarget, snapshotXmin: string): Promise<Checkpoint> {
    if ('toStart' in target) return { ...ORIGIN };
    if ('toEnd' in target) {
      const last = await this.pair(
        sql,
        `WHERE transaction_id < $1::xid8 ORDER BY transaction_id DESC, position DESC`,
        [snapshotXmin],
      );
      return last ?? { ...ORIGIN };
    }
    // Just before the first event, in relay order, among those after the position: each of them
    // is then ahead of the checkpoint.
    const first = await this.pair(sql, `WHERE position > $1 ORDER BY transaction_id, position`, [
      target.toPosition,
    ]);
    if (first) return { transactionId: first.transactionId, position: first.position - 1 };
    const last = await this.pair(sql, `ORDER BY transaction_id DESC, position DESC`, []);
    return last ?? { ...ORIGIN };
  }

  private async pair(sql: Sql, clause: string, params: unknown[]): Promise<Checkpoint | undefined> {
    const { rows } = await sql.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text AS transaction_id, position FROM ${this.names.events} ${clause} LIMIT 1`,
      params,
    );
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, position: Number(row.position) } : undefined;
  }

  /** What moving the checkpoint from `from` to `to` does to the events between them. */
  private async between(
    sql: Sql,
    from: Checkpoint,
    to: Checkpoint,
  ): Promise<Pick<ResetPlan, 'republish' | 'skip' | 'skipPositions'>> {
    const forward = compareCheckpoints(to, from) > 0;
    const [low, high] = forward ? [from, to] : [to, from];
    const { rows } = await sql.query<{ n: string; first: string | null; last: string | null }>(
      `SELECT count(*) AS n, min(position) AS first, max(position) AS last FROM ${this.names.events}
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          AND (transaction_id, position) <= ($3::xid8, $4::bigint)`,
      [low.transactionId, low.position, high.transactionId, high.position],
    );
    const n = Number(rows[0]?.n ?? 0);
    if (!forward) return { republish: n, skip: 0 };
    const first = rows[0]?.first;
    const last = rows[0]?.last;
    return n > 0 && first && last
      ? { republish: 0, skip: n, skipPositions: { first: Number(first), last: Number(last) } }
      : { republish: 0, skip: 0 };
  }

  private async openQuarantine(sql: Sql): Promise<Record<QuarantineReason, number>> {
    const { rows } = await sql.query<{ reason: QuarantineReason; n: string }>(
      `SELECT reason, count(*) AS n FROM ${this.names.outboxQuarantine}
        WHERE name = $1 AND resolved_at IS NULL GROUP BY reason`,
      [this.name],
    );
    const open: Record<QuarantineReason, number> = { rejected: 0, unreadable: 0, held: 0 };
    for (const row of rows) open[row.reason] = Number(row.n);
    return open;
  }
}

/** Without taking a transaction id: calling pg_current_xact_id() would assign one. */
async function clusterIds(sql: Sql): Promise<{ nextTransactionId: string; snapshotXmin: string }> {
  const { rows } = await sql.query<{ next: string; xmin: string }>(
    `SELECT pg_snapshot_xmax(s)::text AS next, pg_snapshot_xmin(s)::text AS xmin
       FROM pg_current_snapshot() AS s`,
  );
  const row = rows[0];
  if (!row) throw new Error('pg_current_snapshot() returned nothing');
  return { nextTransactionId: row.next, snapshotXmin: row.xmin };
}

async function blockingTransactions(sql: Sql): Promise<BlockingTransaction[]> {
  const { rows } = await sql.query<{
    kind: 'session' | 'prepared';
    id: string;
    database: string | null;
    transaction_id: string;
    started: Date | null;
    state: string | null;
  }>(
    `SELECT * FROM (
       SELECT 'session' AS kind, pid::text AS id, datname::text AS database,
              backend_xid::text AS transaction_id, xact_start AS started, state,
              age(backend_xid) AS age
         FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
       UNION ALL
       SELECT 'prepared', gid, database::text, transaction::text, prepared, 'prepared',
              age(transaction)
         FROM pg_prepared_xacts) t
      ORDER BY age DESC LIMIT 5`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    database: r.database,
    transactionId: r.transaction_id,
    started: r.started,
    state: r.state,
  }));
}

function distinctSorted(checkpoints: readonly Checkpoint[]): Checkpoint[] {
  const sorted = [...checkpoints].sort(compareCheckpoints);
  return sorted.filter(
    (c, i) => i === 0 || compareCheckpoints(c, sorted[i - 1] as Checkpoint) !== 0,
  );
}
