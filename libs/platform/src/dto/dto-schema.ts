import 'reflect-metadata';
import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  ARRAY_UNIQUE,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_EMAIL,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_NUMBER,
  IS_OBJECT,
  IS_OPTIONAL,
  IS_STRING,
  IS_URL,
  IS_UUID,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
  ValidationTypes,
  getMetadataStorage,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';
import { IS_INSTANT, MAX_INSTANT_LENGTH } from './instant';
import type { JsonSchema } from './json-schema';
import { UNIQUE_ITEMS } from './unique-items';

/** Swagger's own key for `@ApiProperty()` options (for `nullable`, which validators cannot say). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

type Constructor = abstract new (...args: never[]) => unknown;

// class-transformer keeps `@Type()` in this module, which its typings declare in another folder.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storageModule = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: TransformerStorage;
};
const transformerStorage = storageModule.defaultMetadataStorage;

const cache = new WeakMap<Constructor, JsonSchema>();

/** Whether class-validator knows any rule of this class (it is a DTO). */
export function isDto(target: unknown): target is Constructor {
  return typeof target === 'function' && metadataOf(target as Constructor).length > 0;
}

/**
 * The JSON schema a DTO class accepts, read from its class-validator rules (and class-transformer's
 * `@Type` for nested DTOs), nested DTOs written out in place. One reading of the rules serves
 * three purposes: the OpenAPI document shows the same bounds the validation pipe enforces, the
 * pipe refuses over-long arrays and strings before any object is built, and tests compare what a
 * DTO accepts with what the event schema accepts.
 *
 * `required`: no `@IsOptional()`, `@Omittable()` or `@ValidateIf()`. `nullable`: class-validator's
 * `@IsOptional()` (which skips every rule for null) or `@ApiProperty({ nullable: true })`.
 */
export function dtoSchema(target: Constructor): JsonSchema {
  return schemaOf(target, new Set());
}

function schemaOf(target: Constructor, visiting: Set<Constructor>): JsonSchema {
  const cached = cache.get(target);
  if (cached) return cached;
  // A DTO that contains itself is described once; the inner occurrence stays an open object.
  if (visiting.has(target)) return { type: 'object' };
  visiting.add(target);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadataOf(target)) {
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, rules] of byProperty) {
    const { schema, optional } = propertySchema(target, name, rules, visiting);
    properties[name] = schema;
    if (!optional) required.push(name);
  }
  visiting.delete(target);
  const schema: JsonSchema = { type: 'object', properties, required, additionalProperties: false };
  cache.set(target, schema);
  return schema;
}

function metadataOf(target: Constructor): ValidationMetadata[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target as unknown as new () => unknown, '', true, false)
    .filter((m) => m.type !== ValidationTypes.WHITELIST);
}

function propertySchema(
  target: Constructor,
  name: string,
  rules: readonly ValidationMetadata[],
  visiting: Set<Constructor>,
): { schema: JsonSchema; optional: boolean } {
  const schema: JsonSchema = {};
  let optional = false;
  const itemsOf = (): JsonSchema => (schema.items ??= {});
  for (const rule of rules) {
    if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      // @IsOptional() skips every rule for null as well; @Omittable() only for absence, and a
      // custom @ValidateIf() says nothing about null (its DTO documents `nullable` if so).
      optional = true;
      if (rule.name === IS_OPTIONAL) schema.nullable = true;
      continue;
    }
    if (rule.type === ValidationTypes.NESTED_VALIDATION) continue;
    describe(rule.each ? itemsOf() : schema, rule);
  }
  const nested = nestedType(target, name, rules);
  if (nested) {
    const nestedSchema = schemaOf(nested, visiting);
    if (schema.type === 'array') schema.items = { ...nestedSchema, ...schema.items };
    else Object.assign(schema, { ...nestedSchema, ...schema, type: 'object' });
  }
  const documented = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype as object, name) as
    { nullable?: boolean } | undefined;
  if (documented?.nullable === true) schema.nullable = true;
  return { schema, optional };
}

function nestedType(
  target: Constructor,
  name: string,
  rules: readonly ValidationMetadata[],
): Constructor | undefined {
  if (!rules.some((r) => r.type === ValidationTypes.NESTED_VALIDATION)) return undefined;
  const type = transformerStorage.findTypeMetadata(target as unknown as new () => unknown, name);
  const nested = type?.typeFunction() as Constructor | undefined;
  return typeof nested === 'function' && nested !== Object ? nested : undefined;
}

/** What one class-validator rule says about the value, in JSON Schema terms. */
function describe(schema: JsonSchema, rule: ValidationMetadata): void {
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case IS_STRING:
      schema.type = 'string';
      break;
    case IS_INT:
      schema.type = 'integer';
      break;
    case IS_NUMBER:
      schema.type ??= 'number';
      break;
    case IS_BOOLEAN:
      schema.type = 'boolean';
      break;
    case IS_ARRAY:
      schema.type = 'array';
      break;
    case IS_OBJECT:
      schema.type = 'object';
      break;
    case IS_IN:
      if (Array.isArray(first)) {
        schema.enum = [...(first as unknown[])];
        if (first.every((v) => typeof v === 'string')) schema.type ??= 'string';
      }
      break;
    case IS_LENGTH:
      schema.type ??= 'string';
      if (typeof first === 'number') schema.minLength = first;
      if (typeof second === 'number') schema.maxLength = second;
      break;
    case MIN_LENGTH:
      if (typeof first === 'number') schema.minLength = first;
      break;
    case MAX_LENGTH:
      if (typeof first === 'number') schema.maxLength = first;
      break;
    case MATCHES:
      schema.type ??= 'string';
      if (first instanceof RegExp && first.flags.replace(/[gy]/g, '') === '') {
        schema.pattern = first.source;
      } else if (typeof first === 'string' && !second) {
        schema.pattern = first;
      }
      break;
    case MIN:
      if (typeof first === 'number') schema.minimum = first;
      break;
    case MAX:
      if (typeof first === 'number') schema.maximum = first;
      break;
    case ARRAY_MIN_SIZE:
      if (typeof first === 'number') schema.minItems = first;
      break;
    case ARRAY_MAX_SIZE:
      if (typeof first === 'number') schema.maxItems = first;
      break;
    case ARRAY_UNIQUE:
    case UNIQUE_ITEMS:
      schema.uniqueItems = true;
      break;
    case IS_EMAIL:
      // validator.js refuses addresses over 254 characters (RFC 5321).
      schema.type ??= 'string';
      schema.format = 'email';
      schema.maxLength ??= 254;
      break;
    case IS_URL:
      schema.type ??= 'string';
      schema.format = 'uri';
      break;
    case IS_UUID:
      schema.type ??= 'string';
      schema.format = 'uuid';
      schema.maxLength ??= 36;
      break;
    case IS_ISO8601:
      schema.type ??= 'string';
      schema.format = 'date-time';
      break;
    case IS_INSTANT:
      schema.type ??= 'string';
      schema.format = 'date-time';
      schema.maxLength ??= MAX_INSTANT_LENGTH;
      break;
    default:
      break;
  }
}
