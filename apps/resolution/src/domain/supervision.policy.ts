import type {
  EscalationClass,
  SlaClock,
  SupervisionOrderIssuedData,
  SupervisionReason,
} from '@redress/contracts';
import { milestoneDeadline, milestoneMetAt, type OpenedCase } from './case';
import type { CompiledResolutionPolicy } from './resolution-policy';

/**
 * DOMAIN §3 supervision (003): customer service issues a supervision order (督办单) with agreed
 * milestones for complaints that are major, hot or important, or whose clocks ran out, follows
 * them up and warns the department head when a milestone is missed. One order per round.
 */
export function supervisedClass(
  escalationClass: EscalationClass,
  compiled: CompiledResolutionPolicy,
): boolean {
  return compiled.policy.supervision.escalationClasses.includes(escalationClass);
}

/**
 * The order for the case's current round, issued at `at`. Milestones count from the order on the
 * case's calendar and never fall after the case's own deadline for the same step while that is
 * still ahead; milestones the round has already reached are left out (`resolved`, which the
 * policy always lists, never is while the case is active).
 */
export function supervisionOrder(
  state: OpenedCase,
  at: string,
  reason: SupervisionReason,
  compiled: CompiledResolutionPolicy,
  trigger: { escalationClass?: EscalationClass; clock?: SlaClock } = {},
): SupervisionOrderIssuedData {
  const round = state.round;
  const clock = compiled.clock(state.calendar);
  const issuedAt = new Date(at);
  const milestones = compiled.policy.supervision.milestones
    .filter((m) => milestoneMetAt(round, m.milestone) === undefined)
    .map((m) => {
      let due = clock.add(issuedAt, m.within);
      const own = milestoneDeadline(round, m.milestone);
      if (own && own.stoppedAt === undefined) {
        const ownDue = new Date(own.dueAt);
        if (ownDue > issuedAt && ownDue < due) due = ownDue;
      }
      return { milestone: m.milestone, dueAt: due.toISOString() };
    });
  return {
    complaintId: state.complaintId,
    round: round.round,
    issuedAt: at,
    issuedBy: compiled.policy.supervision.issuedBy,
    reason,
    ...(trigger.escalationClass ? { escalationClass: trigger.escalationClass } : {}),
    ...(trigger.clock ? { clock: trigger.clock } : {}),
    department: state.department,
    milestones,
    warn: { role: 'department_head', department: state.department },
  };
}
