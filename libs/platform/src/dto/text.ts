/**
 * Text that PostgreSQL cannot store: a NUL character (no `text` or `jsonb` value may hold one)
 * or half of a surrogate pair (not Unicode at all: `jsonb` refuses `\ud800`). JSON can carry
 * both as escapes, so a body parses fine and then fails at the database with a 500. Linear: one
 * pass of a regular expression without backtracking.
 */
// The NUL is what this looks for, hence the control character.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE =
  'must be Unicode text without NUL characters or unpaired surrogates';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
