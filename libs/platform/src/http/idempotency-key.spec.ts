import { InvalidInput } from '@redress/contracts';
import { idempotencyKeyOf } from './idempotency-key';

describe('idempotencyKeyOf', () => {
  it.each([
    ['a UUID', '0b3c1c84-4a5e-4f38-9d4c-1f0a8c7e2b11'],
    ['one character', 'k'],
    ['200 characters', 'x'.repeat(200)],
    ['punctuation', 'order:42/retry#1'],
  ])('accepts %s', (_case, key) => {
    expect(idempotencyKeyOf(key)).toBe(key);
  });

  it('is undefined when the header is absent', () => {
    expect(idempotencyKeyOf(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['201 characters', 'x'.repeat(201)],
    ['a space', 'two words'],
    ['non-ASCII', '投诉-1'],
    ['a control character', 'key\t1'],
    ['a repeated header (an array)', ['a', 'b']],
  ])('refuses %s, naming the header', (_case, raw) => {
    let thrown: unknown;
    try {
      idempotencyKeyOf(raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInput);
    expect((thrown as InvalidInput).fieldErrors.map((e) => e.field)).toEqual(['Idempotency-Key']);
  });
});
