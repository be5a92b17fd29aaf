import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { queryPrepared, type Sql, type Statement } from '@redress/event-store';
import { identifierLookups, type CustomerIdentity } from './customer-ref';
import type { MasterKeys } from './master-keys';

/**
 * Envelope encryption of customers' personal data (issue 3): every customer has a data key of
 * their own, stored only wrapped by a master key (`INTAKE_DATA_KEY`), with the id of that master
 * key so it can be rotated (issue 10). Contacts are encrypted with the customer's key; erasing a
 * customer destroys that key and their encrypted contacts, while events and projections, which
 * never held the contacts, stay valid.
 *
 * Beside them, `customer_identifiers` holds a keyed lookup of each identifier a customer gave,
 * so an erasure request finds every record of the person by any identifier it names.
 */
export interface PersonalData {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  externalId?: string | undefined;
}

export type StoredPersonalData = PersonalData | { erased: true };

/** The identifiers an erasure request names; any one of them finds a record of the person. */
export interface PersonIdentifiers {
  customerRefs?: readonly string[] | undefined;
  externalIds?: readonly string[] | undefined;
  phones?: readonly string[] | undefined;
  emails?: readonly string[] | undefined;
}

export interface Erased {
  /** Every customerRef whose key, contacts or lookups were destroyed, sorted. */
  customerRefs: string[];
  /** Complaints (and linked submissions) whose encrypted contacts were destroyed. */
  complaints: number;
}

/** Data keys by the id of the master key that wraps them. */
export type DataKeyCounts = Record<string, number>;

/**
 * A data key does not open with the master key of its id: the key configured under that id is
 * not the one that wrapped it (or the row was altered). Nothing is decrypted until it is fixed.
 */
export class DataKeyUnreadable extends Error {
  constructor(customerRef: string, masterKeyId: string, cause: unknown) {
    super(
      `the data key of ${customerRef} does not open with master key "${masterKeyId}": is the key ` +
        'configured under that id (INTAKE_DATA_KEY or INTAKE_DATA_KEYRING) the one that wrapped it?',
      { cause },
    );
    this.name = 'DataKeyUnreadable';
  }
}

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

/** The additional data binding a wrapped key to its customer. */
const keyAad = (ref: string) => `key|${ref}`;

type StoreRow = { stored: boolean } & Partial<WrappedKeyRow>;

interface WrappedKeyRow {
  wrapped_key: Buffer;
  master_key_id: string;
}

export class PersonalDataVault {
  constructor(
    private readonly masterKeys: MasterKeys,
    /** The key of `customerRef`, which also makes the identifier lookups. */
    private readonly lookupKey: Buffer,
    private readonly schema = 'intake',
  ) {}

  /**
   * Stores a complaint's contacts under its customer's key, creating the key on first use, and
   * records a lookup of each identifier given.
   *
   * One statement in the common case: a fresh key is drawn and the contacts sealed with it up
   * front; the statement clears an erasure marker (a customer who was erased and complains
   * again gets a fresh key: the old data stays gone), inserts the key unless the customer has
   * one, stores the contacts only if that fresh key was the one inserted, and adds the lookups.
   * A known customer takes a second statement: their existing key (returned by the first) seals
   * the contacts.
   */
  async store(tx: Sql, complaintId: string, ref: string, data: PersonalData): Promise<void> {
    const planned = this.plan(complaintId, ref, data);
    const { text, values } = planned.statement;
    const result = await queryPrepared<StoreRow>(tx, text, [...values]);
    await planned.finish(tx, result);
  }

