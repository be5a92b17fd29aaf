import { assertSchemaName } from '@redress/event-store';

/**
 * The timers table of one service's schema, quoted for SQL text. The schema name is spliced into
 * statements (Postgres cannot bind identifiers), so it is checked here with the event store's
 * rule: lower-case letters, digits and `_`.
 */
export function timersTable(schema: string): string {
  assertSchemaName(schema);
  return `"${schema}".timers`;
}

/**
 * DDL of the timers table in `schema`, one statement per entry, safe to run again (a service runs
 * them from its migration, like `eventStoreSchemaSql`). The schema must exist already.
 *
 * - `key` identifies a timer for its whole life: scheduling the same key again replaces (or
 *   keeps) it, cancel and reschedule name it.
 * - `status` is `pending` (waiting for `due_at`, or retried after a failure) or `parked` (its
 *   handler failed `maxAttempts` times; kept with `last_error` until someone reschedules or
 *   cancels it). A timer that fired is deleted in the transaction of its effect.
 * A worker takes due timers by deleting them, `FOR UPDATE SKIP LOCKED`, in the transaction that
 * runs their handlers: no claim is stored, and a worker that dies mid-firing leaves nothing
 * behind but a rolled-back transaction.
 */
export function timersSchemaSql(schema: string): string[] {
  const table = timersTable(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
  key text NOT NULL,
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT 'null',
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT timers_pkey PRIMARY KEY (key),
  CONSTRAINT timers_status_check CHECK (status IN ('pending', 'parked')),
  CONSTRAINT timers_attempts_check CHECK (attempts >= 0)
)`,
    // Workers take pending timers in due order, and look up the next due time.
    `CREATE INDEX IF NOT EXISTS timers_due_idx ON ${table} (due_at) WHERE status = 'pending'`,
    `CREATE INDEX IF NOT EXISTS timers_parked_idx ON ${table} (kind) WHERE status = 'parked'`,
  ];
}

/** Drops the table of `timersSchemaSql` with every timer in it (a migration's `down`). */
export function dropTimersSchemaSql(schema: string): string[] {
  return [`DROP TABLE IF EXISTS ${timersTable(schema)}`];
}
