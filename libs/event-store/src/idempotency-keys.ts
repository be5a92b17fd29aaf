import { createHash } from 'node:crypto';
import { DomainError } from '@redress/contracts';
import { IdempotencyKeyConflict, retryOnConflict } from './errors';
import type { EventStore } from './event-store';
import { schemaNames, type SchemaNames } from './schema';
import type { Sql } from './sql';

/** The first answer given to a request with a given Idempotency-Key. */
export interface IdempotentResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

/**
 * Idempotency-Key records of HTTP writes (CONTRACT.md: same key and body → the first answer;
 * same key, other body → 422). `scope` keeps keys of different callers and routes apart, e.g.
 * `${principal} POST /complaints`.
 *
 * Usage inside a command's transaction: `find`; when found, compare `requestHash` and answer
 * from the record; otherwise run the command and `save` its answer in the SAME transaction, so
 * no crash can leave events without their answer or an answer without its events.
 *
 * Two first requests racing with one key: both miss in `find`, both run; the second `save`
 * waits for the first transaction and, when it committed, throws IdempotencyKeyConflict (a
 * ConcurrencyConflict). Rolling back and retrying the command — as services do for any
 * conflict — makes `find` return the winner's answer, so both callers see the same result.
 */
export class IdempotencyKeys {
  private readonly names: SchemaNames;

  constructor(schema: string) {
    this.names = schemaNames(schema);
  }

  async find(sql: Sql, scope: string, key: string): Promise<IdempotentResponse | null> {
    const { rows } = await sql.query<{ request_hash: string; status: number; body: unknown }>(
      `SELECT request_hash, status, body FROM ${this.names.idempotencyKeys}
        WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row) return null;
    return { requestHash: row.request_hash, status: row.status, body: row.body };
  }

  /** Throws IdempotencyKeyConflict when another transaction saved this key first. */
  async save(
    tx: Sql,
    scope: string,
    key: string,
    requestHash: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    if (!scope) throw new TypeError('scope must be a non-empty string');
    if (!key) throw new TypeError('key must be a non-empty string');
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError(`status must be an HTTP status code, got ${status}`);
    }
    const { rowCount } = await tx.query(
      `INSERT INTO ${this.names.idempotencyKeys} (scope, key, request_hash, status, body)
       VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
      [scope, key, requestHash, status, body === undefined ? null : JSON.stringify(body)],
    );
    if (rowCount !== 1) throw new IdempotencyKeyConflict(scope, key);
  }
}

/**
 * SHA-256 (hex) of the canonical JSON of `body`: object keys sorted at every depth, otherwise
 * JSON.stringify's rules (undefined members dropped, `toJSON` honoured), so two bodies that
 * mean the same request hash the same whatever their key order.
 */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }) ?? 'null'
  );
}

/** CONTRACT.md: the same Idempotency-Key with another body answers 422. */
export class IdempotencyKeyReused extends DomainError {
  readonly kind = 'unprocessable';
  constructor() {
    super('this Idempotency-Key was already used with a different request body', {}, [
      { field: 'Idempotency-Key', message: 'was already used with a different request body' },
    ]);
  }
}

/** A command's answer: the HTTP status and body a retry with the same key gets again. */
export interface CommandResult<T> {
  status: number;
  body: T;
}

/**
 * Runs a write command under an optional Idempotency-Key, inside the caller's transaction: a
 * retry with the same key and body gets the stored first answer without running again; the
 * same key with another body throws IdempotencyKeyReused. The answer is stored in the same
 * transaction as the command's events.
 */
export async function runIdempotent<T>(
  keys: IdempotencyKeys,
  tx: Sql,
  scope: string,
  key: string | undefined,
  request: unknown,
  work: () => Promise<CommandResult<T>>,
): Promise<CommandResult<T>> {
  if (key === undefined) return work();
  const hash = requestHash(request);
  const earlier = await keys.find(tx, scope, key);
  if (earlier) {
    if (earlier.requestHash !== hash) throw new IdempotencyKeyReused();
    return { status: earlier.status, body: earlier.body as T };
  }
  const result = await work();
  await keys.save(tx, scope, key, hash, result.status, result.body);
  return result;
}

/**
 * A write of a service's API from start to answer: one transaction of `store`, under the caller's
 * optional Idempotency-Key (`runIdempotent`), retried whole when a concurrent writer of the same
 * stream got there first (`retryOnConflict`). Resolves with the answer's body.
 */
export async function answerCommandOnce<T>(
  store: EventStore,
  keys: IdempotencyKeys,
  idempotency: { scope: string; key: string | undefined; request: unknown },
  work: (tx: Sql) => Promise<CommandResult<T>>,
): Promise<T> {
  const { body } = await retryOnConflict(() =>
    store.transaction((tx) =>
      runIdempotent(keys, tx, idempotency.scope, idempotency.key, idempotency.request, () =>
        work(tx),
      ),
    ),
  );
  return body;
}
