import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';
import { dtoSchema } from './dto-schema';
import { MAX_UNKNOWN_MEMBERS, inputBoundErrors } from './input-bounds';
import { Omittable } from './omittable';

class Line {
  @IsString() @Length(1, 10) text!: string;
}

class Letter {
  @IsString() @Length(1, 100) body!: string;
  @Omittable()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines?: Line[];
}

const bounds = (value: unknown) => inputBoundErrors(value, dtoSchema(Letter));

describe('inputBoundErrors', () => {
  it('finds nothing in a body within bounds, whatever else is wrong with it', () => {
    expect(bounds({ body: 42, lines: [{ text: 'a' }, { wrong: true }], extra: 1 })).toEqual([]);
  });

  it('refuses an array over its maximum without looking at its items', () => {
    expect(bounds({ body: 'x', lines: Array(100_000).fill({ junk: 'x'.repeat(100) }) })).toEqual([
      { field: 'lines', message: 'must contain no more than 3 elements' },
    ]);
  });

  it('refuses a string more than twice its maximum length, at its path', () => {
    expect(bounds({ body: 'x', lines: [{ text: 'y'.repeat(21) }] })).toEqual([
      { field: 'lines.0.text', message: 'must be shorter than or equal to 10 characters' },
    ]);
    // Up to twice the maximum in UTF-16 units: an emoji is one character to the validator.
    expect(bounds({ body: '😀'.repeat(100) })).toEqual([]);
  });

  it(`refuses more than ${MAX_UNKNOWN_MEMBERS} unknown members, listing at most 50`, () => {
    const flood = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    const errors = bounds({ body: 'x', ...flood });
    expect(errors).toHaveLength(50);
    expect(errors[0]).toEqual({ field: 'k0', message: 'property should not exist' });
  });

  it('refuses an array where a nested object belongs (class-validator would pass an empty one)', () => {
    expect(bounds({ body: 'x', lines: [[], { text: 'a' }] })).toEqual([
      { field: 'lines.0', message: 'must be an object' },
    ]);
  });

  it('ignores values of the wrong type: the validator names those', () => {
    expect(bounds('text')).toEqual([]);
    expect(bounds(null)).toEqual([]);
    expect(bounds({ lines: 'not an array' })).toEqual([]);
  });
});
