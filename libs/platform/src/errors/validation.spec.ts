import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { MAX_FIELD_ERRORS, ProblemException, validationProblem } from './problem';
import { createValidationPipe, toFieldErrors, withoutPropertyName } from './validation';

class Customer {
  @IsString()
  name!: string;

  @IsOptional()
  @IsString()
  phone?: string;
}

class Attachment {
  @Matches(/^[a-f0-9]{64}$/, { message: 'sha256 must be 64 lowercase hex characters' })
  sha256!: string;
}

class Complaint {
  @IsString()
  description!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => Customer)
  customer!: Customer;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Attachment)
  attachments?: Attachment[];
}

async function rejectionOf(body: unknown): Promise<ProblemException> {
  const pipe = createValidationPipe();
  try {
    await pipe.transform(body, { type: 'body', metatype: Complaint });
  } catch (error: unknown) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected the pipe to reject the body');
}

describe('createValidationPipe', () => {
  it('turns a valid body into the DTO class', async () => {
    const body = { description: 'broken', customer: { name: '张三' } };
    const value: unknown = await createValidationPipe().transform(body, {
      type: 'body',
      metatype: Complaint,
    });
    expect(value).toBeInstanceOf(Complaint);
  });

  it('names nested fields and array items by dotted path', async () => {
    const error = await rejectionOf({
      description: 'broken',
      customer: { name: 42, phone: 13900001111 },
      attachments: [{ sha256: 'a'.repeat(64) }, { sha256: 'nope' }],
    });
    expect(error.problem.errors).toEqual([
      { field: 'customer.name', message: 'must be a string' },
      { field: 'customer.phone', message: 'must be a string' },
      { field: 'attachments.1.sha256', message: 'must be 64 lowercase hex characters' },
    ]);
    expect(error.problem.status).toBe(400);
  });

  it('rejects unknown fields, nested ones included', async () => {
    const error = await rejectionOf({
      description: 'broken',
      customer: { name: '张三', nickname: '小张' },
      priority: 'high',
    });
    expect(error.problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'priority', message: 'property should not exist' },
        { field: 'customer.nickname', message: 'property should not exist' },
      ]),
    );
  });

  it('reports a missing nested object (with @IsObject: @ValidateNested alone lets it be absent)', async () => {
    const error = await rejectionOf({ description: 'broken' });
    expect(error.problem.errors).toEqual([{ field: 'customer', message: 'must be an object' }]);
  });

  it('refuses a flood of unknown members before building instances, listing the first 50', async () => {
    const flood = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, {}]));
    const error = await rejectionOf({ description: 'broken', customer: { name: 'x' }, ...flood });
    expect(error.problem.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(error.problem.errors?.[0]).toEqual({
      field: 'k0',
      message: 'property should not exist',
    });
  });
});

describe('validationProblem', () => {
  it(`lists at most ${MAX_FIELD_ERRORS} field errors and says how many it left out`, () => {
    const errors = Array.from({ length: 60 }, (_, i) => ({ field: `f${i}`, message: 'bad' }));
    const { detail } = validationProblem(errors).problem;
    expect(detail.split('; ')).toHaveLength(MAX_FIELD_ERRORS + 1);
    expect(detail).toMatch(/; and 10 more$/);
  });
});

describe('toFieldErrors', () => {
  it('falls back to "body" when class-validator names no property', () => {
    expect(
      toFieldErrors([
        { property: '', constraints: { unknownValue: 'an unknown value was passed' } },
      ]),
    ).toEqual([{ field: 'body', message: 'an unknown value was passed' }]);
  });
});

describe('withoutPropertyName', () => {
  it('drops the leading property name of class-validator messages only', () => {
    expect(withoutPropertyName('phone must be a string', 'phone')).toBe('must be a string');
    expect(withoutPropertyName('property nickname should not exist', 'nickname')).toBe(
      'property should not exist',
    );
    expect(withoutPropertyName('email or phone is required', 'customer')).toBe(
      'email or phone is required',
    );
  });
});
