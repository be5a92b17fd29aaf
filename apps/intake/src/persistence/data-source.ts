import { DataSource, type DataSourceOptions } from 'typeorm';
import { ComplaintRecord } from './complaint.entity';
import { IntakeSchema1763870400000 } from './migrations/1763870400000-intake-schema';

/** TypeORM options of intake: read tables only, migrations checked in, never `synchronize`. */
export function intakeDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: 'intake',
    entities: [ComplaintRecord],
    migrations: [IntakeSchema1763870400000],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 5 },
  };
}

/**
 * Runs pending migrations once, even when several replicas start together: the first takes a
 * Postgres advisory lock, the others wait for it and then find nothing left to do.
 */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = new DataSource(intakeDataSourceOptions(url));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(hashtext('redress.intake.migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('redress.intake.migrations'))`);
    await runner.release();
    await dataSource.destroy();
  }
}
