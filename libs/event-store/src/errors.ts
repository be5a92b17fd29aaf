import { DomainError } from '@redress/contracts';

/**
 * Another writer got there first: the stream (or, for the subclass, the idempotency key) changed
 * after the caller read it. The transaction must be rolled back and the command decided again on
 * fresh state, which `retryOnConflict` or a service's own retry loop does.
 */
export class ConcurrencyConflict extends DomainError {
  // Answered 409 only when the retries ran out: a client may simply try again.
  readonly kind = 'conflict';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    message = `stream ${streamId} is no longer at version ${expectedVersion}`,
  ) {
    super(message);
  }
}

/**
 * Two requests with the same Idempotency-Key ran at the same time and the other one committed
 * first. It is a ConcurrencyConflict on purpose: the retry every service already does for
 * conflicts re-runs the command, whose `IdempotencyKeys.find` now returns the winner's answer
 * (or reveals a different body, answered 422), so the loser never reports a result of its own.
 */
export class IdempotencyKeyConflict extends ConcurrencyConflict {
  constructor(
    readonly scope: string,
    readonly key: string,
  ) {
    super(
      `idempotency-key:${scope}`,
      0,
      `a concurrent request with the same Idempotency-Key committed first (scope ${scope})`,
    );
  }
}

/** Runs `work` again while it fails with a ConcurrencyConflict, at most `attempts` times in all. */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict) || attempt >= attempts) throw error;
    }
  }
}
