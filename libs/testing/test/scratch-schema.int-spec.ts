import { Client } from 'pg';
import { createScratchSchema, ensureTestInfra, type ScratchSchema } from '../src';

let scratch: ScratchSchema;
let observer: Client;

beforeAll(async () => {
  const config = await ensureTestInfra();
  observer = new Client({ connectionString: config.testDatabaseAdminUrl });
  await observer.connect();
  scratch = await createScratchSchema('testing lib');
});

afterAll(async () => {
  await scratch.drop();
  await observer.end();
});

async function schemaExists(schema: string): Promise<boolean> {
  const { rowCount } = await observer.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
    schema,
  ]);
  return rowCount === 1;
}

describe('createScratchSchema', () => {
  it('creates a schema with a unique, identifier-safe name', async () => {
    expect(scratch.schema).toMatch(/^testing_lib_[0-9a-f]{12}$/);
    expect(await schemaExists(scratch.schema)).toBe(true);
  });

  it('points the pool at the schema, so unqualified tables land in it', async () => {
    await scratch.pool.query('CREATE TABLE widgets (id int)');
    await scratch.pool.query('INSERT INTO widgets VALUES (1), (2)');
    const { rows } = await observer.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${scratch.schema}".widgets`,
    );
    expect(rows[0]?.n).toBe('2');
  });

  it('drops the schema with its tables and closes the pool; a second drop is harmless', async () => {
    const other = await createScratchSchema('testing_drop');
    await other.pool.query('CREATE TABLE leftovers (id int)');
    await other.drop();
    expect(await schemaExists(other.schema)).toBe(false);
    expect(other.pool.ended).toBe(true);
    await expect(other.drop()).resolves.toBeUndefined();
  });
});
