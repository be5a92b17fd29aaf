import { customerRef, identifierLookups, identityKey } from './customer-ref';

const key = Buffer.alloc(32, 7);

describe('customerRef', () => {
  it('is stable per customer and shaped as the contract expects', () => {
    const a = customerRef(key, { phone: '138 1234 5678', email: 'x@example.com' });
    const b = customerRef(key, { phone: '13812345678' });
    expect(a).toBe(b);
    expect(a).toMatch(/^cus_[0-9a-z]{26}$/);
  });

  it('prefers the enterprise id, then the phone, then the e-mail', () => {
    expect(identityKey({ externalId: 'C-1', phone: '1' })).toBe('ext:C-1');
    expect(identityKey({ phone: '+86 138', email: 'A@B.cn' })).toBe('tel:86138');
    expect(identityKey({ email: ' A@B.cn ' })).toBe('mail:a@b.cn');
  });

  it('differs between customers and between keys', () => {
    expect(customerRef(key, { phone: '1' })).not.toBe(customerRef(key, { phone: '2' }));
    expect(customerRef(key, { phone: '1' })).not.toBe(
      customerRef(Buffer.alloc(32, 8), { phone: '1' }),
    );
  });

  it('refuses a customer with no identifier', () => {
    expect(() => identityKey({})).toThrow(/external id, a phone or an e-mail/);
  });

  it('looks up every identifier on its own, the strongest giving the customerRef itself', () => {
    const identity = { externalId: 'C-1', phone: '+86 138 1234 5678', email: 'A@B.cn' };
    const lookups = identifierLookups(key, identity);
    expect(lookups).toEqual([
      customerRef(key, identity),
      customerRef(key, { phone: '8613812345678' }),
      customerRef(key, { email: 'a@b.cn' }),
    ]);
    expect(identifierLookups(key, { phone: '13812345678', email: ' ' })).toEqual([
      customerRef(key, { phone: '138-1234-5678' }),
    ]);
  });
});
