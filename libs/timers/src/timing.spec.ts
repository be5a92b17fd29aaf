import { afterFailure, backoffMs, earliest, firingLagMs, pollDelayMs } from './timing';

const policy = { maxAttempts: 4, retryInitialMs: 1_000, retryMaxMs: 5_000 };
const now = new Date('2026-11-23T02:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('afterFailure', () => {
  it('moves a timer that failed for the first time by the initial back-off', () => {
    expect(afterFailure(0, policy, now)).toEqual({
      status: 'pending',
      attempts: 1,
      dueAt: at(1_000),
    });
  });

  it('doubles the back-off with each failure, up to the maximum', () => {
    expect(afterFailure(1, policy, now)).toEqual({
      status: 'pending',
      attempts: 2,
      dueAt: at(2_000),
    });
    expect(afterFailure(2, policy, now)).toEqual({
      status: 'pending',
      attempts: 3,
      dueAt: at(4_000),
    });
    expect(afterFailure(2, { ...policy, maxAttempts: 10 }, now)).toEqual({
      status: 'pending',
      attempts: 3,
      dueAt: at(4_000),
    });
    expect(afterFailure(5, { ...policy, maxAttempts: 10 }, now)).toEqual({
      status: 'pending',
      attempts: 6,
      dueAt: at(5_000),
    });
  });

  it('parks a timer at its last allowed attempt', () => {
    expect(afterFailure(3, policy, now)).toEqual({ status: 'parked', attempts: 4 });
    expect(afterFailure(0, { ...policy, maxAttempts: 1 }, now)).toEqual({
      status: 'parked',
      attempts: 1,
    });
  });
});

describe('backoffMs', () => {
  it('is 0 before any failure and never exceeds the cap, even after very many', () => {
    expect(backoffMs(0, 100, 30_000)).toBe(0);
    expect(backoffMs(1, 100, 30_000)).toBe(100);
    expect(backoffMs(4, 100, 30_000)).toBe(800);
    expect(backoffMs(1_000, 100, 30_000)).toBe(30_000);
  });
});

describe('pollDelayMs', () => {
  const bounds = { minIntervalMs: 25, maxIntervalMs: 1_000 };
  const t = now.getTime();

  it('sleeps until the next timer is due', () => {
    expect(pollDelayMs({ now: t, nextDueAt: t + 400, ...bounds })).toBe(400);
  });

  it('looks at least every maximum interval, also when nothing is scheduled', () => {
    expect(pollDelayMs({ now: t, nextDueAt: t + 7 * 86_400_000, ...bounds })).toBe(1_000);
    expect(pollDelayMs({ now: t, nextDueAt: undefined, ...bounds })).toBe(1_000);
  });

  it('waits at least the minimum interval, so timers due close together share a look', () => {
    expect(pollDelayMs({ now: t, nextDueAt: t + 3, ...bounds })).toBe(25);
    expect(pollDelayMs({ now: t, nextDueAt: t - 50, ...bounds })).toBe(25);
  });
});

describe('firingLagMs', () => {
  it('is how late the timer fired, and 0 for a timer fired on time', () => {
    expect(firingLagMs(now, at(250))).toBe(250);
    expect(firingLagMs(now, now)).toBe(0);
    expect(firingLagMs(at(10), now)).toBe(0);
  });
});

describe('earliest', () => {
  it('takes the earlier of two instants, either of which may be unknown', () => {
    expect(earliest(5, 3)).toBe(3);
    expect(earliest(undefined, 3)).toBe(3);
    expect(earliest(5, undefined)).toBe(5);
    expect(earliest(undefined, undefined)).toBeUndefined();
  });
});
