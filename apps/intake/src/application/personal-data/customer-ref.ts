import { createHmac } from 'node:crypto';

/**
 * `customerRef`: a keyed hash of the customer's strongest identifier, stable per customer, so
 * other services can count repeats and link history without ever learning who the customer is.
 * Keyed (HMAC) rather than a plain hash: phone numbers are few enough to brute-force otherwise.
 */
export interface CustomerIdentity {
  externalId?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function identityKey(identity: CustomerIdentity): string {
  if (identity.externalId?.trim()) return `ext:${identity.externalId.trim()}`;
  const digits = identity.phone?.replace(/\D/g, '');
  if (digits) return `tel:${digits}`;
  if (identity.email?.trim()) return `mail:${identity.email.trim().toLowerCase()}`;
  throw new Error('a customer needs an external id, a phone or an e-mail to be identified');
}

export function customerRef(key: Buffer, identity: CustomerIdentity): string {
  return keyedLookup(key, identityKey(identity));
}

/**
 * The keyed lookup of each identifier the customer gave, on its own: what `customerRef` would be
 * for a customer known by that identifier alone (so the ref itself is one of them). Erasure finds
 * every record of a person by any identifier they name.
 */
export function identifierLookups(key: Buffer, identity: CustomerIdentity): string[] {
  const lookups = new Set<string>();
  for (const single of [
    { externalId: identity.externalId },
    { phone: identity.phone },
    { email: identity.email },
  ]) {
    if (hasIdentifier(single)) lookups.add(customerRef(key, single));
  }
  return [...lookups];
}

function hasIdentifier(identity: CustomerIdentity): boolean {
  return Boolean(
    identity.externalId?.trim() || identity.phone?.replace(/\D/g, '') || identity.email?.trim(),
  );
}

function keyedLookup(key: Buffer, identifier: string): string {
  const digest = createHmac('sha256', key).update(identifier).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 26) break;
  }
  return `cus_${out}`;
}
