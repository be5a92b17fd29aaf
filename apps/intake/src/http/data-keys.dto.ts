import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Omittable } from '@redress/platform';

export class RewrapDataKeysDto {
  @ApiPropertyOptional({
    default: 10_000,
    minimum: 1,
    maximum: 1_000_000,
    description: 'At most this many data keys in this request; call again until none is left.',
  })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  limit?: number;
}
