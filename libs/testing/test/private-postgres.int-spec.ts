import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  bootstrapDatabase,
  findServerPrograms,
  serviceDbUrl,
  startPrivatePostgres,
  type PrivatePostgres,
} from '../src';

jest.setTimeout(120_000);

let server: PrivatePostgres;

beforeAll(async () => {
  server = await startPrivatePostgres();
});

afterAll(async () => {
  await server?.destroy();
});

async function query<T extends Record<string, unknown>>(
  sql: string,
  url = server.url,
): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPrivatePostgres', () => {
  it('starts a server of its own on a port other than the shared one, answering as superuser postgres', async () => {
    expect(server.port).not.toBe(5432);
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    const [row] = await query<{ superuser: boolean; port: string }>(
      "SELECT usesuper AS superuser, current_setting('port') AS port FROM pg_user WHERE usename = current_user",
    );
    expect(row).toEqual({ superuser: true, port: String(server.port) });
  });

  it('is unreachable once killed, and keeps every acknowledged commit when started again', async () => {
    await query('CREATE TABLE IF NOT EXISTS survivors (n int)');
    await query('INSERT INTO survivors SELECT generate_series(1, 100)');
    await server.kill();
    await expect(query('SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await server.start();
    const [row] = await query<{ count: string }>('SELECT count(*) AS count FROM survivors');
    expect(row?.count).toBe('100');
  });

  it('ends open sessions on an orderly stop and answers again after start', async () => {
    const session = new Client({ connectionString: server.url });
    const broke = new Promise<Error>((resolve) => session.on('error', resolve));
    await session.connect();
    await server.stop();
    expect(await broke).toBeInstanceOf(Error);
    await server.start();
    expect(await query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('is bootstrapped like the shared server: a service logs in with its role and finds its schema', async () => {
    await bootstrapDatabase({ adminUrl: server.url, db: 'redress' });
    const url = serviceDbUrl('intake', { db: 'redress', env: { DATABASE_ADMIN_URL: server.url } });
    expect(url).toBe(`postgres://intake@127.0.0.1:${server.port}/redress`);
    const [row] = await query<{ role: string; schema: string }>(
      'SELECT current_user AS role, current_schema() AS schema',
      url,
    );
    expect(row).toEqual({ role: 'intake', schema: 'intake' });
  });

  it('names what to install when the server programs cannot be found, and takes POSTGRES_BIN_DIR first', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-postgres-'));
    try {
      await expect(
        findServerPrograms({ PATH: empty }, join(empty, 'no-distribution-folder')),
      ).rejects.toThrow(/not found.*apt-get install postgresql.*POSTGRES_BIN_DIR/s);

      const installed = await findServerPrograms();
      await expect(
        findServerPrograms({ PATH: empty, POSTGRES_BIN_DIR: installed }, join(empty, 'none')),
      ).resolves.toBe(installed);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
