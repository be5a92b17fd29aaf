import type { FuzzResponse } from './send';

/** The answers that must name the input at fault in `errors[].field`. */
export const FIELD_NAMING_STATUSES: ReadonlySet<number> = new Set([400, 401, 413, 415, 422]);

/**
 * What is wrong with an answer, if anything (CONTRACT.md "Errors"): no answer or a 5xx at all;
 * every 4xx an `application/problem+json` document whose `status` is the answer's, with `type`,
 * `title` and `detail`; a 400, 401, 413, 415 or 422 naming at least one field.
 */
export function problemsWith(response: FuzzResponse): string[] {
  const { status } = response;
  if (status === -1) return [];
  if (status <= 0) return [`no answer: ${response.error ?? 'connection closed'}`];
  if (status >= 500) return [`answered ${status}: ${clip(response.body)}`];
  if (status < 400) return [];
  const problems: string[] = [];
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) {
    problems.push(
      `${status} answered as ${type || 'no content type'}, not application/problem+json`,
    );
  }
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    return [...problems, `${status} with a body that is not JSON: ${clip(response.body)}`];
  }
  if (document.status !== status)
    problems.push(`${status} whose document says status ${String(document.status)}`);
  for (const member of ['type', 'title', 'detail']) {
    if (typeof document[member] !== 'string') problems.push(`${status} without "${member}"`);
  }
  if (FIELD_NAMING_STATUSES.has(status)) {
    const errors = document.errors;
    const named =
      Array.isArray(errors) &&
      errors.length > 0 &&
      errors.every(
        (e: unknown) =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as { field?: unknown }).field === 'string' &&
          (e as { field: string }).field.length > 0 &&
          typeof (e as { message?: unknown }).message === 'string',
      );
    if (!named) problems.push(`${status} that names no field: ${clip(response.body)}`);
  }
  return problems;
}

function clip(text: string, max = 400): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
