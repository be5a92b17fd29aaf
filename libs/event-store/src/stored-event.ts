import type { Actor, AuthType } from '@redress/contracts';

/** An event a command decided, before it is stored. */
export interface NewEvent {
  /** A UUID; generated when absent. Pass one to make a retried append recognisable. */
  id?: string;
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** What every event of one append shares: who caused it and in reply to what. */
export interface EventMetadata {
  /** `/redress/<service>` */
  source: string;
  correlationId: string;
  causationId?: string;
  actor: Actor;
  /**
   * W3C trace context (`traceparent`, `tracestate`) of the work appending the events. When
   * absent, `EventStore.append` takes it from the active OpenTelemetry context, if any.
   */
  traceparent?: string;
  tracestate?: string;
}

/** `metadata` as stored: the CloudEvents extension attributes, named as on the wire. */
export interface StoredEventMetadata {
  source: string;
  correlationid: string;
  causationid?: string;
  authtype: AuthType;
  authid: string;
  authclaims?: { roles?: string[]; department?: string };
  traceparent?: string;
  tracestate?: string;
}

export interface StoredEvent {
  /** Global, gap-prone insertion order within the schema; never a publication cursor. */
  position: number;
  /** The writing transaction's `xid8`, as a decimal string; with `position` the relay's order. */
  transactionId: string;
  streamId: string;
  /** 1-based position of the event in its stream. */
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: StoredEventMetadata;
  recordedAt: Date;
}

export const EVENT_COLUMNS =
  'position, transaction_id, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at';

const AUTH_TYPES: ReadonlySet<string> = new Set<AuthType>([
  'app_user',
  'service_account',
  'system',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function toStoredMetadata(meta: EventMetadata): StoredEventMetadata {
  const { actor } = meta;
  if (!meta.source) throw new TypeError('event metadata needs a source');
  if (!meta.correlationId) throw new TypeError('event metadata needs a correlationId');
  if (!AUTH_TYPES.has(actor.type)) throw new TypeError(`unknown actor type ${actor.type}`);
  if (!actor.id) throw new TypeError('event metadata needs an actor id');
  const stored: StoredEventMetadata = {
    source: meta.source,
    correlationid: meta.correlationId,
    authtype: actor.type,
    authid: actor.id,
  };
  if (meta.causationId !== undefined) stored.causationid = meta.causationId;
  if (meta.traceparent !== undefined) stored.traceparent = meta.traceparent;
  if (meta.tracestate !== undefined) stored.tracestate = meta.tracestate;
  if (actor.roles !== undefined || actor.department !== undefined) {
    stored.authclaims = {};
    if (actor.roles !== undefined) stored.authclaims.roles = [...actor.roles];
    if (actor.department !== undefined) stored.authclaims.department = actor.department;
  }
  return stored;
}

/**
 * Rows come back from our own table, yet a hand-edited row or a bad migration must fail loudly
 * here rather than as an undefined deep inside a projection.
 */
export function toStoredEvent(row: Record<string, unknown>): StoredEvent {
  return {
    position: safeInteger(row.position, 'position'),
    transactionId: text(row.transaction_id, 'transaction_id'),
    eventId: text(row.event_id, 'event_id'),
    streamId: text(row.stream_id, 'stream_id'),
    streamVersion: safeInteger(row.stream_version, 'stream_version'),
    type: text(row.type, 'type'),
    schemaVersion: safeInteger(row.schema_version, 'schema_version'),
    data: row.data,
    metadata: parseMetadata(row.metadata),
    recordedAt: timestamp(row.recorded_at, 'recorded_at'),
  };
}

function parseMetadata(value: unknown): StoredEventMetadata {
  if (typeof value !== 'object' || value === null) throw malformed('metadata', value);
  const m = value as Record<string, unknown>;
  const authtype = text(m.authtype, 'metadata.authtype');
  if (!AUTH_TYPES.has(authtype)) throw malformed('metadata.authtype', authtype);
  const parsed: StoredEventMetadata = {
    source: text(m.source, 'metadata.source'),
    correlationid: text(m.correlationid, 'metadata.correlationid'),
    authtype: authtype as AuthType,
    authid: text(m.authid, 'metadata.authid'),
  };
  if (m.causationid !== undefined) parsed.causationid = text(m.causationid, 'metadata.causationid');
  if (m.traceparent !== undefined) parsed.traceparent = text(m.traceparent, 'metadata.traceparent');
  if (m.tracestate !== undefined) parsed.tracestate = text(m.tracestate, 'metadata.tracestate');
  if (m.authclaims !== undefined) {
    if (typeof m.authclaims !== 'object' || m.authclaims === null) {
      throw malformed('metadata.authclaims', m.authclaims);
    }
    const c = m.authclaims as Record<string, unknown>;
    parsed.authclaims = {};
    if (c.roles !== undefined) {
      if (!Array.isArray(c.roles) || !c.roles.every((r) => typeof r === 'string')) {
        throw malformed('metadata.authclaims.roles', c.roles);
      }
      parsed.authclaims.roles = c.roles as string[];
    }
    if (c.department !== undefined) {
      parsed.authclaims.department = text(c.department, 'metadata.authclaims.department');
    }
  }
  return parsed;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw malformed(field, value);
  return value;
}

/** int8 arrives as a string from node-postgres; positions stay far below 2^53. */
function safeInteger(value: unknown, field: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw malformed(field, value);
  return n;
}

function timestamp(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw malformed(field, value);
  return value;
}

/**
 * A stored row that does not decode into an event. Its message names the field and the kind of
 * value found, never the value: it ends up in logs and in the outbox quarantine.
 */
export class MalformedStoredEvent extends Error {
  constructor(
    readonly field: string,
    found: string,
  ) {
    super(`malformed stored event: ${field} is ${found}`);
    this.name = 'MalformedStoredEvent';
  }
}

function malformed(field: string, value: unknown): MalformedStoredEvent {
  return new MalformedStoredEvent(field, kindOf(value));
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'an invalid date';
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : 'a string not allowed here';
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? 'a number not allowed here' : 'not a safe integer';
  return `a ${typeof value}`;
}

/**
 * A JSON document kept as the text PostgreSQL gave, for code that only passes it on: the outbox
 * relay hands events to Kafka as they are stored, and parsing 100 kB of data only to serialise
 * it again cost more than sending it. `JSON.stringify` of it still gives the document (`toJSON`
 * parses it); a writer that knows it puts `text` in place as it is (the messaging lib's records).
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}
