import { DomainError } from '@redress/contracts';

export class CaseNotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(complaintId: string) {
    super(`there is no case for complaint ${complaintId}`);
  }
}

/**
 * CONTRACT.md: a command on a complaint in the wrong state answers 409 naming the state. The kind
 * is `invalid_state`, as intake's: the platform answers it as `urn:redress:problem:invalid-state`
 * (not the retryable `conflict` of a concurrent write), with `currentStatus` and any `details`.
 */
export class InvalidTransition extends DomainError {
  readonly kind = 'invalid_state';
  constructor(action: string, currentStatus: string, details: Record<string, unknown> = {}) {
    super(`cannot ${action}: the case is ${currentStatus}`, { currentStatus, ...details });
  }
}

/** DOMAIN §2/§3: a plan goes to the customer only once every required approval is in. */
export class ApprovalRequired extends DomainError {
  readonly kind = 'invalid_state';
  constructor(remedyId: string, missingApprovals: readonly string[], currentStatus: string) {
    super(
      `remedy ${remedyId} still needs the approval of ${missingApprovals.join(', ')} before it can be offered to the customer`,
      { currentStatus, remedyId, missingApprovals: [...missingApprovals] },
    );
  }
}

/** The approval matrix gives the caller no authority for the body (or bodies) in question. */
export class NotAnApprover extends DomainError {
  readonly kind = 'forbidden';
  constructor(detail: string) {
    super(detail);
  }
}

export class RemedyNotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(remedyId: string) {
    super(`the case has no remedy ${remedyId}`);
  }
}

export class ActionNotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(actionId: string) {
    super(`the case has no action ${actionId}`);
  }
}

/** A command that would change nothing (assigning the current assignee again). */
export class NothingToChange extends DomainError {
  readonly kind = 'unprocessable';
  constructor(detail: string) {
    super(detail);
  }
}

/** An approval for a body the plan does not need. */
export class ApprovalNotRequired extends DomainError {
  readonly kind = 'unprocessable';
  constructor(remedyId: string, body: string, required: readonly string[]) {
    super(`remedy ${remedyId} needs no approval by ${body}; it needs ${required.join(', ')}`, {
      requiredApprovals: [...required],
    });
  }
}

/** A resolution policy document that does not validate: 400 naming every bad part. */
export class InvalidResolutionPolicy extends DomainError {
  readonly kind = 'validation';
  constructor(readonly problems: ReadonlyArray<{ path: string; message: string }>) {
    super(
      `invalid resolution policy: ${problems
        .slice(0, 5)
        .map((p) => `${p.path || '(policy)'}: ${p.message}`)
        .join('; ')}`,
      {},
      problems.map((p) => ({ field: p.path, message: p.message })),
    );
  }
}
