import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { dtoSchema } from '../dto/dto-schema';
import type { JsonSchema } from '../dto/json-schema';

/** Where `@ApiProperty()` keeps its options (the package does not export the key). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

type Constructor = abstract new (...args: never[]) => unknown;

/** The bounds and formats of a property that OpenAPI can state. */
const DOCUMENTED: ReadonlyArray<keyof JsonSchema> = [
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'uniqueItems',
];

/**
 * Writes every DTO's class-validator rules into its OpenAPI description, as the Swagger CLI
 * plugin's `classValidatorShim` does at build time: lengths, patterns, formats, ranges, array
 * sizes, and whether a property is required. Whatever `@ApiProperty()` states explicitly is
 * kept, except `required`, which always follows the validation (a document must not promise
 * what the pipe refuses). So the document clients read, the bounds the pipe enforces and the
 * requests the fuzz tests generate come from one set of rules. Idempotent; `setupOpenApi` calls
 * it before building the document.
 */
export function describeValidationRules(): void {
  for (const target of validatedClasses()) {
    const schema = dtoSchema(target);
    const own = ownProperties(target);
    const prototype = target.prototype as object;
    listProperties(prototype, Object.keys(schema.properties ?? {}));
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (!own.has(name)) continue;
      const declared = (Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, name) ?? {}) as Record<
        string,
        unknown
      >;
      // Only what @ApiProperty() does not state already: ApiProperty merges it into the rest.
      const options: Record<string, unknown> = {};
      for (const key of DOCUMENTED) {
        if (property[key] !== undefined && declared[key] === undefined)
          options[key] = property[key];
      }
      const isArray = declared.isArray === true || declared.type === 'array';
      if (property.enum !== undefined && !isArray && declared.enum === undefined) {
        options.enum = property.enum;
      }
      if (property.nullable) options.nullable = true;
      // The design type says Number; @IsInt() says which numbers.
      if (property.type === 'integer') options.type = 'integer';
      ApiProperty(options as ApiPropertyOptions)(prototype, name);
      const documented = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, name) as
        Record<string, unknown> | undefined;
      const required = schema.required?.includes(name) ?? false;
      Reflect.defineMetadata(API_MODEL_PROPERTIES, { ...documented, required }, prototype, name);
    }
  }
}

/**
 * Swagger documents the properties listed on the class; a subclass that has its own list
 * (from any @ApiProperty) hides what the base class lists after it was declared. Every validated
 * property, inherited or not, is listed.
 */
function listProperties(prototype: object, names: readonly string[]): void {
  const listed = (Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, prototype) ?? []) as string[];
  const missing = names.map((name) => `:${name}`).filter((key) => !listed.includes(key));
  if (missing.length > 0) {
    Reflect.defineMetadata(API_MODEL_PROPERTIES_ARRAY, [...listed, ...missing], prototype);
  }
}

/** Every class that has class-validator rules, in the order they were declared. */
function validatedClasses(): Constructor[] {
  // class-validator keeps no public list of its targets; its storage holds them in this map
  // (class-validator-jsonschema reads it the same way). A test fails if the shape ever changes.
  const storage = getMetadataStorage() as unknown as { validationMetadatas?: unknown };
  if (!(storage.validationMetadatas instanceof Map)) {
    throw new Error("class-validator's metadata storage has no validationMetadatas map any more");
  }
  return [...(storage.validationMetadatas as Map<unknown, unknown>).keys()].filter(
    (target): target is Constructor => typeof target === 'function',
  );
}

/** Properties whose rules are declared on the class itself, not inherited. */
function ownProperties(target: Constructor): Set<string> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<unknown, Array<{ propertyName: string }>>;
  };
  return new Set((storage.validationMetadatas.get(target) ?? []).map((m) => m.propertyName));
}
