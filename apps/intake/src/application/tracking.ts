import { randomInt } from 'node:crypto';

/**
 * Tracking numbers and access codes for the customer's public status page. Both come from
 * Crockford's base-32 alphabet, which has no I, L, O or U to misread over the phone.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomChars(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** `RD-20261123-7KQ2M9XA`: the registration date (UTC) and 40 random bits. */
export function newTrackingNo(at: Date): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  return `RD-${day}-${randomChars(8)}`;
}
