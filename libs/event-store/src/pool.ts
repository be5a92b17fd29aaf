import { Pool } from 'pg';

/** Satisfied by NestJS's `Logger` and by `console`. */
export interface PoolLogger {
  warn(message: string): void;
}

export interface DatabasePoolOptions {
  connectionString: string;
  /** Connections at most. */
  max: number;
  /** Told when a pooled connection broke; console by default. */
  logger?: PoolLogger;
  /**
   * Longest wait for a new connection (default 5 000 ms): with a server that is down or out of
   * reach, a command, a readiness probe or the relay fails in bounded time instead of hanging.
   */
  connectionTimeoutMillis?: number;
}

/**
 * A `pg` pool that survives the database going away. node-postgres emits `'error'` on the pool
 * when an idle connection breaks (the server restarted, a proxy dropped it), and an `'error'`
 * event nobody listens to ends the process: the listener here logs it and the pool replaces
 * the connection when it is next needed. TCP keep-alive lets the operating system notice a
 * peer that vanished without closing the socket. Connections checked out of the pool need a
 * listener of their own while they are out (EventStore and OutboxRelay attach one).
 */
export function createDatabasePool(options: DatabasePoolOptions): Pool {
  const logger = options.logger ?? console;
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    keepAlive: true,
  });
  pool.on('error', (error: Error & { code?: unknown }) => {
    // The message of a broken connection names no data; statements and values are never logged.
    const code = typeof error.code === 'string' ? ` (${error.code})` : '';
    logger.warn(
      `a pooled database connection broke; a new one is opened when needed: ${error.message}${code}`,
    );
  });
  return pool;
}
