import { canonicalJson, requestHash } from './idempotency-keys';

describe('requestHash', () => {
  it('is the same whatever the order of keys, at every depth', () => {
    const a = { channel: 'web', customer: { name: '张三', phone: '13812345678' }, tags: [1, 2] };
    const b = { tags: [1, 2], customer: { phone: '13812345678', name: '张三' }, channel: 'web' };
    expect(requestHash(a)).toBe(requestHash(b));
  });

  it('differs when a value, or the order of an array, differs', () => {
    const base = requestHash({ remedies: ['refund', 'apology'], count: 1 });
    expect(requestHash({ remedies: ['apology', 'refund'], count: 1 })).not.toBe(base);
    expect(requestHash({ remedies: ['refund', 'apology'], count: 2 })).not.toBe(base);
  });

  it('is a hex SHA-256 digest', () => {
    expect(requestHash({})).toMatch(/^[0-9a-f]{64}$/);
  });

  it('follows JSON: undefined members are dropped and dates become ISO strings', () => {
    expect(canonicalJson({ b: undefined, a: new Date('2025-01-02T03:04:05Z') })).toBe(
      '{"a":"2025-01-02T03:04:05.000Z"}',
    );
    expect(canonicalJson(undefined)).toBe('null');
  });
});
