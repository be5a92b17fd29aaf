import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, personal data:
 * - every data key records the id of the master key that wrapped it, so the master key can be
 *   rotated (keys wrapped so far were wrapped by the one key there was: `k1`, the default
 *   INTAKE_DATA_KEY_ID); the index finds the keys of one master key for re-wrapping;
 * - `customer_identifiers` holds a keyed lookup (the HMAC that `customerRef` uses) of each
 *   identifier a customer gave — external id, phone, e-mail — so one erasure request finds every
 *   record of the person by any of them. Customers known so far are found by the identifier
 *   their `customerRef` was made from (the ref is that identifier's lookup).
 */
export class PersonalDataKeys1764850000000 implements MigrationInterface {
  name = 'PersonalDataKeys1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE intake.customer_keys ADD COLUMN master_key_id text NOT NULL DEFAULT 'k1'`,
    );
    await q.query(`ALTER TABLE intake.customer_keys ALTER COLUMN master_key_id DROP DEFAULT`);
    await q.query(
      `CREATE INDEX customer_keys_master_key_idx ON intake.customer_keys (master_key_id, customer_ref)`,
    );
    await q.query(`
      CREATE TABLE intake.customer_identifiers (
        lookup text NOT NULL,
        customer_ref text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (lookup, customer_ref)
      )`);
    await q.query(
      `CREATE INDEX customer_identifiers_customer_idx ON intake.customer_identifiers (customer_ref)`,
    );
    await q.query(
      `INSERT INTO intake.customer_identifiers (lookup, customer_ref)
       SELECT customer_ref, customer_ref FROM intake.customer_keys`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS intake.customer_identifiers`);
    await q.query(`DROP INDEX IF EXISTS intake.customer_keys_master_key_idx`);
    await q.query(`ALTER TABLE intake.customer_keys DROP COLUMN IF EXISTS master_key_id`);
  }
}
