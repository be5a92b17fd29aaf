import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { InvalidInput } from '@redress/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path parameter that must be a UUID (a complaint id), checked with the parameter named in
 * the 400 like a body field: `@Param('id', new UuidParam('id'))`.
 */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new InvalidInput(this.field, 'must be a UUID');
    return value.toLowerCase();
  }
}

/** Documents a UUID path parameter (`UuidParam` checks it; OpenAPI cannot see pipes). */
export function ApiUuidParam(name: string): MethodDecorator {
  return ApiParam({ name, type: String, format: 'uuid' });
}
