import type { SchemaObject } from './fuzz/openapi';

/**
 * The schemas compared: JSON Schema as `dtoSchema` (libs/platform) writes a DTO and as TypeBox
 * writes an event (`anyOf` of `const`s for a union of literals, `default` for a filled-in value).
 */
export type ComparedSchema = SchemaObject;

/**
 * How a command's DTO becomes an event. Paths are dotted; `[]` stands for the items of an
 * array (`attachments[].sha256`). A DTO property not named here lands at the same path under
 * `root`.
 */
export interface DtoToEvent {
  /** Where the DTO's top level lands in the event (`changes` for an amendment); the root by default. */
  root?: string;
  /** Event fields the service fills in itself (ids, times, the caller's department). */
  supplied?: readonly string[];
  /** DTO fields that land elsewhere, value for value (DTO path → event path). */
  renamed?: Readonly<Record<string, string>>;
  /**
   * DTO fields merged with what the service already holds (a reclassification's fields over the
   * current decision): their values must fit the event, but leaving them out is fine.
   */
  merged?: Readonly<Record<string, string>>;
  /**
   * DTO fields the service turns into something else (masked, normalised, encrypted) before the
   * event, or keeps out of it (`null`). Only whether they may be left out is compared.
   */
  transformed?: Readonly<Record<string, string | null>>;
}

/**
 * Everything a DTO accepts that the event it becomes would refuse, as sentences naming the
 * field: the test that keeps "what the DTO accepts, the event schema accepts" true. It walks
 * both schemas: a field the DTO lets be left out must be optional in the event or have a default
 * there (applied by `EventDefinition.complete`); one the DTO lets be null must accept null; its
 * type, enum values, lengths, pattern, format, range and array size must fit within the event's;
 * and every field the event requires must be required by the DTO or supplied by the service.
 * Conservative: two patterns are equal only when written alike.
 */
export function schemaGaps(
  dto: ComparedSchema,
  event: ComparedSchema,
  mapping: DtoToEvent = {},
): string[] {
  const walk = new Walk(event, mapping);
  walk.object(dto, '', mapping.root ?? '');
  return [...walk.gaps, ...walk.uncovered()];
}

class Walk {
  readonly gaps: string[] = [];
  private readonly covered = new Set<string>();
  private readonly objectTargets = new Set<string>();

  constructor(
    private readonly event: ComparedSchema,
    private readonly mapping: DtoToEvent,
  ) {}

  object(dto: ComparedSchema, dtoPath: string, target: string): void {
    this.objectTargets.add(target);
    for (const [name, property] of Object.entries(dto.properties ?? {})) {
      const path = join(dtoPath, name);
      const required = dto.required?.includes(name) ?? false;
      this.property(property, path, join(target, name), required);
    }
  }

  private property(dto: ComparedSchema, path: string, defaultTarget: string, required: boolean) {
    const { transformed = {}, merged = {}, renamed = {} } = this.mapping;
    if (path in transformed) {
      const target = transformed[path];
      if (target === null || target === undefined) return;
      this.covered.add(target);
      if (!required && !this.mayBeAbsent(target)) {
        this.gaps.push(
          `${path}: the DTO lets it be left out; the event requires ${target} and has no default`,
        );
      }
      return;
    }
    if (path in merged) {
      const target = merged[path] ?? defaultTarget;
      this.covered.add(target);
      this.value(dto, path, target);
      return;
    }
    const target = renamed[path] ?? defaultTarget;
    if (this.at(target) === undefined) {
      this.gaps.push(`${path}: the event has no ${target} (add it there, or map it)`);
      return;
    }
    if (required) this.covered.add(target);
    else if (!this.mayBeAbsent(target)) {
      this.gaps.push(
        `${path}: the DTO lets it be left out; the event requires ${target} and has no default`,
      );
    }
    if (dto.nullable && !acceptsNull(this.at(target))) {
      this.gaps.push(`${path}: the DTO accepts null; the event's ${target} does not`);
    }
    this.value(dto, path, target);
  }

