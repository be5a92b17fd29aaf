import { schemaNames, type SchemaNames } from './schema';
import { queryPrepared, type Sql } from './sql';
import {
  EVENT_COLUMNS,
  JsonText,
  MalformedStoredEvent,
  toStoredEvent,
  type StoredEvent,
} from './stored-event';

/** Why an event was set aside instead of published. */
export type QuarantineReason = 'rejected' | 'unreadable' | 'held';

/** One row the relay read: the event, or why it could not be read, and where it stands. */
export interface OutboxEntry {
  position: number;
  transactionId: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  /** Undefined when the row does not decode; `unreadable` says why. */
  event: StoredEvent | undefined;
  unreadable: string | undefined;
  /** An earlier event of the stream waits in the quarantine: this one must wait behind it. */
  held: boolean;
}

export interface SetAside {
  entry: OutboxEntry;
  reason: QuarantineReason;
  /** What the broker or the decoder said; never the event's payload. */
  error: string;
}

export interface SendOutcome {
  /** Entries handled from the start, published or set aside; the checkpoint may pass them. */
  done: number;
  published: number;
  setAside: SetAside[];
  /** A failure worth retrying that stopped the batch after `done` entries. */
  failure?: unknown;
}

export type Publish = (events: StoredEvent[]) => Promise<void>;

/**
 * Columns every read of the outbox selects: the event's, and whether its stream is held.
 * `dataAsText`: the data as its JSON text (`toEntry` then gives it as `JsonText`).
 */
export function entryColumns(
  names: SchemaNames,
  relayParameter: string,
  dataAsText = false,
): string {
  const columns = dataAsText
    ? EVENT_COLUMNS.replace(/\bdata\b/, 'data::text AS data')
    : EVENT_COLUMNS;
  return `${columns}, EXISTS (
            SELECT 1 FROM ${names.outboxQuarantine} q
             WHERE q.name = ${relayParameter} AND q.stream_id = e.stream_id
               AND q.resolved_at IS NULL) AS held`;
}

/**
 * Decodes one row. The identifying columns are typed NOT NULL in the table, so they can be read
 * even when the rest of the row cannot: enough to set the event aside and find it again.
 * `dataAsText`: the row was read with `entryColumns(…, true)`.
 */
export function toEntry(row: Record<string, unknown>, dataAsText = false): OutboxEntry {
  const base = {
    position: Number(row.position),
    transactionId: String(row.transaction_id),
    eventId: String(row.event_id),
    streamId: String(row.stream_id),
    streamVersion: Number(row.stream_version),
    type: String(row.type),
    held: row.held === true,
  };
  try {
    const read =
      dataAsText && typeof row.data === 'string' ? { ...row, data: new JsonText(row.data) } : row;
    return { ...base, event: toStoredEvent(read), unreadable: undefined };
  } catch (error) {
    if (!(error instanceof MalformedStoredEvent)) throw error;
    return { ...base, event: undefined, unreadable: error.message };
  }
}

/**
 * Publishes `entries` in order and sets aside those that can never be published, so that one
 * bad event does not stop the others:
 * - an unreadable row is set aside without being tried;
 * - when `publish` fails with an error `isUnpublishable` recognises, the batch is split in
 *   halves until the first event that fails alone is found: the events before it are published
 *   (some perhaps twice, as at-least-once allows), it is set aside, and the rest continue;
 * - every later event of a stream with an event set aside is set aside too (`held`), so that
 *   each complaint's events still reach consumers in order once the stream is released.
 * Any other failure stops the batch: the outcome says how far it got, and the caller retries
 * from there.
 */
export async function sendInOrder(
  entries: readonly OutboxEntry[],
  publish: Publish,
  isUnpublishable: (error: unknown) => boolean,
): Promise<SendOutcome> {
  const blockedBy = new Map<string, string>();
  const setAside: SetAside[] = [];
  let done = 0;
  let published = 0;
  const passable = (entry: OutboxEntry): entry is OutboxEntry & { event: StoredEvent } =>
    entry.event !== undefined && !entry.held && !blockedBy.has(entry.streamId);
  try {
    while (done < entries.length) {
      const entry = entries[done] as OutboxEntry;
      if (!passable(entry)) {
        if (entry.held || blockedBy.has(entry.streamId)) {
          const blocker = blockedBy.get(entry.streamId) ?? 'an earlier quarantined event';
          setAside.push({ entry, reason: 'held', error: `waits behind ${blocker} of its stream` });
          blockedBy.set(entry.streamId, blocker);
        } else {
          setAside.push({ entry, reason: 'unreadable', error: entry.unreadable ?? 'unreadable' });
          blockedBy.set(entry.streamId, entry.eventId);
        }
        done += 1;
        continue;
      }
      const run: StoredEvent[] = [];
      for (let i = done; i < entries.length; i++) {
        const next = entries[i] as OutboxEntry;
        if (!passable(next)) break;
        run.push(next.event);
      }
      const result = await publishFinding(run, publish, isUnpublishable);
      done += result.published;
      published += result.published;
      if (result.failure !== undefined)
        return { done, published, setAside, failure: result.failure };
      if (result.rejected !== undefined) {
        const culprit = entries[done] as OutboxEntry;
        setAside.push({ entry: culprit, reason: 'rejected', error: describe(result.rejected) });
        blockedBy.set(culprit.streamId, culprit.eventId);
        done += 1;
      }
    }
  } catch (failure) {
    return { done, published, setAside, failure };
  }
  return { done, published, setAside };
}

