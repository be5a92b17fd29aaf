import { Inject, Injectable } from '@nestjs/common';
import type { EscalationClass } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import {
  canSeeDepartment,
  decodeCursor,
  encodeCursor,
  forbiddenProblem,
  seesAllDepartments,
  type AuthUser,
} from '@redress/platform';
import {
  approvesAcrossDepartments,
  CaseNotFound,
  currentRemedy,
  mayApprove,
  missingApprovals,
  type StaffActor,
  type CaseStatus,
  type OpenedCase,
  type SlaState,
} from '../../domain';
import { CaseHandling } from '../case-handling';
import { NO_DEADLINE } from '../case-records';
import { RESOLUTION_EVENT_STORE } from '../tokens';
import { caseView, timelineOf } from './case-view';

export interface CaseListFilter {
  department?: string;
  status?: CaseStatus;
  assignee?: string;
  slaState?: SlaState;
  escalationClass?: EscalationClass;
  /** Only cases whose plan waits for an approval the caller may give. */
  awaitingMyApproval?: boolean;
  limit?: number;
  cursor?: string;
}

interface CaseRow {
  complaint_id: string;
  department: string;
  status: CaseStatus;
  assignee: string | null;
  severity: string;
  escalation_class: string;
  category: string;
  round: number;
  queue_at: Date;
  warn_at: Date | null;
  breached: boolean;
  supervised: boolean;
  crisis: boolean;
  pending_approvals: string[];
  opened_at: Date;
  updated_at: Date;
  sla_state: SlaState;
}

/**
 * The SLA state of a row at `$now`, the same rule as the domain's `slaState` over the columns the
 * decision wrote (nearest due time, earliest warning point, a breach recorded in the round).
 */
const SLA_STATE_SQL = `CASE
  WHEN breached THEN 'breached'
  WHEN status = 'withdrawn' THEN 'stopped'
  WHEN status = 'resolved' THEN 'met'
  WHEN queue_at <= $1 THEN 'breached'
  WHEN warn_at IS NOT NULL AND warn_at <= $1 THEN 'warning'
  ELSE 'on_track' END`;

/**
 * The queue and the case page (CONTRACT "Resolution API"). Scope: department-scoped roles see
 * their department's cases, `supervisor` and `admin` all; a caller whom the approval matrix gives
 * cross-department authority (legal, a committee) also sees the cases whose plan waits for them.
 */
@Injectable()
export class CaseQueries {
  constructor(
    @Inject(RESOLUTION_EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CaseHandling,
  ) {}

  async list(user: AuthUser, filter: CaseListFilter) {
    const now = this.cases.now();
    const limit = filter.limit ?? 20;
    const params: unknown[] = [now];
    const where: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const mine = this.bodiesUserApprovesEverywhere(user);
    if (!seesAllDepartments(user)) {
      const own =
        user.department === undefined ? 'false' : `department = ${param(user.department)}`;
      where.push(mine.length > 0 ? `(${own} OR pending_approvals && ${param(mine)})` : own);
    }
    if (filter.awaitingMyApproval) {
      where.push(`pending_approvals && ${param(this.bodiesUserApproves(user))}`);
    }
    if (filter.department !== undefined) where.push(`department = ${param(filter.department)}`);
    if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
    if (filter.assignee !== undefined) where.push(`assignee = ${param(filter.assignee)}`);
    if (filter.slaState !== undefined) where.push(`${SLA_STATE_SQL} = ${param(filter.slaState)}`);
    if (filter.escalationClass !== undefined) {
      where.push(`escalation_class = ${param(filter.escalationClass)}`);
    }
    if (filter.cursor !== undefined) {
      const after = decodeCursor(filter.cursor);
      where.push(`(queue_at, complaint_id) > (${param(after.at)}, ${param(after.id)})`);
    }
    const { rows } = await this.store.pool.query<CaseRow>(
      `SELECT *, ${SLA_STATE_SQL} AS sla_state FROM resolution.cases
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY queue_at, complaint_id LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(rowView),
      ...(rows.length > limit && last
        ? { nextCursor: encodeCursor({ at: last.queue_at.toISOString(), id: last.complaint_id }) }
        : {}),
    };
  }

  /** One case with its whole timeline; 404 when there is none, 403 outside the caller's scope. */
  async get(complaintId: string, user: AuthUser) {
    const { state, stream } = await this.cases.load(this.store.pool, complaintId);
    if (state.status === 'none') throw new CaseNotFound(complaintId);
    this.assertMaySee(user, state);
    return {
      ...caseView(state, this.cases.now(), this.cases.policy),
      timeline: timelineOf(stream),
    };
  }

  /** Department scope, widened for an approver of a body the case's plan still needs. */
  assertMaySee(user: AuthUser, state: OpenedCase): void {
    if (canSeeDepartment(user, state.department)) return;
    const remedy = currentRemedy(state);
    const pending = remedy?.status === 'awaiting_approval' ? missingApprovals(remedy) : [];
    if (
      approvesAcrossDepartments(staffOf(user), pending, state.department, this.cases.policy.policy)
    ) {
      return;
    }
    throw forbiddenProblem(`department "${state.department}" is outside your scope`);
  }

  /** The bodies of the policy the user may approve for on cases of any department. */
  private bodiesUserApprovesEverywhere(user: AuthUser): string[] {
    const { bodies } = this.cases.policy.policy.approvals;
    return Object.entries(bodies)
      .filter(([, authority]) => authority.scope === 'all_departments')
      .map(([body]) => body)
      .filter((body) => mayApprove(staffOf(user), body, '', this.cases.policy.policy));
  }

  /** The bodies of the policy the user may approve for on their own department's cases. */
  private bodiesUserApproves(user: AuthUser): string[] {
    return Object.keys(this.cases.policy.policy.approvals.bodies).filter((body) =>
      mayApprove(staffOf(user), body, user.department ?? '', this.cases.policy.policy),
    );
  }
}

/** The caller as the approval matrix sees them. */
export function staffOf(user: AuthUser): StaffActor {
  return {
    id: user.sub,
    roles: user.roles,
    ...(user.department !== undefined ? { department: user.department } : {}),
  };
}

function rowView(row: CaseRow) {
  const due = row.queue_at.toISOString();
  return {
    complaintId: row.complaint_id,
    status: row.status,
    department: row.department,
    ...(row.assignee !== null ? { assignee: row.assignee } : {}),
    severity: row.severity,
    escalationClass: row.escalation_class,
    category: row.category,
    round: row.round,
    slaState: row.sla_state,
    ...(due !== NO_DEADLINE ? { nearestDueAt: due } : {}),
    supervised: row.supervised,
    crisis: row.crisis,
    pendingApprovals: row.pending_approvals,
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
