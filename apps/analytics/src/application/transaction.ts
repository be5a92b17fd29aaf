import type { Pool } from 'pg';
import type { Sql } from '@redress/event-store';

/**
 * Runs `work` in one transaction on a connection of `pool`: committed, or rolled back and thrown.
 * `asyncCommit` commits without waiting for the WAL to reach the disk (`synchronous_commit =
 * off`): a crash may lose the last such transactions, wholly (never a part of one), and nothing
 * else — for work that is redone from its source when lost, as a rebuild's batches are (their
 * offsets are in the same transaction).
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (tx: Sql) => Promise<T>,
  options: { asyncCommit?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(
      options.asyncCommit === true ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN',
    );
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
