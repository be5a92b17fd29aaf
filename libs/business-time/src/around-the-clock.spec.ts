import { AroundTheClock, aroundTheClock } from './around-the-clock';

const from = new Date('2026-03-06T17:00:00+08:00'); // a Friday evening in Shanghai

describe('AroundTheClock', () => {
  it('is the 24/7 kind and always counting', () => {
    expect(aroundTheClock.kind).toBe('24/7');
    expect(aroundTheClock.isCounting(new Date('2026-03-07T03:00:00+08:00'))).toBe(true);
  });

  it.each([
    [{ minutes: 15 }, '2026-03-06T09:15:00.000Z'],
    [{ hours: 1 }, '2026-03-06T10:00:00.000Z'],
    [{ hours: 48 }, '2026-03-08T09:00:00.000Z'],
    [{ days: 1 }, '2026-03-07T09:00:00.000Z'],
    [{ days: 2, hours: 1, minutes: 1 }, '2026-03-08T10:01:00.000Z'],
    [{ hours: -2 }, '2026-03-06T07:00:00.000Z'],
    [{}, '2026-03-06T09:00:00.000Z'],
  ])('adds %j straight through nights and weekends', (amount, expected) => {
    expect(new AroundTheClock().add(from, amount).toISOString()).toBe(expected);
  });

  it('counts days as 24 hours even across a DST change', () => {
    const beforeBerlinSpringForward = new Date('2026-03-28T12:00:00+01:00');
    expect(aroundTheClock.add(beforeBerlinSpringForward, { days: 1 }).toISOString()).toBe(
      '2026-03-29T11:00:00.000Z',
    );
  });

  it('measures elapsed time as plain difference, negative backwards', () => {
    const later = new Date('2026-03-09T09:00:00+08:00');
    expect(aroundTheClock.elapsed(from, later)).toBe(64 * 3_600_000);
    expect(aroundTheClock.elapsed(later, from)).toBe(-64 * 3_600_000);
  });

  it('rejects fractional days and invalid instants', () => {
    expect(() => aroundTheClock.add(from, { days: 0.5 })).toThrow(RangeError);
    expect(() => aroundTheClock.add(new Date(Number.NaN), { hours: 1 })).toThrow(RangeError);
    expect(() => aroundTheClock.elapsed(from, new Date(Number.NaN))).toThrow(RangeError);
  });
});
