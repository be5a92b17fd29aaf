import { DomainError } from '@redress/contracts';
import type { PolicyProblem } from './policy-validation';

/** A policy document that `validatePolicy` rejects: 400 naming every bad part. */
export class InvalidTriagePolicy extends DomainError {
  readonly kind = 'validation';

  constructor(readonly problems: readonly PolicyProblem[]) {
    super(
      `invalid triage policy: ${problems
        .slice(0, 5)
        .map((p) => `${p.path || '(policy)'}: ${p.message}`)
        .join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      {},
      // A problem of the document as a whole (none sent, not an object) is the body's.
      problems.map((p) => ({ field: p.path || 'body', message: p.message })),
    );
  }
}

/** CONTRACT: a supervisor's reclassification needs a reason. */
export class ReasonRequired extends DomainError {
  readonly kind = 'validation';

  constructor() {
    super('reason: a reclassification needs a reason', {}, [
      { field: 'reason', message: 'is required and must not be blank' },
    ]);
  }
}

/** A reclassification that would leave every field as it is. */
export class NothingToReclassify extends DomainError {
  readonly kind = 'unprocessable';

  constructor() {
    super('the reclassification changes nothing: every field given already has that value', {}, [
      { field: 'body', message: 'changes nothing: every field given already has that value' },
    ]);
  }
}

/**
 * An imported complaint is history: its decision is what the policy made of it on arrival, and
 * no one works on it, so a person does not reclassify it (nor would resolution, which has no case
 * for it, take the change).
 */
export class ImportedComplaintIsHistory extends DomainError {
  readonly kind = 'invalid_state';

  constructor(complaintId: string) {
    super(`complaint ${complaintId} was imported from history and is not reclassified`);
  }
}
