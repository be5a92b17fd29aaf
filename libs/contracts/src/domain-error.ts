/**
 * Base class of typed domain errors (STYLE.md "Errors"). Domain code throws these; the platform's
 * one problem+json filter maps `kind` to an HTTP status, so no controller translates errors and no
 * code matches on messages. It lives here, not in the platform lib, because pure domain code may
 * import contracts but nothing from NestJS.
 */
export type DomainErrorKind =
  'not_found' | 'conflict' | 'invalid_state' | 'forbidden' | 'validation' | 'unprocessable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Extra members of the problem document, e.g. `{ currentStatus: 'withdrawn' }`. */
  readonly extensions: Record<string, unknown>;
  /** For `validation`: the offending fields. */
  readonly fieldErrors: ReadonlyArray<{ field: string; message: string }>;

  constructor(
    message: string,
    extensions: Record<string, unknown> = {},
    fieldErrors: ReadonlyArray<{ field: string; message: string }> = [],
  ) {
    super(message);
    this.name = new.target.name;
    this.extensions = extensions;
    this.fieldErrors = fieldErrors;
  }
}

/** One bad input the validators could not see (a header, a cursor, a path parameter): 400. */
export class InvalidInput extends DomainError {
  readonly kind = 'validation';
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, {}, [{ field, message }]);
  }
}
