import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { signalAppended } from './append-signal';
import { beginWith, assertStatement, pipelined, type Statement } from './begin-pipeline';
import { closeCommitHooks, openCommitHooks } from './commit-hooks';
import { DatabaseUnavailable, isDatabaseUnavailable } from './database-unavailable';
import { ConcurrencyConflict } from './errors';
import { schemaNames, type SchemaNames } from './schema';
import { isUniqueViolation, queryPrepared, type Sql } from './sql';
import { withActiveTraceContext } from './trace-context';
import {
  EVENT_COLUMNS,
  isUuid,
  toStoredEvent,
  toStoredMetadata,
  type EventMetadata,
  type NewEvent,
  type StoredEvent,
} from './stored-event';

/** How `appendWith` answers. */
export interface AppendOptions {
  /**
   * Read each appended event's data back from the row (default), or give the data that was
   * passed in: for large events whose caller does not use what `appendWith` returns, reading a
   * document back costs as much as sending it (a triage policy of 10,000 keywords is 147 kB).
   */
  returnData?: boolean;
}

export interface TransactionOptions {
  /**
   * Takes `pg_advisory_xact_lock(hashtextextended(lockKey, 0))` in the same round-trip as
   * BEGIN, before `fn` runs: for commands that serialise on a key (e.g. one customer).
   */
  lockKey?: string;
  /**
   * Several advisory locks, taken like `lockKey` in BEGIN's round-trip, in one statement and in
   * the keys' sorted order (the same order in every transaction, so two cannot deadlock on them).
   */
  lockKeys?: readonly string[];
  /**
   * One more statement sent in BEGIN's round-trip, after the lock, typically the read the
   * command starts with; `fn` gets its result. A parameterised statement: its values go as
   * parameters, never spliced into the text (a plain string is refused).
   */
  opening?: Statement;
}

/**
 * One service's event store: the `events` table of its schema, which is also its outbox.
 * Appends join the caller's transaction so a command's events and everything else it records
 * commit or roll back together.
 */
export class EventStore {
  private readonly names: SchemaNames;
  /** Connections of this store's open transactions that appended: signalled after COMMIT. */
  private readonly appendedIn = new WeakSet<object>();
  /** Connections inside this store's `transaction`, whose commit it therefore sees. */
  private readonly ownTransactions = new WeakSet<object>();

  constructor(
    readonly pool: Pool,
    readonly schema: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.names = schemaNames(schema);
  }

  /**
   * Runs `fn` in one transaction on one pooled connection, which is always given back. When the
   * transaction appended events, this process's outbox relays are woken after COMMIT. Fails
   * with `DatabaseUnavailable` when no connection could be had or the one in use broke.
   */
  async transaction<T>(
    fn: (tx: Sql, opened: QueryResult | undefined) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const { opening } = options;
    if (opening !== undefined) assertStatement(opening, 'opening');
    const keys = [...(options.lockKeys ?? [])];
    if (options.lockKey !== undefined) keys.push(options.lockKey);
    return this.run(keys, opening === undefined ? [] : [opening], (tx, opened) =>
      fn(tx, opened[0]),
    );
  }

