import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `intake.complaint_routes`: the department triage routed each complaint to (from
 * `ComplaintTriaged` and `ComplaintReclassified`), with the position in triage's stream that
 * said so. A row may exist before intake's own row of the complaint, when triage's event is
 * replayed to a fresh intake; reads join the two.
 */
@Entity({ name: 'complaint_routes' })
export class ComplaintRouteRecord {
  @PrimaryColumn('uuid', { name: 'complaint_id' })
  complaintId!: string;

  @Column('text')
  department!: string;

  @Column('timestamptz', { name: 'routed_at' })
  routedAt!: Date;

  @Column('int', { name: 'triage_version' })
  triageVersion!: number;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;
}
