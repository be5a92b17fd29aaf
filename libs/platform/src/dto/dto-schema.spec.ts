import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  validate,
} from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { dtoSchema, isDto } from './dto-schema';
import { IsInstant } from './instant';
import { Omittable } from './omittable';
import { UniqueItems } from './unique-items';

class Item {
  @IsString() @Length(1, 20) name!: string;
  @Omittable() @IsBoolean() urgent?: boolean;
}

class Order {
  @IsIn(['web', 'app']) channel!: 'web' | 'app';
  @Omittable() @IsString() @Length(1, 200) title?: string;
  @IsOptional() @IsString() legacy?: string;
  @Omittable() @Matches(/^[a-z]{2,3}$/) language?: string;
  @Omittable() @IsEmail() email?: string;
  @Omittable() @IsInstant() at?: string;
  @Omittable() @IsInt() @Min(1) @Max(9) count?: number;
  @Omittable()
  @IsArray()
  @ArrayMaxSize(3)
  @UniqueItems()
  @IsIn(['a', 'b', 'c'], { each: true })
  tags?: string[];
  @IsObject() @ValidateNested() @Type(() => Item) main!: Item;
  @Omittable()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => Item)
  items?: Item[];
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((o: Order) => o.note !== undefined && o.note !== null)
  @IsString()
  note?: string | null;
}

class NoRules {
  name?: string;
}

describe('dtoSchema', () => {
  const schema = dtoSchema(Order);

  it('describes each rule in JSON Schema terms, nested DTOs written out', () => {
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['channel', 'main']),
      properties: {
        channel: { type: 'string', enum: ['web', 'app'] },
        title: { type: 'string', minLength: 1, maxLength: 200 },
        language: { type: 'string', pattern: '^[a-z]{2,3}$' },
        email: { type: 'string', format: 'email', maxLength: 254 },
        at: { type: 'string', format: 'date-time', maxLength: 35 },
        count: { type: 'integer', minimum: 1, maximum: 9 },
        tags: { type: 'array', maxItems: 3, uniqueItems: true, items: { enum: ['a', 'b', 'c'] } },
        main: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', maxLength: 20 }, urgent: { type: 'boolean' } },
        },
        items: { type: 'array', maxItems: 5, items: { type: 'object', required: ['name'] } },
      },
    });
    expect(schema.required).toHaveLength(2);
  });

  it('marks as nullable what lets null through: @IsOptional() and a documented nullable', () => {
    expect(schema.properties?.legacy?.nullable).toBe(true);
    expect(schema.properties?.note?.nullable).toBe(true);
    expect(schema.properties?.title?.nullable).toBeUndefined();
  });

  it('knows a DTO from a class without rules', () => {
    expect(isDto(Order)).toBe(true);
    expect(isDto(NoRules)).toBe(false);
    expect(isDto(Object)).toBe(false);
  });
});

describe('the platform rules', () => {
  const errorsOf = async (plain: object) =>
    (await validate(plainToInstance(Order, plain))).map((e) => e.property);
  const valid = { channel: 'web', main: { name: 'x' } };

  it('@Omittable() lets a property be left out but validates null', async () => {
    expect(await errorsOf(valid)).toEqual([]);
    expect(await errorsOf({ ...valid, title: null })).toEqual(['title']);
  });

  it('@UniqueItems() refuses a repeated item', async () => {
    expect(await errorsOf({ ...valid, tags: ['a', 'b'] })).toEqual([]);
    expect(await errorsOf({ ...valid, tags: ['a', 'a'] })).toEqual(['tags']);
  });

  it('@IsInstant() accepts what toInstant converts and nothing else', async () => {
    expect(await errorsOf({ ...valid, at: '2026-11-22T18:30:00+08:00' })).toEqual([]);
    expect(await errorsOf({ ...valid, at: '2026-W10-1' })).toEqual(['at']);
    expect(await errorsOf({ ...valid, at: 20261122 })).toEqual(['at']);
  });
});
