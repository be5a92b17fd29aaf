/**
 * Names of one service's event-store tables. The schema name is spliced into SQL text (Postgres
 * cannot bind identifiers as parameters), so it is checked once here and every statement of this
 * lib uses the quoted names built from it.
 */
export interface SchemaNames {
  schema: string;
  events: string;
  processedEvents: string;
  outboxCheckpoints: string;
  outboxQuarantine: string;
  idempotencyKeys: string;
}

// Lower case only, so the unquoted and quoted spellings name the same schema; 56 characters at
// most, so names derived from it (`<schema>_events`) stay within Postgres' 63-byte identifiers.
const SAFE_SCHEMA = /^[a-z_][a-z0-9_]{0,55}$/;

export function assertSchemaName(schema: string): void {
  if (typeof schema !== 'string' || !SAFE_SCHEMA.test(schema)) {
    throw new TypeError(
      `event store schema must match ${SAFE_SCHEMA.source}, got ${JSON.stringify(schema)}`,
    );
  }
  if (schema.startsWith('pg_')) {
    throw new TypeError(`event store schema must not use the reserved prefix pg_: ${schema}`);
  }
}

export function schemaNames(schema: string): SchemaNames {
  assertSchemaName(schema);
  const q = `"${schema}"`;
  return {
    schema,
    events: `${q}.events`,
    processedEvents: `${q}.processed_events`,
    outboxCheckpoints: `${q}.outbox_checkpoints`,
    outboxQuarantine: `${q}.outbox_quarantine`,
    idempotencyKeys: `${q}.idempotency_keys`,
  };
}

/**
 * DDL of the event store in `schema`, one statement per entry, safe to run again (services run
 * them from their TypeORM migrations). The schema itself must already exist: creating it needs
 * CREATE on the database, which a service's runtime role usually lacks.
 *
 * Requires PostgreSQL 14 or later (`xid8` ordering).
 *
 * Relays are woken in process (see append-signal.ts) and poll adaptively; there is no NOTIFY
 * trigger. Schemas created by earlier versions have one: drop it with `dropNotifyTriggerSql`.
 */
export function eventStoreSchemaSql(schema: string): string[] {
  const n = schemaNames(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${n.events} (
  position bigint GENERATED ALWAYS AS IDENTITY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  stream_version integer NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_pkey PRIMARY KEY (stream_id, stream_version),
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_version_check CHECK (stream_version > 0),
  CONSTRAINT events_schema_version_check CHECK (schema_version > 0)
)`,
    // Events of 100 kB and more (a registration at its limits, a triage policy) are common.
    ...columnCompressionSql([`${schema}.events.data`]),
    `CREATE UNIQUE INDEX IF NOT EXISTS events_position_key ON ${n.events} (position)`,
    // The relay tails the store in (transaction_id, position) order; see outbox-relay.ts.
    `CREATE INDEX IF NOT EXISTS events_transaction_position_idx ON ${n.events} (transaction_id, position)`,
    `CREATE TABLE IF NOT EXISTS ${n.processedEvents} (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT processed_events_pkey PRIMARY KEY (consumer, event_id)
)`,
    `CREATE TABLE IF NOT EXISTS ${n.outboxCheckpoints} (
  name text NOT NULL,
  transaction_id xid8 NOT NULL DEFAULT '0',
  position bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT outbox_checkpoints_pkey PRIMARY KEY (name)
)`,
    `CREATE TABLE IF NOT EXISTS ${n.idempotencyKeys} (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, key)
)`,
    ...retentionIndexSql(schema),
    ...outboxQuarantineSql(schema),
  ];
}

/**
 * The outbox quarantine: events a relay set aside instead of publishing (outbox-relay.ts), one
 * row per relay and event, kept after it is resolved as the record of what happened. `reason`:
 * `rejected` (the broker refuses the event itself, e.g. too large), `unreadable` (the row does
 * not decode into an event) or `held` (a later event of a stream whose earlier event is set
 * aside, kept back so that the stream's events reach consumers in order). No payload is copied:
 * the event stays in `events`. Part of `eventStoreSchemaSql`; existing schemas run this from a
 * migration.
 */
export function outboxQuarantineSql(schema: string): string[] {
  const n = schemaNames(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${n.outboxQuarantine} (
  name text NOT NULL,
  event_id uuid NOT NULL,
  position bigint NOT NULL,
  stream_id text NOT NULL,
  stream_version integer NOT NULL,
  type text NOT NULL,
  reason text NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL DEFAULT 1,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  release_requested_at timestamptz,
  resolved_at timestamptz,
  resolution text,
  CONSTRAINT outbox_quarantine_pkey PRIMARY KEY (name, event_id),
  CONSTRAINT outbox_quarantine_reason_check CHECK (reason IN ('rejected', 'unreadable', 'held')),
  CONSTRAINT outbox_quarantine_resolution_check CHECK (
    (resolved_at IS NULL AND resolution IS NULL) OR resolution IN ('published', 'discarded'))
)`,
    // The relay asks "is this stream held?" for every event it reads: only open rows count.
    `CREATE INDEX IF NOT EXISTS outbox_quarantine_open_idx
       ON ${n.outboxQuarantine} (name, stream_id) WHERE resolved_at IS NULL`,
  ];
}