  /**
   * `store` as a statement to send with others in one round-trip, and what to do with its
   * result afterwards (`finish`, in the same transaction: a known customer's contacts).
   */
  plan(
    complaintId: string,
    ref: string,
    data: PersonalData,
  ): {
    statement: Statement;
    finish: (tx: Sql, result: { rows: unknown[] }) => Promise<void>;
  } {
    const plaintext = Buffer.from(JSON.stringify(data));
    const aad = `${complaintId}|${ref}`;
    const fresh = randomBytes(32);
    const wrapped = pack(seal(this.masterKeys.current, fresh, keyAad(ref)));
    const statement: Statement = {
      text: `WITH cleared AS (
         DELETE FROM ${this.schema}.erased_customers WHERE customer_ref = $2
       ), created AS (
         -- Two first complaints of one customer at once: one key wins, both use it.
         INSERT INTO ${this.schema}.customer_keys (customer_ref, wrapped_key, master_key_id)
         VALUES ($2, $3, $5)
         ON CONFLICT (customer_ref) DO NOTHING
         RETURNING customer_ref
       ), contacts AS (
         INSERT INTO ${this.schema}.customer_contacts (complaint_id, customer_ref, sealed)
         SELECT $1, customer_ref, $4 FROM created
         ON CONFLICT (complaint_id) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()
         RETURNING 1
       ), lookups AS (
         INSERT INTO ${this.schema}.customer_identifiers (lookup, customer_ref)
         SELECT unnest($6::text[]), $2
         ON CONFLICT DO NOTHING
       )
       SELECT EXISTS (SELECT 1 FROM contacts) AS stored, k.wrapped_key, k.master_key_id
         FROM (SELECT 1) AS one
         LEFT JOIN ${this.schema}.customer_keys k ON k.customer_ref = $2`,
      values: [
        complaintId,
        ref,
        wrapped,
        pack(seal(fresh, plaintext, aad)),
        this.masterKeys.currentId,
        identifierLookups(this.lookupKey, data),
      ],
      prepared: true,
    };
    const finish = async (tx: Sql, result: { rows: unknown[] }): Promise<void> => {
      const row = result.rows[0] as StoreRow | undefined;
      if (row?.stored === true) return;
      // The customer already had a key. The statement's snapshot normally shows it; one
      // committed while the statement ran is read again.
      const key =
        row?.wrapped_key && row.master_key_id
          ? this.unwrap(ref, { wrapped_key: row.wrapped_key, master_key_id: row.master_key_id })
          : await this.customerKey(tx, ref);
      if (!key) throw new Error('customer key missing right after creation');
      await tx.query(
        `INSERT INTO ${this.schema}.customer_contacts (complaint_id, customer_ref, sealed)
         VALUES ($1, $2, $3)
         ON CONFLICT (complaint_id) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()`,
        [complaintId, ref, pack(seal(key, plaintext, aad))],
      );
    };
    return { statement, finish };
  }

  /**
   * `store` for many complaints at once (an import's batch), in two statements: the customers'
   * keys (a fresh one for each customer without one, erasure markers cleared, in customerRef
   * order so concurrent batches lock in one order), then every complaint's contacts sealed under
   * its customer's key and the lookups of their identifiers.
   */
  async storeMany(
    tx: Sql,
    entries: readonly { complaintId: string; ref: string; data: PersonalData }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const refs = [...new Set(entries.map((e) => e.ref))].sort();
    const fresh = new Map(refs.map((ref) => [ref, randomBytes(32)]));
    const { rows } = await queryPrepared<
      { customer_ref: string; created: boolean } & Partial<WrappedKeyRow>
    >(
      tx,
      `WITH cleared AS (
         DELETE FROM ${this.schema}.erased_customers WHERE customer_ref = ANY($1::text[])
       ), created AS (
         INSERT INTO ${this.schema}.customer_keys (customer_ref, wrapped_key, master_key_id)
         SELECT ref, key, $3 FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(ref, key, n)
          ORDER BY n
         ON CONFLICT (customer_ref) DO NOTHING
         RETURNING customer_ref
       )
       SELECT r.ref AS customer_ref, c.customer_ref IS NOT NULL AS created,
              k.wrapped_key, k.master_key_id
         FROM unnest($1::text[]) AS r(ref)
         LEFT JOIN created c ON c.customer_ref = r.ref
         LEFT JOIN ${this.schema}.customer_keys k ON k.customer_ref = r.ref`,
      [
        refs,
        refs.map((ref) =>
          pack(seal(this.masterKeys.current, fresh.get(ref) as Buffer, keyAad(ref))),
        ),
        this.masterKeys.currentId,
      ],
    );
    const keys = new Map<string, Buffer>();
    for (const row of rows) {
      let key: Buffer | null | undefined = row.created ? fresh.get(row.customer_ref) : undefined;
      if (!key && row.wrapped_key && row.master_key_id) {
        key = this.unwrap(row.customer_ref, {
          wrapped_key: row.wrapped_key,
          master_key_id: row.master_key_id,
        });
      }
      // A key committed by another transaction while the statement ran is read again.
      key ??= await this.customerKey(tx, row.customer_ref);
      if (!key) throw new Error('customer key missing right after creation');
      keys.set(row.customer_ref, key);
    }
    const lookups = entries.flatMap((e) =>
      identifierLookups(this.lookupKey, e.data).map((lookup) => [lookup, e.ref] as const),
    );
    await queryPrepared(
      tx,
      `WITH contacts AS (
         INSERT INTO ${this.schema}.customer_contacts (complaint_id, customer_ref, sealed)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[])
         ON CONFLICT (complaint_id) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()
       )
       INSERT INTO ${this.schema}.customer_identifiers (lookup, customer_ref)
       SELECT * FROM unnest($4::text[], $5::text[])
       ON CONFLICT DO NOTHING`,
      [
        entries.map((e) => e.complaintId),
        entries.map((e) => e.ref),
        entries.map((e) =>
          pack(
            seal(
              keys.get(e.ref) as Buffer,
              Buffer.from(JSON.stringify(e.data)),
              `${e.complaintId}|${e.ref}`,
            ),
          ),
        ),
        lookups.map(([lookup]) => lookup),
        lookups.map(([, ref]) => ref),
      ],
    );
  }

