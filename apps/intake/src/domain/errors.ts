import { DomainError } from '@redress/contracts';

export class ComplaintNotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} does not exist`);
  }
}

/** CONTRACT.md: a command on a complaint in the wrong state answers 409 naming the state. */
export class InvalidTransition extends DomainError {
  readonly kind = 'invalid_state';
  constructor(action: string, currentStatus: string) {
    super(`cannot ${action} a complaint that is ${currentStatus}`, { currentStatus });
  }
}

export class NothingToAmend extends DomainError {
  readonly kind = 'unprocessable';
  constructor() {
    super('the amendment changes nothing: every field given already has that value', {}, [
      { field: 'body', message: 'changes nothing: every field given already has that value' },
    ]);
  }
}

/** An import that cannot be read as asked (its columns, its mapping): 400 naming each field. */
export class ImportRefused extends DomainError {
  readonly kind = 'validation';
  constructor(problems: ReadonlyArray<{ field: string; reason: string }>) {
    super(
      `the import was refused: ${problems.map((p) => `${p.field} ${p.reason}`).join('; ')}`,
      {},
      problems.map((p) => ({ field: p.field, message: p.reason })),
    );
  }
}
