import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { queryPrepared, type Sql } from '@redress/event-store';

/**
 * Envelope encryption of customers' personal data (issue 3): every customer has a data key of
 * their own, stored only wrapped by the service's master key (`INTAKE_DATA_KEY`). Contacts are
 * encrypted with the customer's key; erasing a customer destroys that key, after which every
 * copy of their contacts — backups included — is unreadable (crypto-shredding) while events and
 * projections, which never held the contacts, stay valid.
 */
export interface PersonalData {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  externalId?: string | undefined;
}

export type StoredPersonalData = PersonalData | { erased: true };

const ALGORITHM = 'aes-256-gcm';

interface Sealed {
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), body };
}

function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.body), decipher.final()]);
}

/** iv ‖ tag ‖ body in one column. */
function pack(s: Sealed): Buffer {
  return Buffer.concat([s.iv, s.tag, s.body]);
}
function unpack(b: Buffer): Sealed {
  return { iv: b.subarray(0, 12), tag: b.subarray(12, 28), body: b.subarray(28) };
}

export class PersonalDataVault {
  constructor(
    private readonly masterKey: Buffer,
    private readonly schema = 'intake',
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  }

  /**
   * Stores a complaint's contacts under its customer's key, creating the key on first use.
   *
   * One statement in the common case: a fresh key is drawn and the contacts sealed with it up
   * front; the statement clears an erasure marker (a customer who was erased and complains
   * again gets a fresh key: the old data stays gone), inserts the key unless the customer has
   * one, and stores the contacts only if that fresh key was the one inserted. A known customer
   * takes a second statement: their existing key (returned by the first) seals the contacts.
   */
  async store(tx: Sql, complaintId: string, ref: string, data: PersonalData): Promise<void> {
    const plaintext = Buffer.from(JSON.stringify(data));
    const aad = `${complaintId}|${ref}`;
    const fresh = randomBytes(32);
    const wrapped = pack(seal(this.masterKey, fresh, `key|${ref}`));
    const { rows } = await queryPrepared<{ stored: boolean; wrapped_key: Buffer | null }>(
      tx,
      `WITH cleared AS (
         DELETE FROM ${this.schema}.erased_customers WHERE customer_ref = $2
       ), created AS (
         -- Two first complaints of one customer at once: one key wins, both use it.
         INSERT INTO ${this.schema}.customer_keys (customer_ref, wrapped_key) VALUES ($2, $3)
         ON CONFLICT (customer_ref) DO NOTHING
         RETURNING customer_ref
       ), contacts AS (
         INSERT INTO ${this.schema}.customer_contacts (complaint_id, customer_ref, sealed)
         SELECT $1, customer_ref, $4 FROM created
         ON CONFLICT (complaint_id) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM contacts) AS stored,
              (SELECT wrapped_key FROM ${this.schema}.customer_keys WHERE customer_ref = $2)
                AS wrapped_key`,
      [complaintId, ref, wrapped, pack(seal(fresh, plaintext, aad))],
    );
    const row = rows[0];
    if (row?.stored === true) return;
    // The customer already had a key. The statement's snapshot normally shows it; one committed
    // while the statement ran is read again.
    const key = row?.wrapped_key
      ? open(this.masterKey, unpack(row.wrapped_key), `key|${ref}`)
      : await this.customerKey(tx, ref);
    if (!key) throw new Error('customer key missing right after creation');
    await tx.query(
      `INSERT INTO ${this.schema}.customer_contacts (complaint_id, customer_ref, sealed)
       VALUES ($1, $2, $3)
       ON CONFLICT (complaint_id) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()`,
      [complaintId, ref, pack(seal(key, plaintext, aad))],
    );
  }

  async read(db: Sql, complaintId: string): Promise<StoredPersonalData | null> {
    const { rows } = await db.query<{ customer_ref: string; sealed: Buffer }>(
      `SELECT customer_ref, sealed FROM ${this.schema}.customer_contacts WHERE complaint_id = $1`,
      [complaintId],
    );
    const row = rows[0];
    if (!row) return null;
    const key = await this.customerKey(db, row.customer_ref);
    if (!key) return { erased: true };
    const plain = open(key, unpack(row.sealed), `${complaintId}|${row.customer_ref}`);
    return JSON.parse(plain.toString('utf8')) as PersonalData;
  }

  /**
   * Right to erasure: destroys the customer's key. Returns false when there was none (already
   * erased or never known), so the caller can answer 404 rather than pretend.
   */
  async erase(tx: Sql, ref: string): Promise<boolean> {
    const result = await tx.query(
      `DELETE FROM ${this.schema}.customer_keys WHERE customer_ref = $1`,
      [ref],
    );
    await tx.query(
      `INSERT INTO ${this.schema}.erased_customers (customer_ref) VALUES ($1)
       ON CONFLICT (customer_ref) DO NOTHING`,
      [ref],
    );
    return (result.rowCount ?? 0) > 0;
  }

  private async customerKey(db: Sql, ref: string): Promise<Buffer | null> {
    const { rows } = await db.query<{ wrapped_key: Buffer }>(
      `SELECT wrapped_key FROM ${this.schema}.customer_keys WHERE customer_ref = $1`,
      [ref],
    );
    const row = rows[0];
    if (!row) return null;
    return open(this.masterKey, unpack(row.wrapped_key), `key|${ref}`);
  }
}