/**
 * Publishes `events` in order; on an unpublishable error, halves the batch (left first) until
 * the first event that fails on its own. O(log n) extra sends for one bad event among n. Any
 * other failure ends the search with what was published before it.
 */
async function publishFinding(
  events: StoredEvent[],
  publish: Publish,
  isUnpublishable: (error: unknown) => boolean,
): Promise<{ published: number; rejected?: unknown; failure?: unknown }> {
  try {
    await publish(events);
    return { published: events.length };
  } catch (error) {
    if (!isUnpublishable(error)) return { published: 0, failure: error };
    if (events.length === 1) return { published: 0, rejected: error };
  }
  const middle = Math.ceil(events.length / 2);
  const left = await publishFinding(events.slice(0, middle), publish, isUnpublishable);
  if (left.rejected !== undefined || left.failure !== undefined) return left;
  const right = await publishFinding(events.slice(middle), publish, isUnpublishable);
  return { ...right, published: middle + right.published };
}

/** Broker errors are short and payload-free; a cap keeps a pathological one out of the table. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
}

/**
 * Records `setAside` for relay `name`. An event already in the quarantine (set aside again after
 * a release or a checkpoint reset) is reopened with the new reason.
 */
export async function recordSetAside(
  tx: Sql,
  schema: string,
  name: string,
  setAside: readonly SetAside[],
): Promise<void> {
  if (setAside.length === 0) return;
  const { outboxQuarantine } = schemaNames(schema);
  await queryPrepared(
    tx,
    `INSERT INTO ${outboxQuarantine} AS q
       (name, event_id, position, stream_id, stream_version, type, reason, error)
     SELECT $1, u.event_id::uuid, u.position, u.stream_id, u.stream_version, u.type, u.reason, u.error
       FROM unnest($2::text[], $3::bigint[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[])
         AS u(event_id, position, stream_id, stream_version, type, reason, error)
     ON CONFLICT (name, event_id) DO UPDATE
       -- Still open and now merely held (read again after a checkpoint reset): keeps its cause.
       SET reason = CASE WHEN q.resolved_at IS NULL AND EXCLUDED.reason = 'held'
                         THEN q.reason ELSE EXCLUDED.reason END,
           error = CASE WHEN q.resolved_at IS NULL AND EXCLUDED.reason = 'held'
                        THEN q.error ELSE EXCLUDED.error END,
           attempts = q.attempts + 1,
           quarantined_at = now(), release_requested_at = NULL, resolved_at = NULL,
           resolution = NULL`,
    [
      name,
      setAside.map((s) => s.entry.eventId),
      setAside.map((s) => s.entry.position),
      setAside.map((s) => s.entry.streamId),
      setAside.map((s) => s.entry.streamVersion),
      setAside.map((s) => s.entry.type),
      setAside.map((s) => s.reason),
      setAside.map((s) => s.error),
    ],
  );
}

/** Streams of relay `name` an operator released (`OutboxAdmin.release`), oldest request first. */
export async function releasedStreams(sql: Sql, schema: string, name: string): Promise<string[]> {
  const { rows } = await queryPrepared<{ stream_id: string }>(
    sql,
    `SELECT stream_id FROM ${schemaNames(schema).outboxQuarantine}
      WHERE name = $1 AND resolved_at IS NULL AND release_requested_at IS NOT NULL
      GROUP BY stream_id ORDER BY min(release_requested_at), stream_id LIMIT 100`,
    [name],
  );
  return rows.map((r) => r.stream_id);
}

/** Every open quarantine entry of one stream, in stream order, with the event as it is now. */
export async function openEntriesOf(
  sql: Sql,
  schema: string,
  name: string,
  streamId: string,
): Promise<OutboxEntry[]> {
  const names = schemaNames(schema);
  const { rows } = await queryPrepared<Record<string, unknown>>(
    sql,
    `SELECT ${EVENT_COLUMNS.split(', ')
      .map((c) => `e.${c}`)
      .join(', ')}, false AS held
       FROM ${names.outboxQuarantine} q JOIN ${names.events} e ON e.event_id = q.event_id
      WHERE q.name = $1 AND q.stream_id = $2 AND q.resolved_at IS NULL
      ORDER BY e.stream_version`,
    [name, streamId],
  );
  return rows.map((row) => toEntry(row));
}

/** Marks released entries published, in the transaction that records those set aside again. */
export async function resolvePublished(
  tx: Sql,
  schema: string,
  name: string,
  eventIds: readonly string[],
): Promise<void> {
  if (eventIds.length === 0) return;
  await queryPrepared(
    tx,
    `UPDATE ${schemaNames(schema).outboxQuarantine}
        SET resolved_at = now(), resolution = 'published'
      WHERE name = $1 AND event_id = ANY($2::uuid[]) AND resolved_at IS NULL`,
    [name, eventIds],
  );
}
