import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreSchemaSql } from '@redress/event-store';

/** The intake schema: event store tables, the complaints read table and the personal-data vault. */
export class IntakeSchema1763870400000 implements MigrationInterface {
  name = 'IntakeSchema1763870400000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of eventStoreSchemaSql('intake')) await q.query(statement);

    await q.query(`
      CREATE TABLE intake.complaints (
        complaint_id uuid PRIMARY KEY,
        tracking_no text NOT NULL UNIQUE,
        access_code_hash text NOT NULL,
        status text NOT NULL,
        channel text NOT NULL,
        customer_ref text NOT NULL,
        subject_type text NOT NULL,
        subject_key text,
        product_sku text,
        region text,
        receiving_department text,
        registered_at timestamptz NOT NULL,
        acknowledge_by timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        stream_version int NOT NULL,
        view jsonb NOT NULL
      )`);
    await q.query(
      `CREATE INDEX complaints_list_idx ON intake.complaints (registered_at DESC, complaint_id DESC)`,
    );
    // Duplicate detection looks up a customer's open complaints on every registration.
    await q.query(
      `CREATE INDEX complaints_customer_idx ON intake.complaints (customer_ref, registered_at DESC)`,
    );
    await q.query(
      `CREATE INDEX complaints_status_idx ON intake.complaints (status, registered_at DESC)`,
    );

    await q.query(`
      CREATE TABLE intake.customer_keys (
        customer_ref text PRIMARY KEY,
        wrapped_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE intake.customer_contacts (
        complaint_id uuid PRIMARY KEY,
        customer_ref text NOT NULL,
        sealed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX customer_contacts_customer_idx ON intake.customer_contacts (customer_ref)`,
    );
    await q.query(`
      CREATE TABLE intake.erased_customers (
        customer_ref text PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS intake.erased_customers`);
    await q.query(`DROP TABLE IF EXISTS intake.customer_contacts`);
    await q.query(`DROP TABLE IF EXISTS intake.customer_keys`);
    await q.query(`DROP TABLE IF EXISTS intake.complaints`);
  }
}
