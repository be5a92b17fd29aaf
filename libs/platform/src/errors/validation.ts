import { ValidationPipe, type ArgumentMetadata, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { dtoSchema, isDto } from '../dto/dto-schema';
import { inputBoundErrors } from '../dto/input-bounds';
import { validationProblem, type FieldError } from './problem';

/**
 * Checks the bounds of a body or query against its DTO (`inputBoundErrors`) before Nest's
 * pipe turns it into instances, so an oversized array or a flood of unknown keys is refused
 * in linear time instead of being built and validated member by member.
 */
export class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    if ((type === 'body' || type === 'query') && isDto(metatype)) {
      const errors = inputBoundErrors(value, dtoSchema(metatype));
      if (errors.length > 0) throw validationProblem(errors);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * The validation pipe every service installs globally: unknown fields are rejected rather than
 * ignored (CONTRACT.md "Errors"), payloads are turned into DTO instances, and the 400 names each
 * bad field by its dotted path. Bounds are checked first (`BoundedValidationPipe`).
 */
export function createValidationPipe(overrides: ValidationPipeOptions = {}): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => validationProblem(toFieldErrors(errors)),
    ...overrides,
  });
}

/**
 * Flattens class-validator's tree into `{ field, message }` pairs: nested objects and array items
 * become dotted paths (`customer.phone`, `attachments.0.sha256`).
 */
export function toFieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const fields: FieldError[] = [];
  for (const error of errors) {
    const property = error.property ?? '';
    const field = parent && property ? `${parent}.${property}` : parent || property || 'body';
    for (const message of Object.values(error.constraints ?? {})) {
      fields.push({ field, message: withoutPropertyName(message, property) });
    }
    if (error.children && error.children.length > 0) {
      fields.push(...toFieldErrors(error.children, field === 'body' ? '' : field));
    }
  }
  return fields;
}

/**
 * class-validator's messages start with the bare property name ("phone must be a string",
 * "property nickname should not exist"); the field already says where, with its full path, so
 * the name is dropped from those two shapes. Other messages are left as written.
 */
export function withoutPropertyName(message: string, property: string): string {
  if (!property) return message;
  if (message.startsWith(`${property} `)) return message.slice(property.length + 1);
  if (message === `property ${property} should not exist`) return 'property should not exist';
  return message;
}
