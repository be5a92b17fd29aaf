import { Query, type PoolClient, type QueryResult } from 'pg';
import { statementName } from './sql';

/**
 * What a parameter may be: sent in text format, as Postgres reads it for the placeholder's type;
 * a Buffer goes in binary (a `bytea`), an array of strings as an array literal (`$1::text[]`).
 */
export type StatementValue =
  string | number | bigint | boolean | Date | Buffer | readonly string[] | null;

/**
 * A parameterised SQL statement: the values travel to Postgres as Bind parameters, apart from
 * the text, so no value can change what the statement does. Build the text with `$1`, `$2` …
 * placeholders and constant SQL only; cast a placeholder where its type is not obvious
 * (`$2::timestamptz`). Pass JSON as a string (`JSON.stringify`, `$3::jsonb`).
 */
export interface Statement {
  readonly text: string;
  readonly values: readonly StatementValue[];
  /**
   * Run as a named prepared statement, parsed and planned once per connection (as
   * `queryPrepared`): only for fixed texts. In a pipeline, a connection that has not prepared it
   * yet runs the pipeline's statements one by one, preparing it; later pipelines only bind it.
   */
  readonly prepared?: boolean;
}

/** Refuses anything but `{ text, values }`, for callers that bypass the types (plain JS). */
export function assertStatement(statement: unknown, what: string): asserts statement is Statement {
  const candidate = statement as { text?: unknown; values?: unknown } | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.text !== 'string' ||
    candidate.text.trim() === '' ||
    !Array.isArray(candidate.values)
  ) {
    throw new TypeError(`${what} must be a parameterised statement { text, values }`);
  }
}

/**
 * Starts a transaction on `client` and runs `statements` in it, all in one network round-trip,
 * and resolves to their results in order.
 *
 * BEGIN and the statements go over the extended query protocol (Parse, Bind, Describe, Execute
 * each) and one Sync ends them all: node-postgres sends the lot in one write and waits for a
 * single ReadyForQuery, which is what keeps the parameters apart from the text without paying a
 * round-trip per statement (pg otherwise sends a query only after the previous one's
 * ReadyForQuery). An explicit BEGIN inside such a sequence opens an ordinary transaction block
 * that the Sync leaves open. When a statement fails, Postgres skips the rest up to the Sync and
 * the transaction is aborted: the caller rolls back.
 */
export function beginWith(
  client: PoolClient,
  statements: readonly Statement[],
): Promise<QueryResult[]> {
  if (statements.length === 0) return client.query('BEGIN').then(() => []);
  return pipelined(client, [{ text: 'BEGIN', values: [] }, ...statements]).then((results) =>
    results.slice(1),
  );
}

/**
 * Runs `statements` on `client` in one network round-trip, as `beginWith` does, inside whatever
 * transaction the connection is in, and resolves to their results in order. When one fails,
 * Postgres skips the rest and the promise rejects with that statement's error.
 */
export async function pipelined(
  client: PoolClient,
  statements: readonly Statement[],
): Promise<QueryResult[]> {
  if (statements.length === 0) return [];
  const names = statements.map((s) => (s.prepared ? statementName(s.text) : undefined));
  const parsed = (client as unknown as { connection?: { parsedStatements?: object } }).connection
    ?.parsedStatements as Record<string, string> | undefined;
  if (names.some((name) => name !== undefined && parsed?.[name] === undefined)) {
    // First use on this connection: one by one, so each named statement gets prepared (a
    // failed Parse inside a pipeline would leave pg unsure which names exist).
    const results: QueryResult[] = [];
    for (const [i, statement] of statements.entries()) {
      const values = statement.values.map(toParameter);
      const name = names[i];
      results.push(
        await (name === undefined
          ? client.query({ text: statement.text, values })
          : client.query({ name, text: statement.text, values })),
      );
    }
    return results;
  }
  return new Promise<QueryResult[]>((resolve, reject) => {
    let query: PipelinedQuery;
    try {
      query = new PipelinedQuery(statements, names, (error, results) => {
        if (error) reject(error);
        // pg hands over one result (not an array) when the sequence held one statement.
        else resolve(Array.isArray(results) ? results : [results]);
      });
    } catch (error) {
      // A value pg cannot send (its conversion threw): nothing was written to the connection.
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    client.query(query);
  });
}

/** The protocol messages this module writes, as node-postgres' connection offers them. */
interface WireConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parse(message: { text: string; name: string; types: number[] }): void;
  bind(message: { portal: string; statement: string; values: Array<string | Buffer | null> }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
}

/**
 * A pg Query whose messages are several statements, each parsed, bound and executed unnamed,
 * before one Sync. pg's Query collects one result per statement (as for a multi-statement simple
 * query) and hands them over at the ReadyForQuery.
 */
class PipelinedQuery extends Query {
  constructor(
    statements: readonly Statement[],
    names: readonly (string | undefined)[],
    done: (error: Error | undefined, results: QueryResult[]) => void,
  ) {
    super({ text: statements.map((s) => s.text).join(';\n') }, (error, result) =>
      done(error, result as unknown as QueryResult[]),
    );
    // Converted before anything is written, so a value that cannot be sent fails the call cleanly.
    const bound = statements.map(({ text, values }, i) => ({
      text,
      values: values.map(toParameter),
      name: names[i],
    }));
    this.submit = (connection) => {
      const wire = connection as unknown as WireConnection;
      wire.stream.cork?.();
      try {
        for (const { text, values, name } of bound) {
          // A named statement is here only once the connection has prepared it (`pipelined`).
          if (name === undefined) wire.parse({ text, name: '', types: [] });
          wire.bind({ portal: '', statement: name ?? '', values });
          wire.describe({ type: 'P', name: '' });
          wire.execute({ portal: '', rows: 0 });
        }
        wire.sync();
      } finally {
        wire.stream.uncork?.();
      }
    };
  }
}

function toParameter(value: StatementValue): string | Buffer | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return textArray(value as readonly string[]);
  if (value instanceof Date) {
    // toISOString throws on an invalid date: better than sending 'Invalid Date'.
    return value.toISOString();
  }
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`cannot send ${value} as a parameter`);
      return String(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      throw new TypeError(`cannot send a ${typeof value} as a statement parameter`);
  }
}

/** A text[] literal: every element quoted, `\\` and `"` escaped. */
export function textArray(values: readonly string[]): string {
  return `{${values
    .map((v) => {
      if (typeof v !== 'string') throw new TypeError('an array parameter holds strings only');
      return `"${v.replace(/[\\"]/g, '\\$&')}"`;
    })
    .join(',')}}`;
}
