import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@redress/event-store';
import {
  canSeeDepartment,
  decodeCursor,
  encodeCursor,
  seesAllDepartments,
  type AuthUser,
} from '@redress/platform';
import type { TriageDecision } from '../../domain';
import { ComplaintNotTriaged, OutsideDepartment } from '../errors';
import { TRIAGE_EVENT_STORE } from '../tokens';

export interface ReviewQueueItem {
  complaintId: string;
  registeredAt: string;
  type: string;
  category: string;
  department: string;
  severity: string;
  escalationClass: string;
  confidence: number;
  policyVersion: number;
  rulesFired: TriageDecision['rulesFired'];
}

/** Reads of `triage.complaints`, scoped by department like every complaint read. */
@Injectable()
export class TriageQueries {
  constructor(@Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore) {}

  async decision(complaintId: string, user: AuthUser): Promise<TriageDecision> {
    const { rows } = await this.store.pool.query<{ decision: TriageDecision | null }>(
      'SELECT decision FROM triage.complaints WHERE complaint_id = $1',
      [complaintId],
    );
    const decision = rows[0]?.decision;
    if (!decision) throw new ComplaintNotTriaged(complaintId);
    if (!canSeeDepartment(user, decision.department))
      throw new OutsideDepartment(decision.department);
    return decision;
  }

  /** Unsure decisions waiting for a person, newest first (keyset pagination). */
  async reviewQueue(
    user: AuthUser,
    page: { limit?: number | undefined; cursor?: string | undefined },
  ): Promise<{ items: ReviewQueueItem[]; nextCursor: string | null }> {
    const limit = page.limit ?? 20;
    const params: unknown[] = [limit + 1];
    const where = ['needs_review', "lifecycle = 'open'"];
    if (!seesAllDepartments(user)) {
      if (!user.department) return { items: [], nextCursor: null };
      params.push(user.department);
      where.push(`department = $${params.length}`);
    }
    if (page.cursor) {
      const cursor = decodeCursor(page.cursor);
      params.push(new Date(cursor.at), cursor.id);
      where.push(`(registered_at, complaint_id) < ($${params.length - 1}, $${params.length})`);
    }
    const { rows } = await this.store.pool.query<{
      complaint_id: string;
      registered_at: Date;
      decision: TriageDecision;
    }>(
      `SELECT complaint_id, registered_at, decision FROM triage.complaints
        WHERE ${where.join(' AND ')}
        ORDER BY registered_at DESC, complaint_id DESC LIMIT $1`,
      params,
    );
    const items = rows.slice(0, limit).map(({ decision, registered_at }) => ({
      complaintId: decision.complaintId,
      registeredAt: registered_at.toISOString(),
      type: decision.type,
      category: decision.category,
      department: decision.department,
      severity: decision.severity,
      escalationClass: decision.escalationClass,
      confidence: decision.confidence,
      policyVersion: decision.policyVersion,
      rulesFired: decision.rulesFired,
    }));
    const last = rows[limit - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ at: last.registered_at.toISOString(), id: last.complaint_id })
          : null,
    };
  }
}
