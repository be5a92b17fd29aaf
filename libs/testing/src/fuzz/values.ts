import fc, { type Arbitrary } from 'fast-check';
import { resolve, type OpenApiDocument, type SchemaObject } from './openapi';

/** Strings longer than this are generated only at a bound (its exact maximum), not at random. */
const RANDOM_STRING_LENGTH = 40;
/** Arrays longer than this are generated only at a bound. */
const RANDOM_ARRAY_LENGTH = 4;
/** Below this depth a schema-less value is generated flat. */
const MAX_DEPTH = 6;

/**
 * Values a schema accepts, as far as a schema can say: the validators behind it may still refuse
 * some (a rule between two fields, an e-mail address validator.js dislikes), which is fine: those
 * are answered 400, and everything else reaches the code behind the validation.
 */
export function validValue(
  document: OpenApiDocument,
  schema: SchemaObject,
  depth = 0,
): Arbitrary<unknown> {
  const s = resolve(document, schema);
  const value = validNonNull(document, s, depth);
  return s.nullable ? fc.oneof(value, fc.constant(null)) : value;
}

function validNonNull(
  document: OpenApiDocument,
  s: SchemaObject,
  depth: number,
): Arbitrary<unknown> {
  if (s.enum !== undefined && s.enum.length > 0) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((a) => validValue(document, a, depth + 1)));
  }
  switch (s.type) {
    case 'string':
      return validString(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.oneof(
        fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 }),
        fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return validArray(document, s, depth);
    case 'object':
      return validObject(document, s, depth);
    default:
      return s.properties ? validObject(document, s, depth) : anyJson(depth);
  }
}

function validString(s: SchemaObject): Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength;
  const fits = (text: string) => text.length >= min && (max === undefined || text.length <= max);
  let random: Arbitrary<string>;
  if (s.pattern !== undefined) {
    const pattern = new RegExp(s.pattern);
    random = (
      s.maxLength === undefined
        ? fc.stringMatching(pattern)
        : fc.stringMatching(pattern, { maxLength: s.maxLength })
    ).filter(fits);
  } else if (s.format === 'uuid') {
    random = fc.uuid();
  } else if (s.format === 'date-time') {
    random = isoInstants();
  } else if (s.format === 'date') {
    random = isoInstants().map((instant) => instant.slice(0, 10));
  } else if (s.format === 'email') {
    random = fc.emailAddress().filter(fits);
  } else if (s.format === 'uri') {
    random = fc.webUrl().filter(fits);
  } else {
    random = fc.string({
      unit: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...'abcxyz 0123-_.') },
        { weight: 2, arbitrary: fc.constantFrom(...'投诉酸奶破损退款快递') },
        // One code point of any script (no control character, no half surrogate): lengths stay
        // what validators count.
        {
          weight: 1,
          arbitrary: fc
            .integer({ min: 0x20, max: 0x10ffff })
            .filter((cp) => cp < 0xd800 || cp > 0xdfff)
            .map((cp) => String.fromCodePoint(cp)),
        },
      ),
      minLength: min,
      maxLength: Math.max(min, Math.min(max ?? RANDOM_STRING_LENGTH, RANDOM_STRING_LENGTH)),
    });
  }
  // A string at its maximum length exercises every bound on the way (columns, masks, events).
  const atBound =
    s.pattern === undefined &&
    s.format === undefined &&
    max !== undefined &&
    max > RANDOM_STRING_LENGTH
      ? [{ weight: 1, arbitrary: fc.constantFrom('界'.repeat(max), 'a'.repeat(max)) }]
      : [];
  return fc.oneof({ weight: 9, arbitrary: random }, ...atBound);
}

function validArray(
  document: OpenApiDocument,
  s: SchemaObject,
  depth: number,
): Arbitrary<unknown[]> {
  const items = s.items ? validValue(document, s.items, depth + 1) : anyJson(depth + 1);
  const minLength = s.minItems ?? 0;
  const maxLength = Math.min(
    s.maxItems ?? RANDOM_ARRAY_LENGTH,
    Math.max(minLength, RANDOM_ARRAY_LENGTH),
  );
  const random = s.uniqueItems
    ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(items, { minLength, maxLength });
  if (s.maxItems === undefined || s.maxItems <= maxLength || s.uniqueItems) return random;
  // The most items allowed, once in a while.
  const full = fc.array(items, { minLength: s.maxItems, maxLength: s.maxItems });
  return fc.oneof({ weight: 9, arbitrary: random }, { weight: 1, arbitrary: full });
}

function validObject(
  document: OpenApiDocument,
  s: SchemaObject,
  depth: number,
): Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  if (Object.keys(properties).length === 0) {
    return fc.dictionary(fc.string({ maxLength: 12 }), anyJson(depth + 1), { maxKeys: 4 });
  }
  const model: Record<string, Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    model[name] = validValue(document, property, depth + 1);
  }
  return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
}

/** Instants of this and the next century, as `toISOString` writes them. */
function isoInstants(): Arbitrary<string> {
  return fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());
}

/** Any JSON value, shallower the deeper it sits. */
export function anyJson(depth = 0): Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: Math.max(0, MAX_DEPTH - depth - 4) });
}
