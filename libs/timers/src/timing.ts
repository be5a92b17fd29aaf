/**
 * The worker's decisions about time, kept pure so they are tested with plain numbers: how long
 * to sleep before the next look at the table, and what a handler's failure does to a timer.
 */

export interface RetryPolicy {
  /** Attempts (handler runs that threw) after which a timer is parked. */
  maxAttempts: number;
  /** Delay before the first retry; doubles with each failure… */
  retryInitialMs: number;
  /** …up to this. */
  retryMaxMs: number;
}

export type FailureOutcome =
  { status: 'pending'; attempts: number; dueAt: Date } | { status: 'parked'; attempts: number };

/** Capped exponential back-off: `initialMs` after the first failure, then 2×, 4× … ≤ `maxMs`. */
export function backoffMs(failures: number, initialMs: number, maxMs: number): number {
  if (failures < 1) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30));
}

/**
 * A handler threw for a timer that had failed `attemptsBefore` times: it is retried later (its
 * due time moved by the back-off from `now`) or, at `maxAttempts`, parked.
 */
export function afterFailure(
  attemptsBefore: number,
  policy: RetryPolicy,
  now: Date,
): FailureOutcome {
  const attempts = attemptsBefore + 1;
  if (attempts >= policy.maxAttempts) return { status: 'parked', attempts };
  const delay = backoffMs(attempts, policy.retryInitialMs, policy.retryMaxMs);
  return { status: 'pending', attempts, dueAt: new Date(now.getTime() + delay) };
}

export interface PollPlan {
  now: number;
  /** The earliest pending timer not yet due, as the last look found it or a hint announced. */
  nextDueAt: number | undefined;
  /** Never look again sooner than this (gathers timers due close together into one batch). */
  minIntervalMs: number;
  /**
   * Never wait longer than this: timers scheduled by other processes, and due timers another
   * worker gave back (its firing rolled back, or it died), are found only by looking.
   */
  maxIntervalMs: number;
}

/** How long to sleep before the next look: until the next due time, within the bounds. */
export function pollDelayMs(plan: PollPlan): number {
  if (plan.nextDueAt === undefined) return plan.maxIntervalMs;
  const until = plan.nextDueAt - plan.now;
  return Math.min(plan.maxIntervalMs, Math.max(plan.minIntervalMs, until));
}

/** How late a timer fired: 0 when on time (a timer never fires early). */
export function firingLagMs(dueAt: Date, firedAt: Date): number {
  return Math.max(0, firedAt.getTime() - dueAt.getTime());
}

/** The earlier of two optional instants. */
export function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