  private value(dto: ComparedSchema, path: string, target: string): void {
    const event = this.at(target);
    if (event === undefined) {
      this.gaps.push(`${path}: the event has no ${target} (add it there, or map it)`);
      return;
    }
    const gap = (text: string) => this.gaps.push(`${path}: ${text}`);
    const allowed = enumOf(event);
    if (allowed !== undefined) {
      const given = enumOf(dto);
      if (given === undefined)
        gap(`the event accepts only ${allowed.join(', ')}; the DTO any value`);
      else {
        const extra = given.filter((v) => !allowed.includes(v));
        if (extra.length > 0) gap(`the DTO accepts ${extra.join(', ')}, which the event does not`);
      }
      return;
    }
    if (event.type === undefined) return;
    const dtoType =
      dto.type ?? (enumOf(dto)?.every((v) => typeof v === 'string') ? 'string' : undefined);
    const fits = dtoType === event.type || (event.type === 'number' && dtoType === 'integer');
    if (!fits) {
      gap(`the DTO accepts ${dtoType ?? 'any type'}; the event's ${target} is ${event.type}`);
      return;
    }
    const bound = (name: keyof ComparedSchema, sense: 1 | -1) => {
      const limit = event[name];
      if (typeof limit !== 'number') return;
      const own = dto[name];
      if (typeof own !== 'number' || sense * own > sense * limit) {
        gap(
          `${String(name)} is ${own === undefined ? 'unbounded' : String(own)} in the DTO, ${limit} in the event`,
        );
      }
    };
    switch (event.type) {
      case 'string':
        bound('maxLength', 1);
        bound('minLength', -1);
        if (event.pattern !== undefined && dto.pattern !== event.pattern) {
          gap(
            `the event requires the pattern ${event.pattern}; the DTO has ${dto.pattern ?? 'none'}`,
          );
        }
        if (event.format !== undefined && dto.format !== event.format) {
          gap(`the event requires the format ${event.format}; the DTO has ${dto.format ?? 'none'}`);
        }
        return;
      case 'integer':
      case 'number':
        bound('maximum', 1);
        bound('minimum', -1);
        return;
      case 'array':
        bound('maxItems', 1);
        bound('minItems', -1);
        if (dto.items && event.items) this.items(dto.items, `${path}[]`, `${target}[]`);
        return;
      case 'object':
        if (event.properties) this.object(dto, path, target);
        return;
      default:
        return;
    }
  }

  private items(dto: ComparedSchema, path: string, target: string): void {
    const { transformed = {} } = this.mapping;
    if (path in transformed) return;
    this.value(dto, path, target);
  }

  /** Required event fields of every object a DTO object was compared with, left uncovered. */
  uncovered(): string[] {
    const supplied = new Set(this.mapping.supplied ?? []);
    const gaps: string[] = [];
    for (const target of this.objectTargets) {
      const object = this.at(target);
      for (const name of object?.required ?? []) {
        const path = join(target, name);
        if (object?.properties?.[name]?.default !== undefined) continue;
        if (this.covered.has(path) || supplied.has(path)) continue;
        gaps.push(
          `${path}: the event requires it; the DTO does not, and the service does not say it supplies it`,
        );
      }
    }
    return gaps;
  }

  private mayBeAbsent(target: string): boolean {
    const cut = target.lastIndexOf('.');
    const parent = this.at(cut === -1 ? '' : target.slice(0, cut));
    const name = cut === -1 ? target : target.slice(cut + 1);
    const schema = parent?.properties?.[name];
    return !(parent?.required?.includes(name) ?? false) || schema?.default !== undefined;
  }

  /** The event's schema at a dotted path (`[]` steps into array items). */
  private at(path: string): ComparedSchema | undefined {
    let schema: ComparedSchema | undefined = this.event;
    for (const step of path ? path.split('.') : []) {
      const array = step.endsWith('[]');
      const name = array ? step.slice(0, -2) : step;
      schema = name ? schema?.properties?.[name] : schema;
      if (array) schema = schema?.items;
      if (schema === undefined) return undefined;
    }
    return schema;
  }
}

function enumOf(schema: ComparedSchema): unknown[] | undefined {
  if (schema.enum) return [...schema.enum];
  if (schema.const !== undefined) return [schema.const];
  if (schema.anyOf?.every((s) => s.const !== undefined)) return schema.anyOf.map((s) => s.const);
  return undefined;
}

function acceptsNull(schema: ComparedSchema | undefined): boolean {
  return (
    schema?.nullable === true ||
    schema?.type === 'null' ||
    (schema?.anyOf ?? []).some((s) => s.type === 'null' || s.const === null)
  );
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
