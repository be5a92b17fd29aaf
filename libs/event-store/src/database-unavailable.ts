/**
 * SQLSTATE codes that say the connection, not the statement, failed: class 08 (connection
 * exception) and the server going away under a session (57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 "the database system is starting up"). Retrying the same work on a new
 * connection once the server answers again is the whole remedy.
 */
const CONNECTION_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;

/** Socket errors of a server that is down, restarting or out of reach. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Postgres could not be reached, or the connection broke while the work ran: nothing the work
 * did is known to have committed unless the break came during COMMIT, when it may have. The
 * remedy is to try again later, which every command (Idempotency-Key) and every consumer
 * (the processed-events ledger) can do safely. `code` is the SQLSTATE of the case: 08001 when
 * no connection could be opened, 08006 when one broke.
 */
export class DatabaseUnavailable extends Error {
  constructor(
    readonly code: '08001' | '08006',
    options: { cause: unknown },
  ) {
    super(
      code === '08001'
        ? `cannot connect to the database: ${messageOf(options.cause)}`
        : `the database connection was lost: ${messageOf(options.cause)}`,
      options,
    );
    this.name = 'DatabaseUnavailable';
  }
}

/**
 * True when `error` (or an error it wraps, through `cause` or TypeORM's `driverError`) says the
 * database was unreachable or the connection broke, rather than that the statement was wrong.
 * Only codes are read, never messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let depth = 0, current = error; depth < 5 && isObject(current); depth++) {
    if (current instanceof DatabaseUnavailable) return true;
    const code = current['code'];
    if (typeof code === 'string' && (CONNECTION_SQLSTATE.test(code) || SOCKET_ERRORS.has(code))) {
      return true;
    }
    current = current['driverError'] ?? current['cause'];
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
