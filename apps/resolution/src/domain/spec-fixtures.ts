import { BusinessCalendar, chinaMainland2026 } from '@redress/business-time';
import type { ComplaintTriagedData, RemedyOption } from '@redress/contracts';
import type { StaffActor } from './approval.policy';
import {
  evolve,
  initialState,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
  type OpenedCase,
} from './case';
import type { CaseCommand } from './case-commands';
import { decide } from './case.decider';
import {
  compileResolutionPolicy,
  DEFAULT_RESOLUTION_POLICY,
  type CompiledResolutionPolicy,
  type ResolutionPolicy,
} from './resolution-policy';

/** Shared by the domain's specs: the default policy on the 2026 mainland calendar, ids, people. */
export const calendar = new BusinessCalendar(chinaMainland2026);
export const policy: CompiledResolutionPolicy = compileResolutionPolicy(
  DEFAULT_RESOLUTION_POLICY,
  calendar,
);

export function policyWith(change: (p: ResolutionPolicy) => void): CompiledResolutionPolicy {
  const copy = structuredClone(DEFAULT_RESOLUTION_POLICY);
  change(copy);
  return compileResolutionPolicy(copy, calendar);
}

export const COMPLAINT_ID = '6f1c2b9e-8a0d-4c55-9b61-3d2f7e1a0c11';
export const R1 = '0b3f8e2a-1c4d-4e5f-8a6b-7c8d9e0f1a21';
export const R2 = '0b3f8e2a-1c4d-4e5f-8a6b-7c8d9e0f1a22';
export const A1 = '5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d01';
export const A2 = '5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d02';

/** An instant written as Shanghai wall time: `at('2026-03-09 10:00')`. */
export function at(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
}

/** Days of the week of 9 March 2026, the specs' Monday: `MON('09:00')`. */
export const MON = (time: string) => at(`2026-03-09 ${time}`);
export const TUE = (time: string) => at(`2026-03-10 ${time}`);
export const WED = (time: string) => at(`2026-03-11 ${time}`);

export const agent: StaffActor = { id: 'agent-1', roles: ['agent'], department: 'quality' };
export const otherAgent: StaffActor = { id: 'agent-2', roles: ['agent'], department: 'quality' };
export const qualityHead: StaffActor = {
  id: 'head-quality',
  roles: ['department_head'],
  department: 'quality',
};
export const logisticsHead: StaffActor = {
  id: 'head-logistics',
  roles: ['department_head'],
  department: 'logistics',
};
export const supervisor: StaffActor = {
  id: 'sup-1',
  roles: ['supervisor'],
  department: 'customer-service',
};
export const counsel: StaffActor = { id: 'counsel-1', roles: ['legal'], department: 'legal' };

/**
 * Triage's decision for a general complaint registered Monday 9 March 2026 09:00 (Shanghai):
 * resolve within 24 working hours (Wednesday 15:00), approved by the project general manager.
 */
export function triaged(overrides: Partial<ComplaintTriagedData> = {}): ComplaintTriagedData {
  return {
    complaintId: COMPLAINT_ID,
    type: 'product',
    category: 'quality',
    subcategory: 'foreign-object',
    severity: 'general',
    escalationClass: 'general',
    department: 'quality',
    customerTier: 'unknown',
    deadlines: { resolveBy: at('2026-03-11 15:00') },
    rulesFired: [{ rule: 'sla:general', reason: 'resolve within 24 h' }],
    policyVersion: 1,
    confidence: 0.8,
    needsReview: false,
    notify: ['project-general-manager'],
    approver: 'project-general-manager',
    reportToHeadquarters: false,
    registeredAt: at('2026-03-09 09:00'),
    triagedAt: at('2026-03-09 09:00'),
    ...overrides,
  };
}

/** A major complaint (severity III and class major): 24/7 clocks, committee, task force. */
export function triagedMajor(overrides: Partial<ComplaintTriagedData> = {}): ComplaintTriagedData {
  return triaged({
    severity: 'major',
    escalationClass: 'major',
    approver: 'product-decision-committee',
    reportToHeadquarters: true,
    deadlines: {
      respondBy: at('2026-03-09 09:15'),
      planBy: at('2026-03-09 11:00'),
      resolveBy: at('2026-03-11 09:00'),
    },
    ...overrides,
  });
}

export function open(triage: ComplaintTriagedData = triaged(), when = at('2026-03-09 09:01')) {
  return {
    type: 'OpenCase',
    complaintId: COMPLAINT_ID,
    at: when,
    triaged: triage,
  } satisfies CaseCommand;
}

/** given events / when command / then events — the whole vocabulary of a decider spec. */
export function given(...events: CaseEvent[]) {
  const state = events.reduce(evolve, initialState());
  return {
    state,
    when:
      (command: CaseCommand, compiled: CompiledResolutionPolicy = policy) =>
      () =>
        decide(command, state, compiled),
  };
}

