import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';

/** One reason a document (a policy, a configuration) is refused, at its dotted path. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/** The first `limit` problems of `value` against a compiled schema, with dotted paths. */
export function schemaProblems<T extends TSchema>(
  check: TypeCheck<T>,
  value: unknown,
  limit = 20,
): SchemaProblem[] {
  return [...check.Errors(value)].slice(0, limit).map((e) => ({
    path: e.path.replace(/^\//, '').replace(/\//g, '.'),
    message: e.message,
  }));
}

/** Durations of a policy that must be longer than zero, each named by its path. */
export function zeroDurations(
  entries: ReadonlyArray<readonly [string, { days?: number; hours?: number; minutes?: number }]>,
): SchemaProblem[] {
  return entries
    .filter(([, d]) => !((d.days ?? 0) > 0 || (d.hours ?? 0) > 0 || (d.minutes ?? 0) > 0))
    .map(([path]) => ({ path, message: 'must be longer than zero' }));
}
