import { queryPrepared, type Sql } from './sql';

describe('queryPrepared', () => {
  it('names the statement after its text for pg, and passes other Sql through', async () => {
    const calls: unknown[][] = [];
    const pgLike = {
      escapeLiteral: (s: string) => `'${s}'`,
      query: async (...args: unknown[]) => {
        calls.push(args);
        return { rows: [], rowCount: 0 };
      },
    } as unknown as Sql;
    await queryPrepared(pgLike, 'SELECT $1::int', [1]);
    await queryPrepared(pgLike, 'SELECT $1::int', [2]);
    await queryPrepared(pgLike, 'SELECT $1::text', ['x']);
    const [a, b, c] = calls.map((args) => args[0] as { name: string; values: unknown[] });
    expect(a?.name).toMatch(/^redress_[0-9a-f]{32}$/);
    expect(b?.name).toBe(a?.name);
    expect(b?.values).toEqual([2]);
    expect(c?.name).not.toBe(a?.name);

    const plain: unknown[][] = [];
    const other: Sql = {
      query: async (...args: unknown[]) => {
        plain.push(args);
        return { rows: [], rowCount: 0 };
      },
    } as Sql;
    await queryPrepared(other, 'SELECT 1', []);
    expect(plain).toEqual([['SELECT 1', []]]);
  });
});
