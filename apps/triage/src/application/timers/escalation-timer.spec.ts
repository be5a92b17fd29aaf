import type { Sql } from '@redress/event-store';
import type { ScheduleOptions, TimerSpec } from '@redress/timers';
import type { EscalationTimer } from '../../domain';
import {
  ESCALATION_TIMER,
  armEscalationTimers,
  escalationPayload,
  escalationTimerKey,
} from './escalation-timer';

const complaintId = '5f0c6f4e-8a51-4a7e-9d3c-0c9f6b1a2b3c';
const now = new Date('2026-11-30T02:00:00.000Z');
const tx = {} as Sql;

function recorder() {
  const calls: Array<{ timers: TimerSpec[]; options: ScheduleOptions | undefined }> = [];
  return {
    calls,
    schedule: async (
      _tx: Sql,
      timers: TimerSpec | readonly TimerSpec[],
      options?: ScheduleOptions,
    ) => {
      const list = (Array.isArray(timers) ? timers : [timers]) as TimerSpec[];
      calls.push({ timers: list, options });
      return list.length;
    },
  };
}

const timer = (rule: string, dueAt: string): EscalationTimer => ({
  rule,
  escalationClass: 'hot',
  dueAt,
});

describe('armEscalationTimers', () => {
  it('arms each future age rule under its key, keeping a timer already armed', async () => {
    const timers = recorder();

    await armEscalationTimers(
      timers,
      tx,
      complaintId,
      [
        timer('escalation:unresolved-7d', '2026-12-07T02:00:00.000Z'),
        timer('escalation:unresolved-30d', '2026-12-30T02:00:00.000Z'),
      ],
      now,
    );

    expect(timers.calls).toEqual([
      {
        timers: [
          {
            key: `escalation:unresolved-7d:${complaintId}`,
            kind: ESCALATION_TIMER,
            dueAt: '2026-12-07T02:00:00.000Z',
            payload: { complaintId, rule: 'escalation:unresolved-7d' },
          },
          {
            key: `escalation:unresolved-30d:${complaintId}`,
            kind: ESCALATION_TIMER,
            dueAt: '2026-12-30T02:00:00.000Z',
            payload: { complaintId, rule: 'escalation:unresolved-30d' },
          },
        ],
        options: { existing: 'keep' },
      },
    ]);
  });

  it('does not arm again a rule whose time has passed: its timer fired, and this decision saw the age', async () => {
    const timers = recorder();

    await armEscalationTimers(
      timers,
      tx,
      complaintId,
      [
        timer('escalation:unresolved-7d', '2026-11-30T02:00:00.000Z'),
        timer('escalation:unresolved-30d', '2026-12-23T02:00:00.000Z'),
      ],
      now,
    );
    await armEscalationTimers(
      timers,
      tx,
      complaintId,
      [timer('escalation:unresolved-7d', '2026-11-29T02:00:00.000Z')],
      now,
    );

    expect(timers.calls.map((c) => c.timers.map((t) => t.key))).toEqual([
      [escalationTimerKey(complaintId, 'escalation:unresolved-30d')],
    ]);
  });
});

describe('escalationPayload', () => {
  it('reads what armEscalationTimers stored, and refuses anything else', () => {
    expect(escalationPayload({ complaintId, rule: 'escalation:unresolved-7d' })).toEqual({
      complaintId,
      rule: 'escalation:unresolved-7d',
    });
    expect(() => escalationPayload(null)).toThrow(TypeError);
    expect(() => escalationPayload({ complaintId })).toThrow(TypeError);
  });
});
