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

/** What `newTrackingNo` makes; customers may type it in lower case. */
const TRACKING_NO = /^RD-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;

/** Tracking numbers are issued in capitals; one read back over the phone may come in any case. */
export function upperCaseTrackingNo(text: string): string {
  return text.trim().toUpperCase();
}

/** The tracking number as issued (upper case), or undefined when the text cannot be one. */
export function normaliseTrackingNo(text: string): string | undefined {
  const upper = upperCaseTrackingNo(text);
  return TRACKING_NO.test(upper) ? upper : undefined;
}

/** `RD-20261123-7KQ2M9XA`: the registration date (UTC) and 40 random bits. */
export function newTrackingNo(at: Date): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  return `RD-${day}-${randomChars(8)}`;
}
