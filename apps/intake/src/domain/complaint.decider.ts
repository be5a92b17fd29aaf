import {
  ComplaintAmended,
  type ComplaintAmendedData,
  type ComplaintRegisteredData,
  type DuplicateComplaintLinkedData,
} from '@redress/contracts';
import type { ComplaintEvent, ComplaintState, RegisteredComplaint } from './complaint';
import { ComplaintNotFound, InvalidTransition, NothingToAmend } from './errors';

/**
 * The intake decider (Emmett's pattern): `decide(command, state) → events`, and the state is
 * `evolve` folded over the stream from `initialState()`. Pure: ids, times and the
 * acknowledgement deadline arrive inside the command.
 */
export type ComplaintCommand =
  | {
      type: 'RegisterComplaint';
      registration: ComplaintRegisteredData;
      acknowledgeBy: string;
      calendar: 'business' | '24/7';
    }
  | {
      type: 'AmendComplaint';
      complaintId: string;
      at: string;
      changes: ComplaintAmendedData['changes'];
      reason?: string;
    }
  | { type: 'ImportComplaint'; registration: ComplaintRegisteredData }
  | { type: 'WithdrawComplaint'; complaintId: string; at: string; reason?: string }
  | { type: 'LinkDuplicateComplaint'; link: DuplicateComplaintLinkedData };

export function decide(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  switch (command.type) {
    case 'RegisterComplaint': {
      if (state.status !== 'none') {
        throw new InvalidTransition('register again', state.status);
      }
      const r = command.registration;
      return [
        { type: 'ComplaintRegistered', data: r },
        {
          type: 'ComplaintAcknowledged',
          data: {
            complaintId: r.complaintId,
            trackingNo: r.trackingNo,
            acknowledgedAt: r.registeredAt,
            acknowledgeBy: command.acknowledgeBy,
            calendar: command.calendar,
          },
        },
      ];
    }
    case 'ImportComplaint': {
      // A complaint of the company's history (issue 14): the source system acknowledged it long
      // ago, so no acknowledgement is owed now (DOMAIN §1's day applies to live registrations).
      if (state.status !== 'none') {
        throw new InvalidTransition('import again', state.status);
      }
      return [{ type: 'ComplaintRegistered', data: command.registration }];
    }
    case 'AmendComplaint': {
      const current = requireOpen(state, command.complaintId, 'amend');
      const { changes, changedFields } = effectiveChanges(current, command.changes);
      if (changedFields.length === 0) throw new NothingToAmend();
      return [
        {
          type: 'ComplaintAmended',
          data: ComplaintAmended.complete({
            complaintId: command.complaintId,
            amendedAt: command.at,
            changes,
            changedFields,
            reason: command.reason,
          }),
        },
      ];
    }
    case 'WithdrawComplaint': {
      requireOpen(state, command.complaintId, 'withdraw');
      return [
        {
          type: 'ComplaintWithdrawn',
          data: {
            complaintId: command.complaintId,
            withdrawnAt: command.at,
            ...(command.reason !== undefined ? { reason: command.reason } : {}),
          },
        },
      ];
    }
    case 'LinkDuplicateComplaint': {
      requireOpen(state, command.link.complaintId, 'link a submission to');
      return [{ type: 'DuplicateComplaintLinked', data: command.link }];
    }
    default:
      return assertNever(command);
  }
}

export function evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintRegistered':
      return {
        ...event.data,
        status: 'registered',
        acknowledgeBy: event.data.registeredAt,
        updatedAt: event.data.registeredAt,
        amendmentCount: 0,
        linkedSubmissions: 0,
      };
    case 'ComplaintAcknowledged':
      return state.status === 'none'
        ? state
        : { ...state, acknowledgeBy: event.data.acknowledgeBy };
    case 'ComplaintAmended':
      return state.status === 'none'
        ? state
        : {
            ...state,
            ...event.data.changes,
            updatedAt: event.data.amendedAt,
            amendmentCount: state.amendmentCount + 1,
          };
    case 'ComplaintWithdrawn':
      return state.status === 'none'
        ? state
        : {
            ...state,
            status: 'withdrawn',
            updatedAt: event.data.withdrawnAt,
            withdrawnAt: event.data.withdrawnAt,
            ...(event.data.reason !== undefined ? { withdrawalReason: event.data.reason } : {}),
          };
    case 'DuplicateComplaintLinked':
      return state.status === 'none'
        ? state
        : {
            ...state,
            updatedAt: event.data.receivedAt,
            linkedSubmissions: state.linkedSubmissions + 1,
          };
    default:
      return assertNever(event);
  }
}

export function fold(events: readonly ComplaintEvent[], from: ComplaintState): ComplaintState {
  return events.reduce(evolve, from);
}

function requireOpen(state: ComplaintState, complaintId: string, action: string) {
  if (state.status === 'none') throw new ComplaintNotFound(complaintId);
  if (state.status !== 'registered') throw new InvalidTransition(action, state.status);
  return state;
}

type Changes = ComplaintAmendedData['changes'];

/** Keeps only the fields whose value really changes, so an amendment records true edits. */
function effectiveChanges(current: RegisteredComplaint, requested: Changes) {
  const changes: Record<string, unknown> = {};
  const changedFields: string[] = [];
  for (const [field, value] of Object.entries(requested)) {
    if (value === undefined) continue;
    const before = (current as Record<string, unknown>)[field];
    if (stableJson(before) !== stableJson(value)) {
      changes[field] = value;
      changedFields.push(field);
    }
  }
  return { changes: changes as Changes, changedFields };
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function assertNever(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}
