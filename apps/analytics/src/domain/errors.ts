import { DomainError } from '@redress/contracts';

/** An analytics policy document that does not validate: every bad part named by its path. */
export class InvalidAnalyticsPolicy extends DomainError {
  readonly kind = 'validation';
  constructor(readonly problems: ReadonlyArray<{ path: string; message: string }>) {
    super(
      `invalid analytics policy: ${problems
        .slice(0, 5)
        .map((p) => `${p.path || '(policy)'}: ${p.message}`)
        .join('; ')}`,
      {},
      problems.map((p) => ({ field: p.path, message: p.message })),
    );
  }
}

/** A query of past findings with a bad bound, named as the API's parameter. */
export class InvalidFindingsQuery extends DomainError {
  readonly kind = 'validation';
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, {}, [{ field, message }]);
  }
}
