import { Injectable } from '@nestjs/common';
import type { Sql } from '@redress/event-store';
import {
  currentRemedy,
  isActive,
  missingApprovals,
  nearestDue,
  warningAt,
  type CompiledResolutionPolicy,
  type Clock,
  type OpenedCase,
} from '../domain';

/**
 * The queue's sort key of a case without a running clock (resolved, withdrawn, or a reopened
 * round waiting for its deadlines): after every case that has one.
 */
export const NO_DEADLINE = '9999-12-31T00:00:00.000Z';

/** An inbound event kept until the case it is about opens. */
export interface ParkedEvent {
  eventId: string;
  event: unknown;
}

/**
 * `resolution.cases`, the queue's read table: one row per case with what `GET /cases` filters and
 * sorts on, written in the transaction that appends the case's events. The case itself is its
 * stream; this row is derived from it and can be rebuilt from it.
 */
@Injectable()
export class CaseRecords {
  async save(
    tx: Sql,
    state: OpenedCase,
    streamVersion: number,
    compiled: CompiledResolutionPolicy,
  ): Promise<void> {
    const running = Object.values(state.round.clocks).filter(
      (clock): clock is Clock => clock !== undefined && clock.stoppedAt === undefined,
    );
    const warnAt = isActive(state)
      ? running
          .map((clock) =>
            clock.warnedFor === clock.dueAt ? clock.startedAt : warningAt(clock, compiled),
          )
          .map((at) => (at instanceof Date ? at.toISOString() : at))
          .filter((at): at is string => at !== undefined)
          .sort()[0]
      : undefined;
    const pending = currentRemedy(state);
    await tx.query(
      `INSERT INTO resolution.cases (complaint_id, department, status, assignee, severity,
         escalation_class, category, round, queue_at, warn_at, breached, supervised, crisis,
         pending_approvals, opened_at, updated_at, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (complaint_id) DO UPDATE SET department = EXCLUDED.department,
         status = EXCLUDED.status, assignee = EXCLUDED.assignee, severity = EXCLUDED.severity,
         escalation_class = EXCLUDED.escalation_class, category = EXCLUDED.category,
         round = EXCLUDED.round, queue_at = EXCLUDED.queue_at, warn_at = EXCLUDED.warn_at,
         breached = EXCLUDED.breached, supervised = EXCLUDED.supervised, crisis = EXCLUDED.crisis,
         pending_approvals = EXCLUDED.pending_approvals,
         updated_at = EXCLUDED.updated_at, stream_version = EXCLUDED.stream_version`,
      [
        state.complaintId,
        state.department,
        state.status,
        state.assignee?.id ?? null,
        state.severity,
        state.escalationClass,
        state.category,
        state.round.round,
        nearestDue(state) ?? NO_DEADLINE,
        warnAt ?? null,
        state.round.breached,
        state.round.order !== undefined,
        state.crisis !== undefined,
        pending?.status === 'awaiting_approval' ? missingApprovals(pending) : [],
        state.openedAt,
        state.updatedAt,
        streamVersion,
      ],
    );
  }

  /** Keeps an inbound event for a case that has not opened yet (triage's decision is late). */
  async park(tx: Sql, complaintId: string, eventId: string, event: unknown, at: Date) {
    await tx.query(
      `INSERT INTO resolution.parked_events (event_id, complaint_id, event, parked_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
      [eventId, complaintId, JSON.stringify(event), at],
    );
  }

  /**
   * Remembers a complaint brought in by an import of historical complaints (`ComplaintTriaged`
   * with `imported`): it never gets a case, so what arrives about it later is not parked.
   */
  async markImported(tx: Sql, complaintId: string, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO resolution.imported_complaints (complaint_id, recorded_at) VALUES ($1, $2)
       ON CONFLICT (complaint_id) DO NOTHING`,
      [complaintId, at],
    );
  }

  async isImported(tx: Sql, complaintId: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      'SELECT 1 FROM resolution.imported_complaints WHERE complaint_id = $1',
      [complaintId],
    );
    return rowCount === 1;
  }

  /** The events parked for a case that just opened, oldest first, removed in this transaction. */
  async unpark(tx: Sql, complaintId: string): Promise<ParkedEvent[]> {
    const { rows } = await tx.query<{ event_id: string; event: unknown; parked_at: Date }>(
      `DELETE FROM resolution.parked_events WHERE complaint_id = $1
       RETURNING event_id, event, parked_at`,
      [complaintId],
    );
    return rows
      .sort((a, b) => a.parked_at.getTime() - b.parked_at.getTime())
      .map((row) => ({ eventId: row.event_id, event: row.event }));
  }
}
