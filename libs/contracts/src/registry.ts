import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import './formats';
import type { CloudEvent } from './envelope';

/**
 * An upcaster lifts the data of one schema version to the next (`upcasters[1]` turns v1 into
 * v2). Old events are upgraded when read, never rewritten in the log.
 */
export type Upcaster = (data: unknown) => unknown;

/**
 * Event data as a command has it: any field may be left out or undefined, and an object field
 * may name only some of its members. `EventDefinition.complete` fills in the schema's defaults.
 */
export type EventInput<T> = {
  [K in keyof T]?:
    | (T[K] extends readonly unknown[]
        ? T[K]
        : T[K] extends object
          ? { [P in keyof T[K]]?: T[K][P] | undefined }
          : T[K])
    | undefined;
};

export interface EventDefinition<TType extends string, TSchemaT extends TSchema> {
  readonly type: TType;
  readonly topic: string;
  readonly schemaVersion: number;
  readonly schema: TSchemaT;
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  readonly check: TypeCheck<TSchemaT>;
  /**
   * The one place where an event's defaults are applied: fields left out (or undefined) get the
   * schema's `default`, undefined members are dropped, and the result is checked. What a command
   * may leave out is therefore decided by the schema, never by each use case; a field that is
   * neither given nor defaulted fails here with `InvalidEvent`, naming its path.
   */
  complete(input: EventInput<Static<TSchemaT>>): Static<TSchemaT>;
}

export function defineEvent<TType extends string, TSchemaT extends TSchema>(spec: {
  type: TType;
  topic: string;
  schemaVersion: number;
  schema: TSchemaT;
  upcasters?: Record<number, Upcaster>;
}): EventDefinition<TType, TSchemaT> {
  for (let v = 1; v < spec.schemaVersion; v++) {
    if (!spec.upcasters?.[v]) {
      throw new Error(`${spec.type}: no upcaster from schema version ${v} to ${v + 1}`);
    }
  }
  const check = TypeCompiler.Compile(spec.schema);
  return {
    ...spec,
    upcasters: spec.upcasters ?? {},
    check,
    complete(input) {
      const data: unknown = Value.Default(spec.schema, withoutUndefined(input));
      if (!check.Check(data)) {
        throw new InvalidEvent(`${spec.type} data is incomplete`, problemsOf(check, data));
      }
      return data;
    },
  };
}

/**
 * A deep copy of plain data without the members whose value is undefined (DTO instances declare
 * every property of their class, given or not). Class instances become plain objects.
 */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own members, so even a `__proto__` key stays data.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => [key, withoutUndefined(member)]),
  );
}

export type EventData<D> = D extends EventDefinition<string, infer S> ? Static<S> : never;
export type EventOf<D> =
  D extends EventDefinition<infer T, infer S> ? CloudEvent<T, Static<S>> : never;

/** An inbound message that is not a valid event of a known type and version. */
export class InvalidEvent extends Error {
  constructor(
    message: string,
    readonly problems: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(problems.length ? `${message}: ${formatProblems(problems)}` : message);
    this.name = 'InvalidEvent';
  }
}

function formatProblems(problems: ReadonlyArray<{ path: string; message: string }>): string {
  return problems
    .slice(0, 5)
    .map((p) => `${p.path || '/'} ${p.message}`)
    .join('; ');
}

const Envelope = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String({ minLength: 1, maxLength: 200 }),
  source: Type.String({ minLength: 1 }),
  type: Type.String({ minLength: 1 }),
  subject: Type.String({ minLength: 1 }),
  time: Type.String({ format: 'date-time' }),
  datacontenttype: Type.Literal('application/json'),
  schemaversion: Type.Integer({ minimum: 1 }),
  streamversion: Type.Integer({ minimum: 1 }),
  correlationid: Type.String({ minLength: 1 }),
  causationid: Type.Optional(Type.String({ minLength: 1 })),
  authtype: Type.Union([
    Type.Literal('app_user'),
    Type.Literal('service_account'),
    Type.Literal('system'),
  ]),
  authid: Type.String({ minLength: 1 }),
  authclaims: Type.Optional(Type.String()),
  // Only carried: a malformed value is ignored by the trace propagator, never a reason to refuse.
  traceparent: Type.Optional(Type.String()),
  tracestate: Type.Optional(Type.String()),
  data: Type.Unknown(),
});
const envelopeCheck = TypeCompiler.Compile(Envelope);

