import { createHash } from 'node:crypto';

/**
 * The one thing this lib needs from a connection: run a parameterised statement. `pg.Pool`,
 * `pg.PoolClient` and `pg.Client` satisfy it, so callers pass a transaction's client where an
 * operation must join that transaction and the pool where it need not.
 */
export type Sql = {
  query<R = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
};

/** SQLSTATE 23505 on the named constraint, as reported by node-postgres. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && violated === constraint;
}

/**
 * Runs `text` as a named prepared statement when `sql` is a `pg` Pool or client: Postgres then
 * parses and plans it once per connection instead of at every call, which matters for the
 * statements every command runs. Only for fixed statement texts (parameters in `params`):
 * the name is derived from the text. Other `Sql` implementations get the plain call.
 */
export function queryPrepared<R = Record<string, unknown>>(
  sql: Sql,
  text: string,
  params: unknown[],
): Promise<{ rows: R[]; rowCount: number | null }> {
  const name = isPg(sql) ? statementName(text) : undefined;
  if (name === undefined) return sql.query<R>(text, params);
  return (sql as unknown as PgQueryable).query<R>({ name, text, values: params });
}

interface PgQueryable {
  query<R>(config: {
    name: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: R[]; rowCount: number | null }>;
}

const MAX_PREPARED = 256;
const names = new Map<string, string>();

/** A short name unique to the text; undefined once too many texts were seen (plain queries). */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_PREPARED) return undefined;
    name = `redress_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/** `pg.Client` and `pg.PoolClient` have `escapeLiteral`; `pg.Pool` has `totalCount`. */
function isPg(sql: Sql): boolean {
  const candidate = sql as unknown as Record<string, unknown>;
  return (
    typeof candidate['escapeLiteral'] === 'function' || typeof candidate['totalCount'] === 'number'
  );
}