/** Drops the quarantine (a migration's `down`). */
export function dropOutboxQuarantineSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS ${schemaNames(schema).outboxQuarantine}`];
}

const RETENTION_INDEXES = {
  idempotencyKeys: 'idempotency_keys_created_at_idx',
  processedEvents: 'processed_events_processed_at_idx',
} as const;

/**
 * Indexes the retention sweep (`purgeExpired`) finds old rows by. BRIN: rows arrive in time
 * order, so a few pages of summaries serve, and writes barely pay for them. Part of
 * `eventStoreSchemaSql`; schemas created before it run these from a migration.
 */
export function retentionIndexSql(schema: string): string[] {
  const n = schemaNames(schema);
  return [
    `CREATE INDEX IF NOT EXISTS ${RETENTION_INDEXES.idempotencyKeys}
       ON ${n.idempotencyKeys} USING brin (created_at)`,
    `CREATE INDEX IF NOT EXISTS ${RETENTION_INDEXES.processedEvents}
       ON ${n.processedEvents} USING brin (processed_at)`,
  ];
}

/** Drops the indexes of `retentionIndexSql` (a migration's `down`). */
export function dropRetentionIndexSql(schema: string): string[] {
  const { schema: name } = schemaNames(schema);
  return Object.values(RETENTION_INDEXES).map((index) => `DROP INDEX IF EXISTS "${name}".${index}`);
}

/**
 * Drops the `pg_notify` trigger that earlier versions of `eventStoreSchemaSql` created on
 * `<schema>.events`: its NOTIFY takes a database-wide lock at every commit and so serialised
 * all appending transactions. Safe to run again, and on schemas that never had it.
 */
export function dropNotifyTriggerSql(schema: string): string[] {
  const n = schemaNames(schema);
  const q = `"${schema}"`;
  return [
    `DROP TRIGGER IF EXISTS events_notify ON ${n.events}`,
    `DROP FUNCTION IF EXISTS ${q}.notify_events()`,
  ];
}

/**
 * The trigger of earlier versions, for a migration's `down` that restores the previous state.
 */
export function createNotifyTriggerSql(schema: string): string[] {
  const n = schemaNames(schema);
  const q = `"${schema}"`;
  return [
    `CREATE OR REPLACE FUNCTION ${q}.notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_events', '');
  RETURN NULL;
END
$$`,
    `CREATE OR REPLACE TRIGGER events_notify AFTER INSERT ON ${n.events}
  FOR EACH STATEMENT EXECUTE FUNCTION ${q}.notify_events()`,
  ];
}

const QUALIFIED_COLUMN = /^[a-z_][a-z0-9_]{0,55}\.[a-z_][a-z0-9_]{0,62}\.[a-z_][a-z0-9_]{0,62}$/;

/**
 * Makes PostgreSQL compress new values of large JSON columns (`schema.table.column`) with lz4
 * instead of its default pglz: storing a 130 kB event took 3–5 ms with pglz and 1.3–1.8 ms with
 * lz4 here, and reading it back is faster too; the stored size is about the same. Values stored
 * before keep their compression (both are read alike). A server built without lz4 keeps pglz:
 * the statement is then a no-op rather than a failed migration. `'pglz'` undoes it.
 */
export function columnCompressionSql(
  columns: readonly string[],
  method: 'lz4' | 'pglz' = 'lz4',
): string[] {
  return columns.map((qualified) => {
    if (!QUALIFIED_COLUMN.test(qualified)) {
      throw new TypeError(`expected schema.table.column in lower case, got ${qualified}`);
    }
    const [schema, table, column] = qualified.split('.') as [string, string, string];
    return `DO $$ BEGIN
  ALTER TABLE "${schema}"."${table}" ALTER COLUMN "${column}" SET COMPRESSION ${method};
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this server has no % compression; "%"."%" keeps its own', '${method}', '${table}', '${column}';
END $$`;
  });
}
