import type { RemedyOption, RequiredApproval, Role } from '@redress/contracts';
import type { Grading } from './case';
import { compareAmounts } from './money';
import type { ApproverAuthority, ResolutionPolicy } from './resolution-policy';

/** The approval matrix (DOMAIN §2 approvers, §3 legal review), as policy data. */

/** Who is acting: their token's subject, roles and department. */
export interface StaffActor {
  id: string;
  roles: readonly Role[];
  department?: string;
}

/**
 * The approvals a plan needs: the approver body triage named for the escalation class (major →
 * product decision committee, important → division head, otherwise project general manager), and
 * legal review for a major complaint (by severity or class) or for a compensation above the
 * configured amount in its currency. Each body once, with the first reason that required it.
 */
export function requiredApprovals(
  grading: Pick<Grading, 'approver' | 'severity' | 'escalationClass'>,
  options: readonly RemedyOption[],
  policy: ResolutionPolicy,
): RequiredApproval[] {
  const required: RequiredApproval[] = [{ body: grading.approver, because: 'escalation_approver' }];
  const legal = policy.approvals.legalReview;
  const add = (approval: RequiredApproval) => {
    if (!required.some((r) => r.body === approval.body)) required.push(approval);
  };
  if (
    legal.severities.includes(grading.severity) ||
    legal.escalationClasses.includes(grading.escalationClass)
  ) {
    add({ body: legal.body, because: 'major_complaint' });
  }
  if (options.some((option) => compensationNeedsLegalReview(option, policy))) {
    add({ body: legal.body, because: 'compensation_above_threshold' });
  }
  return required;
}

function compensationNeedsLegalReview(option: RemedyOption, policy: ResolutionPolicy): boolean {
  if (option.kind !== 'compensation') return false;
  const threshold = policy.approvals.legalReview.compensationAbove[option.value.currency];
  // A currency without a configured threshold cannot be judged: legal looks at it.
  return threshold === undefined || compareAmounts(option.value.amount, threshold) > 0;
}

export function authorityFor(body: string, policy: ResolutionPolicy): ApproverAuthority {
  return policy.approvals.bodies[body] ?? policy.approvals.otherBodies;
}

/**
 * Whether `actor` may decide for `body` on a case of `caseDepartment`: one of the body's roles,
 * from one of its departments when it names some, and — for a department-scoped body — from the
 * case's own department. A cross-department body's scope covers approvals only; the application
 * still scopes every other command by the caller's department (CONTRACT changes of 2026-12-04).
 */
export function mayApprove(
  actor: StaffActor,
  body: string,
  caseDepartment: string,
  policy: ResolutionPolicy,
): boolean {
  const authority = authorityFor(body, policy);
  if (!actor.roles.some((role) => authority.roles.includes(role))) return false;
  if (
    authority.departments !== undefined &&
    (actor.department === undefined || !authority.departments.includes(actor.department))
  ) {
    return false;
  }
  return authority.scope === 'all_departments' || actor.department === caseDepartment;
}

/** Of `bodies`, those `actor` may decide for. */
export function bodiesActorMayApprove(
  actor: StaffActor,
  bodies: readonly string[],
  caseDepartment: string,
  policy: ResolutionPolicy,
): string[] {
  return bodies.filter((body) => mayApprove(actor, body, caseDepartment, policy));
}

/** Whether a department-scoped caller may see a case only because they approve for it. */
export function approvesAcrossDepartments(
  actor: StaffActor,
  pendingBodies: readonly string[],
  caseDepartment: string,
  policy: ResolutionPolicy,
): boolean {
  return pendingBodies.some(
    (body) =>
      authorityFor(body, policy).scope === 'all_departments' &&
      mayApprove(actor, body, caseDepartment, policy),
  );
}
