import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { randomChars } from '../tracking';

/** 10 characters, 50 bits: far beyond guessing through a rate-limited public endpoint. */
export const ACCESS_CODE_LENGTH = 10;

const MAC = /^[0-9a-f]{64}$/;
/** What earlier versions stored: the plain SHA-256 of the code, hex. */
export const LEGACY_DIGEST = MAC;

/** The prefix of a sealed access code, naming the format (AES-256-GCM, 12-byte IV). */
const SEALED_PREFIX = 'ac1.';

/**
 * The customer's access code to the public status page (CONTRACT.md: "the code is given at
 * registration"). Never stored in clear:
 *
 * - the read table keeps `mac(code)` = HMAC-SHA-256 under a key derived from
 *   `INTAKE_ACCESS_CODE_KEY` of the SHA-256 of the normalised code, so a copy of the database
 *   is no help in finding a code without the key;
 * - the first answer of a registration, kept for `Idempotency-Key` retries, holds the code
 *   sealed (AES-256-GCM under another derived key), so a retry after a lost answer still gives
 *   the customer their code (see RegisterComplaint).
 *
 * The MAC runs over SHA-256(code) rather than the code itself so that digests stored by earlier
 * versions (plain SHA-256) become MACs without the codes (`macOfLegacyDigest`).
 */
export class AccessCodes {
  private readonly macKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(secret: Buffer) {
    this.macKey = deriveKey(secret, 'redress intake access code mac');
    this.sealKey = deriveKey(secret, 'redress intake access code seal');
  }

  /** A new code for a new complaint, in Crockford's base 32 (no I, L, O or U to misread). */
  issue(): string {
    return randomChars(ACCESS_CODE_LENGTH);
  }

  /** What the read table keeps of `code` (hex). */
  mac(code: string): string {
    return this.macOfLegacyDigest(sha256(normaliseAccessCode(code)));
  }

  /** The MAC of a code known only by the plain SHA-256 digest earlier versions stored (hex). */
  macOfLegacyDigest(digestHex: string): string {
    return createHmac('sha256', this.macKey).update(Buffer.from(digestHex, 'hex')).digest('hex');
  }

  /**
   * Compares in constant time, and takes as long when there is nothing to compare with (an
   * unknown tracking number), so the answer's timing tells nothing.
   */
  matches(code: string, storedMac: string | null | undefined): boolean {
    const given = Buffer.from(this.mac(code), 'hex');
    if (typeof storedMac !== 'string' || !MAC.test(storedMac)) return false;
    return timingSafeEqual(given, Buffer.from(storedMac, 'hex'));
  }

  seal(code: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The code of `seal`; throws when it was sealed under another key or altered. */
  unseal(sealed: string): string {
    if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('not a sealed access code');
    const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/**
 * The code as it was issued: read back over the phone or typed by hand, it may come in lower
 * case, with spaces or hyphens, or with the letters Crockford's alphabet reads as digits
 * (I and L as 1, O as 0).
 */
export function normaliseAccessCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A key of its own for each use of one configured secret (HKDF-SHA-256). */
export function deriveKey(secret: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
}
