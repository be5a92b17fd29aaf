import type { QueryResult } from 'pg';
import type { EventStore, TransactionOptions } from './event-store';
import { schemaNames } from './schema';
import { queryPrepared, type Sql } from './sql';

/**
 * Records that `consumer` handled `eventId`, inside the transaction that holds the handler's
 * effects. Returns false when it was already recorded: the delivery is a redelivery and the
 * caller must skip it. A concurrent delivery of the same event waits here until the first
 * transaction ends, then sees its row (or takes over if that one rolled back).
 */
export async function markProcessed(
  tx: Sql,
  schema: string,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  if (!consumer) throw new TypeError('consumer must be a non-empty string');
  if (!eventId) throw new TypeError('eventId must be a non-empty string');
  const { rowCount } = await queryPrepared(
    tx,
    `INSERT INTO ${schemaNames(schema).processedEvents} (consumer, event_id)
     VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [consumer, eventId],
  );
  return rowCount === 1;
}

/**
 * Runs `fn` at most once in effect per (consumer, eventId): the ledger row and fn's writes
 * commit together, and a redelivery finds the row and does nothing. If fn throws, nothing is
 * recorded and the event can be delivered again. With `lockKey`, the advisory lock is taken
 * before the ledger row; BEGIN, lock and ledger row cost one round-trip together. With
 * `opening`, one more statement (a read) goes in that round-trip after the ledger row, and `fn`
 * gets its result.
 */
export async function processOnce(
  store: EventStore,
  consumer: string,
  eventId: string,
  fn: (tx: Sql, opened: QueryResult | undefined) => Promise<void>,
  options: TransactionOptions = {},
): Promise<'processed' | 'duplicate'> {
  return store.processOnce(consumer, eventId, fn, options);
}
