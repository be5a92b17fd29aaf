import { Pool } from 'pg';
import { ensureTestInfra } from './infra';
import { uniqueName } from './names';

export interface ScratchSchema {
  /** The schema's name: `<prefix>_<random>`, only lower-case letters, digits and `_`. */
  schema: string;
  /** Administrative connections to the test database whose search_path is the schema. */
  pool: Pool;
  /** Drops the schema with everything in it and closes the pool; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * A schema of its own in the test database for one test file, so files run in parallel and
 * re-run cleanly. Unqualified table names land in it.
 */
export async function createScratchSchema(
  prefix: string,
  options: { poolSize?: number } = {},
): Promise<ScratchSchema> {
  const config = await ensureTestInfra();
  const schema = uniqueName(prefix).replace(/[^a-z0-9_]/g, '_');
  const pool = new Pool({
    connectionString: config.testDatabaseAdminUrl,
    max: options.poolSize ?? 5,
    options: `-c search_path=${schema}`,
  });
  // An idle connection the server closes must not end the test process.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA "${schema}"`);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let dropped = false;
  return {
    schema,
    pool,
    async drop() {
      if (dropped) return;
      dropped = true;
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
