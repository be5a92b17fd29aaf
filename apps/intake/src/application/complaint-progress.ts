import { Injectable } from '@nestjs/common';
import { queryPrepared, type Sql } from '@redress/event-store';
import {
  evolveProgress,
  stageOf,
  type ComplaintProgress,
  type ProgressEvent,
} from '../domain/public-stage.policy';

/**
 * `intake.complaint_progress`: the public stage of each complaint, as intake learnt it from the
 * lifecycle events (RecordProgress) and from its own withdrawals (WithdrawComplaint). Written
 * inside the caller's transaction; the row is locked while the events are folded in, so two
 * events of one complaint, from different topics, never overwrite each other's register.
 */
@Injectable()
export class ComplaintProgressRecords {
  async record(
    tx: Sql,
    complaintId: string,
    events: readonly ProgressEvent[],
    now: Date,
  ): Promise<void> {
    await queryPrepared(
      tx,
      `INSERT INTO intake.complaint_progress (complaint_id, stage, progress, updated_at)
       VALUES ($1, 'registered', '{}', $2) ON CONFLICT (complaint_id) DO NOTHING`,
      [complaintId, now],
    );
    const { rows } = await queryPrepared<{ progress: ComplaintProgress }>(
      tx,
      `SELECT progress FROM intake.complaint_progress WHERE complaint_id = $1 FOR UPDATE`,
      [complaintId],
    );
    const before = rows[0]?.progress ?? {};
    const after = events.reduce(evolveProgress, before);
    if (JSON.stringify(after) === JSON.stringify(before)) return;
    const { stage, since } = stageOf(after);
    await queryPrepared(
      tx,
      `UPDATE intake.complaint_progress
          SET stage = $2, stage_changed_at = $3, progress = $4, updated_at = $5
        WHERE complaint_id = $1`,
      [complaintId, stage, since ?? null, JSON.stringify(after), now],
    );
  }
}
