import { BusinessCalendar, chinaMainland2026 } from '@redress/business-time';
import type { ComplaintResolvedData } from '@redress/contracts';
import { evolve, initialState, type FollowUpEvent, type FollowUpState } from './followup';
import type { FollowUpCommand } from './followup-commands';
import { decide } from './followup.decider';
import {
  compileFollowUpPolicy,
  DEFAULT_FOLLOWUP_POLICY,
  type CompiledFollowUpPolicy,
  type FollowUpPolicy,
} from './followup-policy';

/** Shared by the domain's specs: the default policy on the 2026 mainland calendar, ids, times. */
export const calendar = new BusinessCalendar(chinaMainland2026);
export const policy = compileFollowUpPolicy(DEFAULT_FOLLOWUP_POLICY, calendar);

export function policyWith(change: (p: FollowUpPolicy) => void): CompiledFollowUpPolicy {
  const copy = structuredClone(DEFAULT_FOLLOWUP_POLICY);
  change(copy);
  return compileFollowUpPolicy(copy, calendar);
}

export const COMPLAINT_ID = '7a2d3c4e-5f60-4718-9a2b-3c4d5e6f7a81';
export const ACTION_ID = '1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a82';
export const STUDY_ID = '2c3d4e5f-6071-4829-8a3b-4c5d6e7f8a93';

/** An instant written as Shanghai wall time: `at('2026-03-09 10:00')`. */
export function at(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
}

/** Resolution's event for a general quality complaint resolved Monday 9 March 2026, 10:00. */
export function resolved(overrides: Partial<ComplaintResolvedData> = {}): ComplaintResolvedData {
  return {
    complaintId: COMPLAINT_ID,
    resolvedAt: at('2026-03-09 10:00'),
    round: 1,
    resolvedBy: 'agent-1',
    summary: 'Refunded',
    remedy: {
      remedyId: '3d4e5f60-7182-4930-9b4c-5d6e7f8a9b04',
      option: { optionId: 'refund', kind: 'refund', tier: 1 },
    },
    department: 'quality',
    severity: 'general',
    escalationClass: 'general',
    category: 'quality',
    ...overrides,
  };
}

export function schedule(data = resolved(), when = at('2026-03-09 10:01')): FollowUpCommand {
  return { type: 'ScheduleFollowUp', complaintId: data.complaintId, at: when, resolved: data };
}

/** given events / when command / then events. */
export function given(...events: FollowUpEvent[]) {
  const state = events.reduce(evolve, initialState());
  return {
    state,
    when:
      (command: FollowUpCommand, compiled: CompiledFollowUpPolicy = policy) =>
      () =>
        decide(command, state, compiled),
  };
}

/** Runs commands one after another and returns every event they decided, and the state. */
export function history(
  commands: readonly FollowUpCommand[],
  compiled: CompiledFollowUpPolicy = policy,
): { events: FollowUpEvent[]; state: FollowUpState } {
  let state: FollowUpState = initialState();
  const events: FollowUpEvent[] = [];
  for (const command of commands) {
    const decided = decide(command, state, compiled);
    events.push(...decided);
    state = decided.reduce(evolve, state);
  }
  return { events, state };
}

export const types = (events: readonly FollowUpEvent[]) => events.map((e) => e.type);
