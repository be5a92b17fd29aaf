import { FixedClock, systemClock, toInstant } from './clock';

describe('FixedClock', () => {
  it('stands still at the instant it was given', () => {
    const clock = new FixedClock('2026-03-02T09:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });

  it('hands out copies, so a caller mutating the Date cannot move the clock', () => {
    const clock = new FixedClock(new Date('2026-03-02T01:00:00Z'));
    clock.now().setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });

  it('moves to an instant set by a test', () => {
    const clock = new FixedClock('2026-03-02T01:00:00Z');
    clock.set('2026-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.set(new Date('2026-05-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it.each([
    [1500, '2026-03-02T01:00:01.500Z'],
    [{ minutes: 15 }, '2026-03-02T01:15:00.000Z'],
    [{ hours: 2, minutes: 30 }, '2026-03-02T03:30:00.000Z'],
    [{ days: 1 }, '2026-03-03T01:00:00.000Z'],
    [{ seconds: 10, milliseconds: 5 }, '2026-03-02T01:00:10.005Z'],
  ])('advances by %j as plain elapsed time', (by, expected) => {
    const clock = new FixedClock('2026-03-02T01:00:00Z');
    expect(clock.advance(by).toISOString()).toBe(expected);
    expect(clock.now().toISOString()).toBe(expected);
  });

  it('refuses to run backwards or by a non-number', () => {
    const clock = new FixedClock('2026-03-02T01:00:00Z');
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance({ hours: Number.NaN })).toThrow(RangeError);
    expect(clock.now().toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });

  it.each(['2026-03-02T09:00:00', '2026-03-02', 'yesterday', '2026-13-45T00:00:00Z'])(
    'rejects %s, which is not an instant with a zone',
    (value) => {
      expect(() => new FixedClock(value)).toThrow(RangeError);
    },
  );

  it('rejects an invalid Date', () => {
    expect(() => new FixedClock(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => toInstant(new Date('nonsense'), 'deadline')).toThrow('deadline');
  });
});

describe('systemClock', () => {
  it('reads the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
