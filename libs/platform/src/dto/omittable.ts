import { ValidateIf, type ValidationOptions } from 'class-validator';

/** The condition of `@Omittable()`: validate whatever the client sent, null included. */
function given(_object: object, value: unknown): boolean {
  return value !== undefined;
}

/**
 * The property may be left out of the request; when it is there it is validated, `null`
 * included. Use it instead of class-validator's `@IsOptional()`, which lets `null` through
 * every other rule: a `"title": null` then reached the use case as if it were a title, and the
 * event schema (which has no null) refused it with a 500. A property where null means something
 * (e.g. "remove the subcategory") says so with its own `@ValidateIf`.
 */
export function Omittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf(given, options);
}