  /**
   * Runs `fn` at most once in effect per (consumer, eventId), as `processOnce` describes, with
   * BEGIN, the lock (if any) and the ledger row sent in one round-trip. An `opening` statement
   * goes in the same round-trip after the ledger row (it runs on a redelivery too, so it should
   * be a read), and `fn` gets its result.
   */
  async processOnce(
    consumer: string,
    eventId: string,
    fn: (tx: Sql, opened: QueryResult | undefined) => Promise<void>,
    options: TransactionOptions = {},
  ): Promise<'processed' | 'duplicate'> {
    const { opening } = options;
    if (opening !== undefined) assertStatement(opening, 'opening');
    if (!consumer) throw new TypeError('consumer must be a non-empty string');
    if (!eventId) throw new TypeError('eventId must be a non-empty string');
    const ledger: Statement = {
      text: `INSERT INTO ${this.names.processedEvents} (consumer, event_id)
             VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      values: [consumer, eventId],
    };
    const keys = options.lockKey === undefined ? [] : [options.lockKey];
    const openings = opening === undefined ? [ledger] : [ledger, opening];
    return this.run(keys, openings, async (tx, opened) => {
      if (opened[0]?.rowCount !== 1) return 'duplicate';
      await fn(tx, opened[1]);
      return 'processed';
    });
  }

  /**
   * The transaction itself. BEGIN, the advisory lock and the `openings` statements go in one
   * round-trip, parameterised (begin-pipeline.ts); `fn` gets the openings' results in order.
   */
  private async run<T>(
    lockKeys: readonly string[],
    openings: readonly Statement[],
    fn: (tx: Sql, opened: QueryResult[]) => Promise<T>,
  ): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new DatabaseUnavailable('08001', { cause: error });
    }
    let broken: Error | undefined;
    // A checked-out client whose connection breaks emits 'error' (the pool only listens to idle
    // ones), and an unheard 'error' ends the process. The statement in flight fails anyway.
    let lost: Error | undefined;
    const onError = (error: Error): void => {
      lost ??= error;
    };
    client.on('error', onError);
    this.ownTransactions.add(client);
    this.appendedIn.delete(client);
    openCommitHooks(client);
    try {
      const statements: Statement[] = [];
      if (lockKeys.length === 1) {
        statements.push({
          text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
          values: [lockKeys[0] as string],
        });
      } else if (lockKeys.length > 1) {
        const sorted = [...new Set(lockKeys)].sort();
        statements.push({
          text: `SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
                   FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`,
          values: [sorted],
        });
      }
      statements.push(...openings);
      const results = await beginWith(client, statements);
      const result = await fn(client, results.slice(results.length - openings.length));
      await client.query('COMMIT');
      closeCommitHooks(client, true);
      if (this.appendedIn.has(client)) {
        this.appendedIn.delete(client);
        signalAppended(this.schema);
      }
      return result;
    } catch (error) {
      this.appendedIn.delete(client);
      closeCommitHooks(client, false);
      if (lost === undefined && !isDatabaseUnavailable(error)) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // A connection that cannot roll back is unusable; the pool must not hand it out again.
          broken = toError(rollbackError);
        }
      }
      // Checked after the rollback, whose failure may be the first sign of a broken connection.
      if (lost !== undefined || isDatabaseUnavailable(error)) {
        // The server ended the transaction with the session; the connection is not reused.
        broken ??= lost ?? toError(error);
        if (error instanceof DatabaseUnavailable) throw error;
        throw new DatabaseUnavailable('08006', { cause: error });
      }
      throw error;
    } finally {
      this.ownTransactions.delete(client);
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Appends `events` to `streamId`, which the caller loaded at `expectedVersion` (0: a new
   * stream). Throws ConcurrencyConflict when another transaction appended first.
   *
   * Besides the primary key, the statement refuses to append after an event written by a
   * transaction with a larger `xid8` than the caller's: the relay publishes in
   * (transaction_id, position) order, so this keeps every stream's events in version order on
   * the topic. It only happens when the caller's transaction wrote something before another
   * transaction appended to the same stream and committed; the retry starts a new transaction.
   */
  async append(
    tx: Sql,
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    meta: EventMetadata,
    options: AppendOptions = {},
  ): Promise<StoredEvent[]> {
    return (await this.appendWith(tx, streamId, expectedVersion, events, meta, [], options)).events;
  }

  /**
   * `append`, with `alongside` statements sent after it in the same round-trip (one Sync), for
   * what a command writes beside its events (a read table's row, an answer): their results come
   * back in order. When the append conflicts, the statements may have run too; the caller's
   * transaction (or savepoint) is rolled back on the ConcurrencyConflict anyway. `tx` must be a
   * transaction's pg client for the single round-trip; any other `Sql` runs them one by one.
   */
  async appendWith(
    tx: Sql,
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    meta: EventMetadata,
    alongside: readonly Statement[],
    { returnData = true }: AppendOptions = {},
  ): Promise<{ events: StoredEvent[]; results: QueryResult[] }> {
    if (typeof streamId !== 'string' || streamId.length === 0) {
      throw new TypeError('streamId must be a non-empty string');
    }
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(
        `expectedVersion must be a non-negative integer, got ${expectedVersion}`,
      );
    }
    alongside.forEach((statement, i) => assertStatement(statement, `alongside[${i}]`));
    if (events.length === 0) {
      const results: QueryResult[] = [];
      for (const { text, values } of alongside) {
        results.push((await tx.query(text, [...values])) as QueryResult);
      }
      return { events: [], results };
    }
    const metadata = toStoredMetadata(withActiveTraceContext(meta));
    const rows = events.map(eventRow);
    const insert: Statement = {
      text: `INSERT INTO ${this.names.events}
           (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at)
         SELECT (e.doc->>'event_id')::uuid, $1, $2::int + e.ord::int, e.doc->>'type',
                (e.doc->>'schema_version')::int, e.doc->'data', $4::jsonb, $5::timestamptz
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(doc, ord)
          WHERE $2::int = 0 OR EXISTS (
                  SELECT 1 FROM ${this.names.events} p
                   WHERE p.stream_id = $1 AND p.stream_version = $2::int
                     AND p.transaction_id <= pg_current_xact_id())
          ORDER BY e.ord
         RETURNING ${returnData ? EVENT_COLUMNS : EVENT_COLUMNS_BUT_DATA}`,
      values: [
        streamId,
        expectedVersion,
        JSON.stringify(rows),
        JSON.stringify(metadata),
        this.clock(),
      ],
      prepared: true,
    };

    let result: { rows: Record<string, unknown>[]; rowCount: number | null };
    let results: QueryResult[];
    try {
      if (alongside.length === 0) {
        result = await queryPrepared(tx, insert.text, [...insert.values]);
        results = [];
      } else if (isPgClient(tx)) {
        [result, ...results] = (await pipelined(tx, [insert, ...alongside])) as [
          QueryResult,
          ...QueryResult[],
        ];
      } else {
        result = await queryPrepared(tx, insert.text, [...insert.values]);
        results = [];
        for (const { text, values } of alongside) {
          results.push((await tx.query(text, [...values])) as QueryResult);
        }
      }
    } catch (error) {
      if (isUniqueViolation(error, 'events_pkey')) {
        throw new ConcurrencyConflict(streamId, expectedVersion);
      }
      throw error;
    }
    // Nothing inserted: the expected version does not exist (yet, for us) or was written by a
    // later transaction; either way the caller decided on state that is not the stream's.
    if (result.rows.length !== events.length) {
      throw new ConcurrencyConflict(streamId, expectedVersion);
    }
    if (this.ownTransactions.has(tx)) {
      this.appendedIn.add(tx);
    } else {
      // Committed on the caller's own terms (autocommit, or a transaction this store does not
      // see end): wake the relays now; until the commit is visible they poll at a short interval.
      queueMicrotask(() => signalAppended(this.schema));
    }
    const stored = result.rows.map((row) =>
      // Not read back: the data given, which is what was stored (as jsonb reads JSON).
      toStoredEvent(returnData ? row : { ...row, data: dataOf(events, expectedVersion, row) }),
    );
    return { events: stored.sort((a, b) => a.streamVersion - b.streamVersion), results };
  }

  /**
   * Appends the first events of many new streams in one statement (a batch of registrations
   * brought in together). Each stream must not exist yet: an existing one fails the whole
   * statement with ConcurrencyConflict, like `append` at version 0. `returnData` as for
   * `appendWith`.
   */
  async appendNewStreams(
    tx: Sql,
    streams: readonly { streamId: string; events: NewEvent[] }[],
    meta: EventMetadata,
    { returnData = true }: AppendOptions = {},
  ): Promise<StoredEvent[]> {
    const metadata = toStoredMetadata(withActiveTraceContext(meta));
    const rows = streams.flatMap(({ streamId, events }) => {
      if (typeof streamId !== 'string' || streamId.length === 0) {
        throw new TypeError('streamId must be a non-empty string');
      }
      return events.map((e, i) => ({
        stream_id: streamId,
        stream_version: i + 1,
        ...eventRow(e, i),
      }));
    });
    if (rows.length === 0) return [];
    let result: { rows: Record<string, unknown>[] };
    try {
      result = await queryPrepared(
        tx,
        `INSERT INTO ${this.names.events}
           (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at)
         SELECT (e.doc->>'event_id')::uuid, e.doc->>'stream_id', (e.doc->>'stream_version')::int,
                e.doc->>'type', (e.doc->>'schema_version')::int, e.doc->'data', $2::jsonb,
                $3::timestamptz
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, ord)
          ORDER BY e.ord
         RETURNING ${returnData ? EVENT_COLUMNS : EVENT_COLUMNS_BUT_DATA}`,
        [JSON.stringify(rows), JSON.stringify(metadata), this.clock()],
      );
    } catch (error) {
      if (isUniqueViolation(error, 'events_pkey')) {
        const streamId = /\(stream_id, stream_version\)=\(([^,]*),/.exec(
          String((error as { detail?: unknown }).detail),
        )?.[1];
        throw new ConcurrencyConflict(streamId ?? streams[0]?.streamId ?? '', 0);
      }
      throw error;
    }
    if (this.ownTransactions.has(tx)) this.appendedIn.add(tx);
    else queueMicrotask(() => signalAppended(this.schema));
    if (returnData) return result.rows.map(toStoredEvent);
    const given = new Map(streams.map(({ streamId, events }) => [streamId, events] as const));
    return result.rows.map((row) =>
      toStoredEvent({ ...row, data: dataOf(given.get(String(row.stream_id)) ?? [], 0, row) }),
    );
  }

  /** The whole stream in version order; pass `tx` to read inside a command's transaction. */
  async readStream(streamId: string, tx: Sql = this.pool): Promise<StoredEvent[]> {
    const { rows } = await tx.query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.names.events}
        WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Committed events with `position > fromPosition`, in position order. For inspection and
   * replays of a quiet store only: a position can become visible after a larger one (the gap
   * problem), so never tail the store with it; the OutboxRelay does that correctly.
   */
  async readAll(fromPosition = 0, limit = 1000, tx: Sql = this.pool): Promise<StoredEvent[]> {
    if (!Number.isSafeInteger(fromPosition) || fromPosition < 0) {
      throw new RangeError(`fromPosition must be a non-negative integer, got ${fromPosition}`);
    }
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    }
    const { rows } = await tx.query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.names.events}
        WHERE position > $1 ORDER BY position LIMIT $2`,
      [fromPosition, limit],
    );
    return rows.map(toStoredEvent);
  }
}

