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
