import type { FieldError } from '../errors/problem';
import type { JsonSchema } from './json-schema';
import { UNSTORABLE_TEXT_MESSAGE, isStorableText } from './text';

/** Past this many problems the answer stops listing them (see `validationProblem`). */
const MAX_REPORTED = 50;

/**
 * An object with more members than this that its DTO does not know is refused before
 * validation; a few unknown members are left to class-validator, which names them together with
 * every other problem of the request.
 */
export const MAX_UNKNOWN_MEMBERS = 10;

/**
 * The cheap checks that must come before a body or query becomes DTO instances: arrays longer
 * than `maxItems`, strings far longer than `maxLength` or holding text the database cannot store
 * (`isStorableText`; query strings reach here without the body parser's check), and objects
 * with more than
 * `MAX_UNKNOWN_MEMBERS` members the DTO does not know. Building and validating instances costs
 * time per member (20,000 empty attachments took 1.6 s, 15,000 unknown keys 0.3 s); these checks
 * cost one look at each member and stop after `MAX_REPORTED` problems, so a 256 kB body of any
 * shape is refused in a few milliseconds. An empty answer does not mean the value is valid.
 *
 * Strings are measured in UTF-16 units against twice `maxLength`: class-validator counts a
 * surrogate pair (and an emoji's variation selector) as one character, so a legitimate text of
 * `maxLength` characters is never refused here, and anything longer than this is refused by the
 * validator too. Everything else (types, patterns, exact lengths) is left to class-validator.
 */
export function inputBoundErrors(value: unknown, schema: JsonSchema): FieldError[] {
  const errors: FieldError[] = [];
  visit(value, schema, '', errors);
  return errors;
}

function visit(value: unknown, schema: JsonSchema, path: string, errors: FieldError[]): void {
  if (errors.length >= MAX_REPORTED) return;
  if (Array.isArray(value)) {
    // class-validator's @ValidateNested({ each: true }) validates an array found where a nested
    // object should be by its items: an empty one passes. Refused here whatever the DTO says.
    if (schema.type === 'object') {
      errors.push({ field: path || 'body', message: 'must be an object' });
      return;
    }
    if (schema.type !== 'array') return;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push({
        field: path || 'body',
        message: `must contain no more than ${schema.maxItems} elements`,
      });
      return;
    }
    const items = schema.items;
    if (items) value.forEach((item, i) => visit(item, items, join(path, String(i)), errors));
    return;
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > 2 * schema.maxLength) {
      errors.push({
        field: path || 'body',
        message: `must be shorter than or equal to ${schema.maxLength} characters`,
      });
    } else if (!isStorableText(value)) {
      errors.push({ field: path || 'body', message: UNSTORABLE_TEXT_MESSAGE });
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const properties = schema.properties;
  if (properties === undefined) return;
  const keys = Object.keys(value);
  const known = (key: string) => Object.prototype.hasOwnProperty.call(properties, key);
  if (schema.additionalProperties === false) {
    const unknown = keys.filter((key) => !known(key));
    if (unknown.length > MAX_UNKNOWN_MEMBERS) {
      for (const key of unknown.slice(0, MAX_REPORTED - errors.length)) {
        errors.push({ field: join(path, key), message: 'property should not exist' });
      }
      return;
    }
  }
  for (const key of keys) {
    if (errors.length >= MAX_REPORTED) return;
    const member = known(key) ? properties[key] : undefined;
    if (member !== undefined) {
      visit((value as Record<string, unknown>)[key], member, join(path, key), errors);
    }
  }
}

/** A member's dotted path; one without a name is its parent's (the body's at the top). */
function join(path: string, key: string): string {
  if (!key) return path || 'body';
  return path ? `${path}.${key}` : key;
}
