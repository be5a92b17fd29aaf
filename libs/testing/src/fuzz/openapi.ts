/**
 * The part of an OpenAPI 3 document (as @nestjs/swagger writes it) that the fuzzer reads: the
 * operations, their parameters and JSON bodies, and the component schemas they refer to.
 */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  default?: unknown;
  example?: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

export interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: SchemaObject; example?: unknown }>;
  };
  security?: unknown[];
}

export interface OpenApiDocument {
  openapi?: string;
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/** One documented operation: `POST /complaints/{id}/amendments`. */
export interface Operation {
  key: string;
  method: string;
  path: string;
  parameters: ParameterObject[];
  /** The JSON body's schema (references resolved on use), when the operation takes one. */
  body?: SchemaObject;
  /** Examples of the body the document gives. */
  bodyExamples: unknown[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation of the document, in a stable order (path, then method). */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const path of Object.keys(document.paths).sort()) {
    const item = document.paths[path] ?? {};
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const json = Object.entries(operation.requestBody?.content ?? {}).find(([type]) =>
        /json/i.test(type),
      )?.[1];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        ...(json?.schema ? { body: json.schema } : {}),
        bodyExamples: json?.example === undefined ? [] : [json.example],
      });
    }
  }
  return operations;
}

/** `#/components/schemas/X` → the schema X (one level; the caller resolves nested ones). */
export function resolve(document: OpenApiDocument, schema: SchemaObject): SchemaObject {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : document.components?.schemas?.[name];
    if (target === undefined || hops > 20) {
      throw new Error(`the OpenAPI document has no schema ${current.$ref}`);
    }
    current = target;
  }
  if (current.allOf?.length === 1 && current.allOf[0]) {
    const { allOf: _allOf, ...rest } = current;
    return { ...resolve(document, current.allOf[0]), ...rest };
  }
  return current;
}
