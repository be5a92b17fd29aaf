import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ComplaintRouteRecord } from './complaint-route.entity';

/**
 * `intake.complaints`: the read table of complaints, a projection of the intake stream written
 * in the same transaction as the events. Holds no personal data (contacts live encrypted in
 * `customer_contacts`); `view` is the complaint as the decider last folded it.
 */
@Entity({ name: 'complaints' })
@Index('complaints_list_idx', ['registeredAt', 'complaintId'])
export class ComplaintRecord {
  @PrimaryColumn('uuid', { name: 'complaint_id' })
  complaintId!: string;

  @Column('text', { name: 'tracking_no', unique: true })
  trackingNo!: string;

  /** HMAC of the customer's access code (AccessCodes); null only on rows not yet upgraded. */
  @Column('text', { name: 'access_code_mac', nullable: true })
  accessCodeMac!: string | null;

  /** Plain SHA-256 of the code, written by versions before the MAC; cleared once upgraded. */
  @Column('text', { name: 'access_code_hash', nullable: true })
  legacyAccessCodeDigest!: string | null;

  @Column('text')
  status!: string;

  @Column('text')
  channel!: string;

  @Index()
  @Column('text', { name: 'customer_ref' })
  customerRef!: string;

  @Column('text', { name: 'subject_type' })
  subjectType!: string;

  @Column('text', { name: 'subject_key', nullable: true })
  subjectKey!: string | null;

  @Column('text', { name: 'product_sku', nullable: true })
  productSku!: string | null;

  @Column('text', { nullable: true })
  region!: string | null;

  @Column('text', { name: 'receiving_department', nullable: true })
  receivingDepartment!: string | null;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt!: Date;

  @Column('timestamptz', { name: 'acknowledge_by' })
  acknowledgeBy!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('int', { name: 'stream_version' })
  streamVersion!: number;

  @Column('jsonb')
  view!: Record<string, unknown>;

  /** Brought in by an import (issue 14): part of the company's history, no live case. */
  @Column('boolean', { default: false })
  imported!: boolean;

  /** Joined by queries that need the department triage routed the complaint to. */
  route?: ComplaintRouteRecord | null;
}
