/** A timer as the caller schedules it. */
export interface TimerSpec {
  /**
   * Names the timer for its whole life (e.g. `sla-breach:<caseId>`): scheduling the same key again
   * replaces or keeps it, `cancel` and `reschedule` name it. At most 500 characters.
   */
  key: string;
  /** Which handler fires it (e.g. `resolution.sla-breach`): lower-case, digits, `.`, `_`, `-`. */
  kind: string;
  /** When it is due: a Date or an ISO-8601 instant. */
  dueAt: Date | string;
  /** What the handler needs, as JSON (no personal data: ids, not names). Default null. */
  payload?: unknown;
}

/** A timer handed to its handler. */
export interface FiringTimer {
  key: string;
  kind: string;
  dueAt: Date;
  /** As scheduled, parsed from JSON: validate it before use. */
  payload: unknown;
  /** Failed attempts before this one (0 on the first). */
  attempts: number;
}

export type TimerStatus = 'pending' | 'parked';

/** A stored timer, as `Timers.find` reads it. */
export interface TimerRecord {
  key: string;
  kind: string;
  dueAt: Date;
  payload: unknown;
  status: TimerStatus;
  attempts: number;
  /** The last handler error, kept while the timer is retried or parked. */
  lastError: string | null;
}

/** A TimerSpec checked and ready to store. */
export interface NormalisedTimer {
  key: string;
  kind: string;
  due_at: string;
  payload: unknown;
}

const KIND = /^[a-z][a-z0-9._-]{0,99}$/;
const MAX_KEY_LENGTH = 500;

/**
 * Checks a timer before it reaches the database. Kinds are few and fixed in code (they label
 * metrics), hence the narrow pattern; keys are the caller's ids.
 */
export function normaliseTimer(spec: TimerSpec): NormalisedTimer {
  return {
    key: checkKey(spec.key),
    kind: checkKind(spec.kind),
    due_at: toInstant(spec.dueAt, 'dueAt').toISOString(),
    payload: spec.payload ?? null,
  };
}

export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError(`timer key must be a string of 1–${MAX_KEY_LENGTH} characters`);
  }
  return key;
}

export function checkKind(kind: unknown): string {
  if (typeof kind !== 'string' || !KIND.test(kind)) {
    throw new TypeError(`timer kind must match ${KIND.source}, got ${JSON.stringify(kind)}`);
  }
  return kind;
}

export function toInstant(at: Date | string, name: string): Date {
  const date = at instanceof Date ? new Date(at.getTime()) : new Date(at);
  if (typeof at === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(at)) {
    throw new RangeError(`${name} must be an ISO-8601 instant, got ${JSON.stringify(at)}`);
  }
  if (!Number.isFinite(date.getTime())) {
    throw new RangeError(`${name} must be a valid instant, got ${String(at)}`);
  }
  return date;
}