function problemsOf<T extends TSchema>(check: TypeCheck<T>, value: unknown) {
  return [...check.Errors(value)].slice(0, 10).map((e) => ({ path: e.path, message: e.message }));
}

/**
 * Every Redress topic is keyed by what the event is about (its complaint). A record keyed
 * otherwise was written by something other than the platform's publisher: it may sit on another
 * partition, out of order with that complaint's other events, so it is not trusted.
 */
export function assertKeyedBy(
  event: { type: string; id: string },
  about: string,
  key: string | null,
): void {
  if (key !== about) {
    throw new InvalidEvent(
      `${event.type} ${event.id} is about complaint ${about} but its Kafka key is ` +
        `${key === null ? 'missing' : JSON.stringify(key.slice(0, 80))}`,
    );
  }
}

/** Checks the CloudEvents envelope of CONTRACT.md; the data stays unknown. */
export function parseEnvelope(value: unknown): CloudEvent<string, unknown> {
  if (!envelopeCheck.Check(value)) {
    throw new InvalidEvent('not a Redress CloudEvent', problemsOf(envelopeCheck, value));
  }
  return value as CloudEvent<string, unknown>;
}

/**
 * A set of event definitions a consumer understands. `parse` validates the envelope, upcasts the
 * data to the current schema version and validates it; unknown types come back as `null` so the
 * consumer can ignore them (CONTRACT.md: consumers ignore unknown types).
 */
export class EventRegistry<D extends EventDefinition<string, TSchema>> {
  private readonly byType = new Map<string, D>();

  constructor(definitions: readonly D[]) {
    for (const d of definitions) this.byType.set(d.type, d);
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  definition(type: string): D | undefined {
    return this.byType.get(type);
  }

  parse(value: unknown): EventOf<D> | null {
    const envelope = parseEnvelope(value);
    const definition = this.byType.get(envelope.type);
    if (!definition) return null;
    const data = this.decode(envelope.type, envelope.schemaversion, envelope.data);
    return { ...envelope, schemaversion: definition.schemaVersion, data } as EventOf<D>;
  }

  /**
   * Upcasts and validates the data of a known type (e.g. read back from a service's own event
   * store) and returns it in the current schema version.
   */
  decode(type: string, schemaVersion: number, data: unknown): unknown {
    const definition = this.byType.get(type);
    if (!definition) throw new InvalidEvent(`unknown event type ${type}`);
    const current = upcast(definition, schemaVersion, data);
    if (!definition.check.Check(current)) {
      throw new InvalidEvent(
        `${type} v${definition.schemaVersion} data is invalid`,
        problemsOf(definition.check, current),
      );
    }
    return current;
  }

  /** The schema version a service writes for `type` today. */
  currentVersion(type: string): number {
    const definition = this.byType.get(type);
    if (!definition) throw new InvalidEvent(`unknown event type ${type}`);
    return definition.schemaVersion;
  }

  /** Validates data about to be written, so a service never emits an event it would reject. */
  assertValid(type: string, data: unknown): void {
    const definition = this.byType.get(type);
    if (!definition) throw new InvalidEvent(`unknown event type ${type}`);
    if (!definition.check.Check(data)) {
      throw new InvalidEvent(`${type} data is invalid`, problemsOf(definition.check, data));
    }
  }
}

function upcast(
  definition: EventDefinition<string, TSchema>,
  fromVersion: number,
  data: unknown,
): unknown {
  if (fromVersion > definition.schemaVersion) {
    throw new InvalidEvent(
      `${definition.type} schema version ${fromVersion} is newer than ${definition.schemaVersion}, the newest this consumer knows`,
    );
  }
  let current = data;
  for (let v = fromVersion; v < definition.schemaVersion; v++) {
    const step = definition.upcasters[v];
    if (!step) throw new InvalidEvent(`${definition.type}: no upcaster from version ${v}`);
    current = step(current);
  }
  return current;
}
