import { randomUUID } from 'node:crypto';
import { NO_FLAGS, type ComplaintRegisteredData } from '@redress/contracts';
import type { ComplaintEvent } from './complaint';
import { initialState } from './complaint';
import { decide, fold, type ComplaintCommand } from './complaint.decider';
import { ComplaintNotFound, InvalidTransition, NothingToAmend } from './errors';

const complaintId = randomUUID();

function registration(overrides: Partial<ComplaintRegisteredData> = {}): ComplaintRegisteredData {
  return {
    complaintId,
    trackingNo: 'RD-20261123-ABCDEFGH',
    channel: 'hotline',
    registeredAt: '2026-11-23T02:00:00.000Z',
    receivedAt: '2026-11-23T02:00:00.000Z',
    imported: false,
    customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz', maskedPhone: '*******5678' },
    subject: { type: 'product', productSku: 'SKU-1' },
    description: '酸奶里有苍蝇',
    desiredRemedies: ['refund'],
    complainantCount: 1,
    flags: NO_FLAGS,
    attachments: [],
    ...overrides,
  };
}

const registerCommand: ComplaintCommand = {
  type: 'RegisterComplaint',
  registration: registration(),
  acknowledgeBy: '2026-11-24T02:00:00.000Z',
  calendar: 'business',
};

/** given events / when command / then events — the whole test vocabulary of a decider. */
function given(...events: ComplaintEvent[]) {
  const state = fold(events, initialState());
  return { when: (command: ComplaintCommand) => () => decide(command, state) };
}

const registered = decide(registerCommand, initialState());

describe('complaint decider', () => {
  it('registers a complaint and acknowledges it with the business-day deadline', () => {
    expect(given().when(registerCommand)()).toEqual([
      { type: 'ComplaintRegistered', data: registration() },
      {
        type: 'ComplaintAcknowledged',
        data: {
          complaintId,
          trackingNo: 'RD-20261123-ABCDEFGH',
          acknowledgedAt: '2026-11-23T02:00:00.000Z',
          acknowledgeBy: '2026-11-24T02:00:00.000Z',
          calendar: 'business',
        },
      },
    ]);
  });

  it('refuses to register the same complaint twice', () => {
    expect(given(...registered).when(registerCommand)).toThrow(InvalidTransition);
  });

  it('records only the fields an amendment really changes', () => {
    const events = given(...registered).when({
      type: 'AmendComplaint',
      complaintId,
      at: '2026-11-23T03:00:00.000Z',
      changes: { description: '酸奶里有苍蝇' /* unchanged */, region: 'east', complainantCount: 3 },
      reason: 'customer called back',
    })();
    expect(events).toEqual([
      {
        type: 'ComplaintAmended',
        data: {
          complaintId,
          amendedAt: '2026-11-23T03:00:00.000Z',
          changes: { region: 'east', complainantCount: 3 },
          changedFields: ['region', 'complainantCount'],
          reason: 'customer called back',
        },
      },
    ]);
  });

  it('answers an amendment that changes nothing as unprocessable', () => {
    expect(
      given(...registered).when({
        type: 'AmendComplaint',
        complaintId,
        at: '2026-11-23T03:00:00.000Z',
        changes: { subject: { productSku: 'SKU-1', type: 'product' } },
      }),
    ).toThrow(NothingToAmend);
  });

  it('withdraws an open complaint and then refuses further changes naming the state', () => {
    const withdrawn = given(...registered).when({
      type: 'WithdrawComplaint',
      complaintId,
      at: '2026-11-23T04:00:00.000Z',
      reason: 'solved in store',
    })();
    expect(withdrawn).toEqual([
      {
        type: 'ComplaintWithdrawn',
        data: { complaintId, withdrawnAt: '2026-11-23T04:00:00.000Z', reason: 'solved in store' },
      },
    ]);
    const again = given(...registered, ...withdrawn).when({
      type: 'WithdrawComplaint',
      complaintId,
      at: '2026-11-23T05:00:00.000Z',
    });
    expect(again).toThrow(InvalidTransition);
    try {
      again();
    } catch (error) {
      expect((error as InvalidTransition).extensions).toEqual({ currentStatus: 'withdrawn' });
    }
  });

  it('links a duplicate submission to the open complaint', () => {
    const link = {
      complaintId,
      submissionId: randomUUID(),
      channel: 'app' as const,
      receivedAt: '2026-11-23T06:00:00.000Z',
      customerRef: 'cus_abcdefghijklmnopqrstuvwxyz',
      description: 'still waiting',
      flags: NO_FLAGS,
      complainantCount: 1,
    };
    const events = given(...registered).when({ type: 'LinkDuplicateComplaint', link })();
    expect(events).toEqual([{ type: 'DuplicateComplaintLinked', data: link }]);
    const state = fold([...registered, ...events], initialState());
    expect(state.status === 'registered' && state.linkedSubmissions).toBe(1);
  });

  it('answers commands on a complaint that does not exist as not found', () => {
    expect(
      given().when({ type: 'WithdrawComplaint', complaintId, at: '2026-11-23T04:00:00.000Z' }),
    ).toThrow(ComplaintNotFound);
  });

  it('folds the stream into the current view of the complaint', () => {
    const amended = given(...registered).when({
      type: 'AmendComplaint',
      complaintId,
      at: '2026-11-23T03:00:00.000Z',
      changes: { region: 'east' },
    })();
    const state = fold([...registered, ...amended], initialState());
    expect(state).toMatchObject({
      status: 'registered',
      region: 'east',
      acknowledgeBy: '2026-11-24T02:00:00.000Z',
      updatedAt: '2026-11-23T03:00:00.000Z',
      amendmentCount: 1,
    });
  });
});
