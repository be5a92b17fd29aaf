import type { SubjectType } from '@redress/contracts';
import type { ComplaintObservation } from '../../domain';

/** A complaint as the detectors' queries read it from the projection (snake_case columns). */
export interface ObservedRow {
  complaint_id: string;
  /** The time it is observed at: an event's time, or when the complaint was received. */
  at: Date;
  channel: string | null;
  subject_type: SubjectType | null;
  product_sku: string | null;
  batch_no: string | null;
  purchase_channel: string | null;
  description: string | null;
  region: string | null;
  category: string | null;
  department: string | null;
}

/**
 * What a row tells the detectors: a registration establishes what the complaint is about (channel,
 * subject, text); a triage decision where it went (region × category — counted where both are
 * known —, department); the backtest observes both at once, at the received time.
 */
export function observationOf(
  row: ObservedRow,
  establishes: 'registration' | 'triage' | 'both',
): ComplaintObservation {
  const o: ComplaintObservation = { complaintId: row.complaint_id, at: row.at.toISOString() };
  if (establishes !== 'triage') {
    if (row.channel !== null) o.channel = row.channel;
    if (row.subject_type !== null) o.subjectType = row.subject_type;
    if (row.product_sku !== null) o.productSku = row.product_sku;
    if (row.batch_no !== null) o.batchNo = row.batch_no;
    if (row.purchase_channel !== null) o.purchaseChannel = row.purchase_channel;
    if (row.description !== null) o.text = row.description;
  }
  if (establishes !== 'registration') {
    if (row.region !== null) o.region = row.region;
    if (row.category !== null) o.category = row.category;
    if (row.department !== null) o.department = row.department;
  }
  return o;
}
