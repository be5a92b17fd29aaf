import { createHash, randomBytes } from 'node:crypto';
import { ACCESS_CODE_LENGTH, AccessCodes, normaliseAccessCode } from './access-codes';

const codes = new AccessCodes(randomBytes(32));

describe('access codes', () => {
  it('issues 10 characters of Crockford base 32', () => {
    const issued = new Set(Array.from({ length: 200 }, () => codes.issue()));
    expect(issued.size).toBe(200);
    for (const code of issued) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(ACCESS_CODE_LENGTH).toBe(10);
  });

  it('keeps a keyed MAC that matches the code however it is typed back, and nothing else', () => {
    const code = 'K7QW2M9X1A';
    const mac = codes.mac(code);
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(mac).not.toContain(code.toLowerCase());
    for (const typed of [code, 'k7qw-2m9x-1a', ' K7QW 2M9X lA ', 'K7QW2M9XIA']) {
      expect(codes.matches(typed, mac)).toBe(true);
    }
    expect(codes.matches('K7QW2M9X1B', mac)).toBe(false);
    expect(codes.matches(code, null)).toBe(false);
    expect(codes.matches(code, 'not hex')).toBe(false);
  });

  it('gives another MAC under another key, so a stolen table is no help without the key', () => {
    expect(new AccessCodes(randomBytes(32)).mac('K7QW2M9X1A')).not.toBe(codes.mac('K7QW2M9X1A'));
  });

  it('turns the plain SHA-256 digest of earlier versions into the same MAC, without the code', () => {
    const code = 'ZX81RT5QPA';
    const legacy = createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
    expect(codes.macOfLegacyDigest(legacy)).toBe(codes.mac(code));
  });

  it('seals a code so that only the same key opens it, and refuses an altered seal', () => {
    const sealed = codes.seal('K7QW2M9X1A');
    expect(sealed).toMatch(/^ac1\./);
    expect(sealed).not.toContain('K7QW2M9X1A');
    expect(codes.seal('K7QW2M9X1A')).not.toBe(sealed);
    expect(codes.unseal(sealed)).toBe('K7QW2M9X1A');
    expect(() => new AccessCodes(randomBytes(32)).unseal(sealed)).toThrow();
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(() => codes.unseal(altered)).toThrow();
    expect(() => codes.unseal('K7QW2M9X1A')).toThrow(/not a sealed access code/);
  });

  it('normalises what Crockford reads as the same character', () => {
    expect(normaliseAccessCode('ol-i 9')).toBe('0119');
  });
});