/** Runs commands one after another and returns every event they decided. */
export function history(
  commands: readonly CaseCommand[],
  compiled: CompiledResolutionPolicy = policy,
): CaseEvent[] {
  let state: CaseState = initialState();
  const events: CaseEvent[] = [];
  for (const command of commands) {
    const decided = decide(command, state, compiled);
    events.push(...decided);
    state = decided.reduce(evolve, state);
  }
  return events;
}

export function stateOf(events: readonly CaseEvent[]): OpenedCase {
  const state = events.reduce(evolve, initialState());
  if (state.status === 'none') throw new Error('no case in these events');
  return state;
}

const base = { complaintId: COMPLAINT_ID };

/** The people's commands, with the ids and times most specs use. */
export const commands = {
  assign: (when: string, assignee = 'agent-1', department = 'quality', by = qualityHead) =>
    ({
      ...base,
      type: 'AssignCase',
      at: when,
      by,
      assignee: { id: assignee, department },
    }) satisfies CaseCommand,
  contact: (when: string, remedyId?: string, by = agent) =>
    ({
      ...base,
      type: 'RecordContact',
      at: when,
      by,
      channel: 'phone',
      ...(remedyId ? { remedyId } : {}),
    }) satisfies CaseCommand,
  investigate: (when: string, by = agent) =>
    ({
      ...base,
      type: 'RecordInvestigation',
      at: when,
      by,
      rootCause: 'the seal of batch 0306 failed',
      responsibility: 'company',
      evidence: [{ kind: 'test_report', ref: 'lab/0311' }],
    }) satisfies CaseCommand,
  propose: (when: string, remedyId = R1, options = REFUND_OR_EXCHANGE, by = agent) =>
    ({ ...base, type: 'ProposeRemedy', at: when, by, remedyId, options }) satisfies CaseCommand,
  approve: (when: string, by: StaffActor = qualityHead, remedyId = R1, body?: string) =>
    ({
      ...base,
      type: 'ApproveRemedy',
      at: when,
      by,
      remedyId,
      ...(body ? { body } : {}),
    }) satisfies CaseCommand,
  reject: (when: string, by: StaffActor = qualityHead, remedyId = R1) =>
    ({
      ...base,
      type: 'RejectRemedy',
      at: when,
      by,
      remedyId,
      reason: 'too generous',
    }) satisfies CaseCommand,
  accept: (when: string, optionId = 'refund', remedyId = R1) =>
    ({
      ...base,
      type: 'RecordCustomerDecision',
      at: when,
      by: agent,
      remedyId,
      decision: { accepted: optionId },
    }) satisfies CaseCommand,
  decline: (when: string, remedyId = R1) =>
    ({
      ...base,
      type: 'RecordCustomerDecision',
      at: when,
      by: agent,
      remedyId,
      decision: { declined: true, reason: 'wants a new product' },
    }) satisfies CaseCommand,
  schedule: (when: string, actionId = A1, due: { at: string } = { at: at('2026-03-10 18:00') }) =>
    ({
      ...base,
      type: 'ScheduleAction',
      at: when,
      by: agent,
      actionId,
      description: 'refund to the original payment',
      owner: { id: 'finance-3', department: 'finance' },
      due,
    }) satisfies CaseCommand,
  complete: (when: string, actionId = A1) =>
    ({ ...base, type: 'CompleteAction', at: when, by: otherAgent, actionId }) satisfies CaseCommand,
  resolve: (when: string) =>
    ({
      ...base,
      type: 'ResolveCase',
      at: when,
      by: agent,
      summary: 'refunded in full',
    }) satisfies CaseCommand,
  withdraw: (when: string) => ({ ...base, type: 'WithdrawCase', at: when }) satisfies CaseCommand,
  reopen: (when: string, reason = 'the refund never arrived') =>
    ({ ...base, type: 'ReopenCase', at: when, reason }) satisfies CaseCommand,
};

export const REFUND_OR_EXCHANGE: RemedyOption[] = [
  { optionId: 'refund', kind: 'refund', tier: 1 },
  { optionId: 'exchange', kind: 'exchange', tier: 1 },
  { optionId: 'sorry', kind: 'apology', tier: 2, description: 'handwritten apology' },
];

/** Commands that leave the case in each status, every history with remedy R1 in it. */
const PROPOSED = [open(), commands.contact(MON('09:30')), commands.propose(MON('10:00'))];
const APPROVED = [...PROPOSED, commands.approve(MON('11:00'))];
const EXECUTING = [...APPROVED, commands.accept(MON('12:00')), commands.schedule(MON('12:05'))];

export const HISTORIES: Record<CaseStatus | 'none', CaseCommand[]> = {
  none: [],
  open: [...PROPOSED, commands.reject(MON('11:00'))],
  awaiting_approval: PROPOSED,
  plan_approved: APPROVED,
  executing: EXECUTING,
  resolved: [...EXECUTING, commands.complete(MON('15:00')), commands.resolve(MON('16:00'))],
  withdrawn: [...PROPOSED, commands.withdraw(MON('10:30'))],
};
