import { columnCompressionSql } from '@redress/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration that has PostgreSQL compress new values of large JSON columns
 * (`schema.table.column`) with lz4 instead of pglz (`columnCompressionSql`; a server built without
 * lz4 keeps pglz), and `down` back to pglz. `name` ends in the migration's timestamp, as TypeORM
 * requires. Values stored before keep their compression and are read as before.
 */
export function columnCompressionMigration(
  name: string,
  columns: readonly string[],
): new () => MigrationInterface {
  return class ColumnCompression implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const statement of columnCompressionSql(columns)) await q.query(statement);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const statement of columnCompressionSql(columns, 'pglz')) await q.query(statement);
    }
  };
}