  /**
   * A complaint's contacts; `{ erased: true }` once they were erased (every registration stores
   * contacts in its own transaction, so a complaint without them has had them erased).
   */
  async read(db: Sql, complaintId: string): Promise<StoredPersonalData> {
    const { rows } = await db.query<{ customer_ref: string; sealed: Buffer }>(
      `SELECT customer_ref, sealed FROM ${this.schema}.customer_contacts WHERE complaint_id = $1`,
      [complaintId],
    );
    const row = rows[0];
    if (!row) return { erased: true };
    const key = await this.customerKey(db, row.customer_ref);
    if (!key) return { erased: true };
    const plain = open(key, unpack(row.sealed), `${complaintId}|${row.customer_ref}`);
    return JSON.parse(plain.toString('utf8')) as PersonalData;
  }

  /**
   * Holds off other writers of these customers' personal data until the transaction ends: the
   * same advisory lock registration takes for the customer (its `lockKey`), in a stable order.
   */
  async lockCustomers(tx: Sql, refs: readonly string[]): Promise<void> {
    if (refs.length === 0) return;
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(ref, 0))
         FROM unnest($1::text[]) AS ref ORDER BY ref`,
      [[...new Set(refs)].sort()],
    );
  }

  /** The customerRefs of every record that any of the identifiers finds. */
  async findCustomers(db: Sql, person: PersonIdentifiers): Promise<string[]> {
    const refs = [...(person.customerRefs ?? [])];
    const lookups = [
      ...(person.externalIds ?? []).map((externalId) => ({ externalId })),
      ...(person.phones ?? []).map((phone) => ({ phone })),
      ...(person.emails ?? []).map((email) => ({ email })),
    ].flatMap((identity: CustomerIdentity) => identifierLookups(this.lookupKey, identity));
    const { rows } = await db.query<{ customer_ref: string }>(
      `SELECT customer_ref FROM ${this.schema}.customer_identifiers
        WHERE lookup = ANY($1::text[]) OR customer_ref = ANY($2::text[])
       UNION
       SELECT customer_ref FROM ${this.schema}.customer_keys WHERE customer_ref = ANY($2::text[])
       UNION
       SELECT customer_ref FROM ${this.schema}.customer_contacts WHERE customer_ref = ANY($2::text[])
       ORDER BY customer_ref`,
      [lookups, refs],
    );
    return rows.map((r) => r.customer_ref);
  }

  /**
   * Right to erasure: destroys the customers' keys, their encrypted contacts and the lookups of
   * their identifiers, and marks them erased. Counts what was destroyed, so the caller can
   * answer 404 when nothing was held rather than pretend.
   */
  async erase(tx: Sql, refs: readonly string[]): Promise<Erased> {
    await this.lockCustomers(tx, refs);
    const { rows } = await tx.query<{ customer_ref: string; complaints: number }>(
      `WITH keys AS (
         DELETE FROM ${this.schema}.customer_keys WHERE customer_ref = ANY($1::text[])
         RETURNING customer_ref
       ), contacts AS (
         DELETE FROM ${this.schema}.customer_contacts WHERE customer_ref = ANY($1::text[])
         RETURNING customer_ref
       ), lookups AS (
         DELETE FROM ${this.schema}.customer_identifiers WHERE customer_ref = ANY($1::text[])
         RETURNING customer_ref
       ), marked AS (
         INSERT INTO ${this.schema}.erased_customers (customer_ref)
         SELECT unnest($1::text[])
         ON CONFLICT (customer_ref) DO NOTHING
       ), held AS (
         SELECT customer_ref FROM keys
         UNION SELECT customer_ref FROM contacts
         UNION SELECT customer_ref FROM lookups
       )
       SELECT h.customer_ref,
              (SELECT count(*)::int FROM contacts c WHERE c.customer_ref = h.customer_ref)
                AS complaints
         FROM held h ORDER BY h.customer_ref`,
      [[...new Set(refs)]],
    );
    return {
      customerRefs: rows.map((r) => r.customer_ref),
      complaints: rows.reduce((sum, r) => sum + r.complaints, 0),
    };
  }

  /** Complaints whose encrypted contacts belong to these customers (what erasure would reach). */
  async countContacts(db: Sql, refs: readonly string[]): Promise<number> {
    const { rows } = await db.query<{ complaints: number }>(
      `SELECT count(*)::int AS complaints FROM ${this.schema}.customer_contacts
        WHERE customer_ref = ANY($1::text[])`,
      [[...refs]],
    );
    return rows[0]?.complaints ?? 0;
  }

  /** How many data keys each master key wraps. */
  async dataKeyCounts(db: Sql): Promise<DataKeyCounts> {
    const { rows } = await db.query<{ master_key_id: string; keys: number }>(
      `SELECT master_key_id, count(*)::int AS keys FROM ${this.schema}.customer_keys
        GROUP BY master_key_id ORDER BY master_key_id`,
    );
    return Object.fromEntries(rows.map((r) => [r.master_key_id, r.keys]));
  }

  /**
   * Wraps up to `limit` data keys of master key `fromId` again with the current master key, in
   * customerRef order after `after`; rows another replica is re-wrapping are skipped. Returns the
   * refs done, so the caller goes on after the last.
   */
  async rewrap(tx: Sql, fromId: string, limit: number, after = ''): Promise<string[]> {
    const { rows } = await tx.query<{ customer_ref: string } & WrappedKeyRow>(
      `SELECT customer_ref, wrapped_key, master_key_id FROM ${this.schema}.customer_keys
        WHERE master_key_id = $1 AND customer_ref > $2
        ORDER BY customer_ref LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [fromId, after, limit],
    );
    if (rows.length === 0) return [];
    const refs = rows.map((r) => r.customer_ref);
    const rewrapped = rows.map((r) =>
      pack(seal(this.masterKeys.current, this.unwrap(r.customer_ref, r), keyAad(r.customer_ref))),
    );
    await tx.query(
      `UPDATE ${this.schema}.customer_keys k
          SET wrapped_key = v.wrapped_key, master_key_id = $3
         FROM unnest($1::text[], $2::bytea[]) AS v(customer_ref, wrapped_key)
        WHERE k.customer_ref = v.customer_ref`,
      [refs, rewrapped, this.masterKeys.currentId],
    );
    return refs;
  }

  private unwrap(ref: string, row: WrappedKeyRow): Buffer {
    const masterKey = this.masterKeys.require(row.master_key_id);
    try {
      return open(masterKey, unpack(row.wrapped_key), keyAad(ref));
    } catch (error) {
      throw new DataKeyUnreadable(ref, row.master_key_id, error);
    }
  }

  private async customerKey(db: Sql, ref: string): Promise<Buffer | null> {
    const { rows } = await db.query<WrappedKeyRow>(
      `SELECT wrapped_key, master_key_id FROM ${this.schema}.customer_keys WHERE customer_ref = $1`,
      [ref],
    );
    const row = rows[0];
    return row ? this.unwrap(ref, row) : null;
  }
}
