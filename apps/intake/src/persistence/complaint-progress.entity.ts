import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ComplaintProgress, PublicStage } from '../domain/public-stage.policy';

/**
 * `intake.complaint_progress`: what the lifecycle events of triage, resolution and follow-up (and
 * intake's own withdrawal) said of a complaint, as the registers of the public-stage policy, and
 * the stage they give (`stage`, `stage_changed_at`: null while still `registered`). The promised
 * date is not stored: it depends on the time of asking.
 */
@Entity({ name: 'complaint_progress' })
export class ComplaintProgressRecord {
  @PrimaryColumn('uuid', { name: 'complaint_id' })
  complaintId!: string;

  @Column('text')
  stage!: PublicStage;

  @Column('timestamptz', { name: 'stage_changed_at', nullable: true })
  stageChangedAt!: Date | null;

  @Column('jsonb')
  progress!: ComplaintProgress;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
