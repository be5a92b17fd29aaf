import type { CrisisTeamFormedData } from '@redress/contracts';
import type { Grading } from './case';
import type { CompiledResolutionPolicy } from './resolution-policy';

/**
 * DOMAIN §3 crisis (003, 000): a major complaint forms a task force — the project general manager
 * leads, the service manager executes, one spokesperson — with clocks of its own that run around
 * the clock: a plan within 24 h, the customer contacted within 12 h of the plan's approval, a new
 * plan within 1 h of the customer declining.
 */
export function isCrisis(
  grading: Pick<Grading, 'severity' | 'escalationClass'>,
  compiled: CompiledResolutionPolicy,
): boolean {
  const { crisis } = compiled.policy;
  return (
    crisis.severities.includes(grading.severity) ||
    crisis.escalationClasses.includes(grading.escalationClass)
  );
}

/**
 * The task force formed at `at`. `withPlanClock`: no plan is on the table yet, so the team's plan
 * clock starts (a plan already awaiting approval or accepted is not asked for again).
 */
export function crisisTeam(
  complaintId: string,
  round: number,
  at: string,
  withPlanClock: boolean,
  compiled: CompiledResolutionPolicy,
): CrisisTeamFormedData {
  const { crisis } = compiled.policy;
  return {
    complaintId,
    formedAt: at,
    round,
    lead: { role: crisis.lead },
    members: crisis.members.map((role) => ({ role })),
    spokesperson: { role: crisis.spokesperson },
    ...(withPlanClock ? { planBy: crisisPlanBy(at, compiled) } : {}),
  };
}

export function crisisPlanBy(from: string, compiled: CompiledResolutionPolicy): string {
  return aroundTheClockAdd(from, compiled.policy.crisis.planWithin, compiled);
}

export function crisisContactBy(approvedAt: string, compiled: CompiledResolutionPolicy): string {
  return aroundTheClockAdd(approvedAt, compiled.policy.crisis.contactAfterApprovalWithin, compiled);
}

export function crisisReplanBy(declinedAt: string, compiled: CompiledResolutionPolicy): string {
  return aroundTheClockAdd(declinedAt, compiled.policy.crisis.replanAfterDeclineWithin, compiled);
}

function aroundTheClockAdd(
  from: string,
  duration: CompiledResolutionPolicy['policy']['crisis']['planWithin'],
  compiled: CompiledResolutionPolicy,
): string {
  return compiled.clock('24/7').add(new Date(from), duration).toISOString();
}
