import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createScratchSchema, testConfig, type ScratchSchema } from '@redress/testing';
import { columnCompressionMigration, runMigrations } from '../src';

let scratch: ScratchSchema;

beforeAll(async () => {
  scratch = await createScratchSchema('platform_migrations');
});

afterAll(async () => {
  await scratch?.drop();
});

function migrationsFor(schema: string) {
  class CreateLedger1700000000000 implements MigrationInterface {
    name = 'CreateLedger1700000000000';
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE ${schema}.ledger (id int PRIMARY KEY)`);
      // Long enough for the other replicas to queue up behind the lock.
      await q.query('SELECT pg_sleep(0.3)');
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${schema}.ledger`);
    }
  }
  class SeedLedger1700000000001 implements MigrationInterface {
    name = 'SeedLedger1700000000001';
    async up(q: QueryRunner): Promise<void> {
      await q.query(`INSERT INTO ${schema}.ledger VALUES (1)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DELETE FROM ${schema}.ledger`);
    }
  }
  return [CreateLedger1700000000000, SeedLedger1700000000001];
}

describe('runMigrations', () => {
  it('applies each migration exactly once when four replicas start together', async () => {
    const options = {
      type: 'postgres' as const,
      url: testConfig().testDatabaseAdminUrl,
      schema: scratch.schema,
      migrations: migrationsFor(scratch.schema),
      migrationsTableName: 'migrations',
    };
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => runMigrations(options, scratch.schema)),
    );

    expect(results.flat().sort()).toEqual(['CreateLedger1700000000000', 'SeedLedger1700000000001']);
    expect(results.filter((applied) => applied.length === 0)).toHaveLength(3);
    const { rows } = await scratch.pool.query(
      `SELECT count(*)::int AS n FROM ${scratch.schema}.ledger`,
    );
    expect(rows[0].n).toBe(1);
    // A later start finds nothing to do.
    expect(await runMigrations(options, scratch.schema)).toEqual([]);
  }, 30_000);
});

describe('columnCompressionMigration', () => {
  const compressionOf = async (table: string) => {
    const { rows } = await scratch.pool.query<{ compression: string }>(
      `SELECT attcompression AS compression FROM pg_attribute
        WHERE attrelid = $1::regclass AND attname = 'doc'`,
      [`${scratch.schema}.${table}`],
    );
    return rows[0]?.compression;
  };

  it('has new values of the columns compressed with lz4, and back with pglz on down', async () => {
    await scratch.pool.query(`CREATE TABLE ${scratch.schema}.documents (doc jsonb)`);
    const Migration = columnCompressionMigration('Documents1700000000002', [
      `${scratch.schema}.documents.doc`,
    ]);
    const migration = new Migration();
    expect(migration.name).toBe('Documents1700000000002');
    const client = await scratch.pool.connect();
    const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
    try {
      await migration.up(runner);
      expect(await compressionOf('documents')).toBe('l');
      await migration.down?.(runner);
      expect(await compressionOf('documents')).toBe('p');
    } finally {
      client.release();
    }
  });
});
