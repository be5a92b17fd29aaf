import { DomainError } from '@redress/contracts';

export class FollowUpNotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(complaintId: string) {
    super(`there is no follow-up for complaint ${complaintId}: it has not been resolved`);
  }
}

/**
 * CONTRACT.md: a command on a complaint in the wrong state answers 409 naming the state (kind
 * `invalid_state`, as intake's and resolution's).
 */
export class InvalidTransition extends DomainError {
  readonly kind = 'invalid_state';
  constructor(action: string, currentStatus: string, details: Record<string, unknown> = {}) {
    super(`cannot ${action}: the follow-up is ${currentStatus}`, { currentStatus, ...details });
  }
}

export class CorrectiveActionNotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(actionId: string) {
    super(`the complaint has no corrective action ${actionId}`);
  }
}

/** A follow-up policy document that does not validate: every bad part named by its path. */
export class InvalidFollowUpPolicy extends DomainError {
  readonly kind = 'validation';
  constructor(readonly problems: ReadonlyArray<{ path: string; message: string }>) {
    super(
      `invalid follow-up policy: ${problems
        .slice(0, 5)
        .map((p) => `${p.path || '(policy)'}: ${p.message}`)
        .join('; ')}`,
      {},
      problems.map((p) => ({ field: p.path, message: p.message })),
    );
  }
}