/** The columns of an event row but its data, for an append that does not read the data back. */
const EVENT_COLUMNS_BUT_DATA = EVENT_COLUMNS.split(', ')
  .filter((column) => column !== 'data')
  .join(', ');

/** The data of the appended event a returned row stands for (by its stream version). */
function dataOf(
  events: readonly NewEvent[],
  expectedVersion: number,
  row: Record<string, unknown>,
) {
  return events[Number(row.stream_version) - expectedVersion - 1]?.data;
}

/** An event as `append` stores it; the checks every appended event passes. */
function eventRow(e: NewEvent, i: number) {
  if (typeof e.type !== 'string' || e.type.length === 0) {
    throw new TypeError(`event ${i}: type must be a non-empty string`);
  }
  if (!Number.isSafeInteger(e.schemaVersion) || e.schemaVersion < 1) {
    throw new RangeError(`event ${i}: schemaVersion must be a positive integer`);
  }
  if (e.data === undefined) throw new TypeError(`event ${i}: data is required`);
  if (e.id !== undefined && !isUuid(e.id)) throw new TypeError(`event ${i}: id must be a UUID`);
  return {
    event_id: e.id ?? randomUUID(),
    type: e.type,
    schema_version: e.schemaVersion,
    data: e.data,
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A pg client (of a pool or not), which can take a pipeline; a Pool or another `Sql` cannot. */
function isPgClient(sql: Sql): sql is Sql & PoolClient {
  const candidate = sql as unknown as Record<string, unknown>;
  return (
    typeof candidate['escapeLiteral'] === 'function' && typeof candidate['connection'] === 'object'
  );
}
