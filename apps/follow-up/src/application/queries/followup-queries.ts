import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@redress/event-store';
import {
  canSeeDepartment,
  decodeCursor,
  encodeCursor,
  forbiddenProblem,
  seesAllDepartments,
  type AuthUser,
} from '@redress/platform';
import { caseStudyDue, FollowUpNotFound, type FollowUp, type FollowUpStatus } from '../../domain';
import { FollowUpHandling } from '../followup-handling';
import { followUpEvents } from '../followup-events';
import { FOLLOWUP_EVENT_STORE } from '../tokens';

export interface FollowUpListFilter {
  status?: FollowUpStatus;
  department?: string;
  /** Only closures flagged for review (unreachable customers). */
  needsReview?: boolean;
  /** Only follow-ups whose call is due at or before this instant. */
  dueBefore?: string;
  limit?: number;
  cursor?: string;
}

interface FollowUpRow {
  complaint_id: string;
  department: string;
  status: FollowUpStatus;
  round: number;
  severity: string;
  escalation_class: string;
  category: string;
  resolved_at: Date;
  due_at: Date;
  next_attempt_at: Date | null;
  attempts: number;
  closed_at: Date | null;
  outcome: string | null;
  needs_review: boolean;
  open_actions: number;
  call_at: Date;
}

/** What the due list shows: the columns of `FollowUpRow`, not the row's bookkeeping. */
const LIST_COLUMNS = [
  'complaint_id',
  'department',
  'status',
  'round',
  'severity',
  'escalation_class',
  'category',
  'resolved_at',
  'due_at',
  'next_attempt_at',
  'attempts',
  'closed_at',
  'outcome',
  'needs_review',
  'open_actions',
  'call_at',
].join(', ');

/**
 * The due list and the follow-up page (CONTRACT "Follow-up API"). Department scope: a
 * department-scoped role sees its department's follow-ups and those with a corrective action
 * addressed to it; `supervisor` and `admin` see all.
 */
@Injectable()
export class FollowUpQueries {
  constructor(
    @Inject(FOLLOWUP_EVENT_STORE) private readonly store: EventStore,
    private readonly followUps: FollowUpHandling,
  ) {}

  /** `GET /follow-ups`: by default the callbacks waiting, the next one to make first. */
  async list(user: AuthUser, filter: FollowUpListFilter) {
    const limit = filter.limit ?? 20;
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [`status = ${param(filter.status ?? 'awaiting_callback')}`];
    if (!seesAllDepartments(user)) {
      if (user.department === undefined) where.push('false');
      else {
        const department = param(user.department);
        where.push(`(department = ${department} OR ${department} = ANY(action_departments))`);
      }
    }
    if (filter.department !== undefined) where.push(`department = ${param(filter.department)}`);
    if (filter.needsReview !== undefined) where.push(`needs_review = ${param(filter.needsReview)}`);
    if (filter.dueBefore !== undefined) where.push(`call_at <= ${param(filter.dueBefore)}`);
    if (filter.cursor !== undefined) {
      const after = decodeCursor(filter.cursor);
      where.push(`(call_at, complaint_id) > (${param(after.at)}, ${param(after.id)})`);
    }
    const { rows } = await this.store.pool.query<FollowUpRow>(
      `SELECT ${LIST_COLUMNS} FROM followup.follow_ups WHERE ${where.join(' AND ')}
        ORDER BY call_at, complaint_id LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const now = this.followUps.now();
    return {
      items: page.map((row) => rowView(row, now)),
      ...(rows.length > limit && last
        ? { nextCursor: encodeCursor({ at: last.call_at.toISOString(), id: last.complaint_id }) }
        : {}),
    };
  }

  /** One complaint's follow-up with its timeline; 404 before any resolution, 403 outside scope. */
  async get(complaintId: string, user: AuthUser) {
    const { state, stream } = await this.followUps.load(this.store.pool, complaintId);
    if (state.status === 'none') throw new FollowUpNotFound(complaintId);
    assertMaySee(user, state);
    const due = caseStudyDue(state, this.followUps.policy);
    return {
      ...state,
      correctiveActions: Object.values(state.correctiveActions),
      ...(due ? { caseStudyDueAt: due.dueAt } : {}),
      timeline: timelineOf(stream),
    };
  }
}

/** Department scope, widened for the department a corrective action is addressed to. */
export function assertMaySee(user: AuthUser, state: FollowUp): void {
  if (canSeeDepartment(user, state.department)) return;
  const addressed = Object.values(state.correctiveActions).some((a) =>
    canSeeDepartment(user, a.department),
  );
  if (!addressed) throw forbiddenProblem(`department "${state.department}" is outside your scope`);
}

function rowView(row: FollowUpRow, now: Date) {
  return {
    complaintId: row.complaint_id,
    status: row.status,
    department: row.department,
    round: row.round,
    severity: row.severity,
    escalationClass: row.escalation_class,
    category: row.category,
    resolvedAt: row.resolved_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    ...(row.next_attempt_at ? { nextAttemptAt: row.next_attempt_at.toISOString() } : {}),
    callAt: row.call_at.toISOString(),
    overdue: row.status === 'awaiting_callback' && row.call_at <= now,
    attempts: row.attempts,
    ...(row.closed_at ? { closedAt: row.closed_at.toISOString() } : {}),
    ...(row.outcome ? { outcome: row.outcome } : {}),
    needsReview: row.needs_review,
    openCorrectiveActions: row.open_actions,
  };
}

function timelineOf(stream: readonly StoredEvent[]) {
  return stream.map((stored) => ({
    type: stored.type,
    recordedAt: stored.recordedAt.toISOString(),
    streamVersion: stored.streamVersion,
    actor: { type: stored.metadata.authtype, id: stored.metadata.authid },
    data: followUpEvents.decode(stored.type, stored.schemaVersion, stored.data),
  }));
}
