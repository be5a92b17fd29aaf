import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Runs a service's pending TypeORM migrations once, even when several replicas start together:
 * the first takes a session-level Postgres advisory lock named after the service, the others
 * wait for it and then find nothing left to do. Each migration runs in its own transaction.
 * Returns the names of the migrations this call applied.
 */
export async function runMigrations(
  options: DataSourceOptions,
  service: string,
): Promise<string[]> {
  const dataSource = new DataSource({ ...options, synchronize: false, migrationsRun: false });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  const lock = `redress.${service}.migrations`;
  let locked = false;
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    locked = true;
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    if (locked) await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
    await runner.release();
    await dataSource.destroy();
  }
}
