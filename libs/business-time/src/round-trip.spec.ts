import { AroundTheClock } from './around-the-clock';
import { BusinessCalendar } from './business-calendar';
import { aroundTheClock24x7, chinaMainland2026 } from './presets';
import type { WorkClock } from './work-clock';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const YEAR_2026 = Date.parse('2026-01-01T00:00:00Z');

/** mulberry32: a seeded generator, so a failing case can be replayed exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const clocks: Array<[string, WorkClock]> = [
  ['China 2026', new BusinessCalendar(chinaMainland2026)],
  [
    'Shanghai with a lunch break',
    new BusinessCalendar({
      timeZone: 'Asia/Shanghai',
      workingHours: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ],
    }),
  ],
  ['Berlin office', new BusinessCalendar({ timeZone: 'Europe/Berlin', holidays: ['2026-12-25'] })],
  [
    'Berlin night shift',
    new BusinessCalendar({
      timeZone: 'Europe/Berlin',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: [{ start: '00:00', end: '06:00' }],
    }),
  ],
  ['New York office', new BusinessCalendar({ timeZone: 'America/New_York' })],
  [
    'Santiago around the clock (DST skips midnight)',
    new BusinessCalendar({
      timeZone: 'America/Santiago',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: [{ start: '00:00', end: '24:00' }],
    }),
  ],
  [
    'Lord Howe Island early shift (30-minute DST)',
    new BusinessCalendar({
      timeZone: 'Australia/Lord_Howe',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: [{ start: '01:00', end: '03:00' }],
    }),
  ],
  ['24/7 preset', new BusinessCalendar(aroundTheClock24x7)],
  ['AroundTheClock', new AroundTheClock()],
];

describe.each(clocks)('%s: add and elapsed are inverses', (_name, clock) => {
  const next = random(20_260_101);
  const cases = Array.from({ length: 400 }, () => ({
    // Any instant of 2026 to the millisecond, working or not, and up to 60 working days of minutes.
    from: new Date(YEAR_2026 + Math.floor(next() * 365 * 24 * HOUR)),
    minutes: 1 + Math.floor(next() * 60 * 9 * 60),
  }));

  it('elapsed(from, add(from, d)) === d for any start', () => {
    const mismatches = cases.filter(
      ({ from, minutes }) => clock.elapsed(from, clock.add(from, { minutes })) !== minutes * MINUTE,
    );
    expect(mismatches).toEqual([]);
  });

  it('counting backwards is the mirror image', () => {
    const mismatches = cases.filter(
      ({ from, minutes }) =>
        clock.elapsed(from, clock.add(from, { minutes: -minutes })) !== -minutes * MINUTE,
    );
    expect(mismatches).toEqual([]);
  });

  it('a deadline reached by adding lands on counting time or the end of a range', () => {
    const stray = cases.filter(({ from, minutes }) => {
      const due = clock.add(from, { minutes });
      return !clock.isCounting(new Date(due.getTime() - 1));
    });
    expect(stray).toEqual([]);
  });

  it('adding more never gives an earlier deadline, and the sum adds up', () => {
    const broken = cases.filter(({ from, minutes }) => {
      const first = clock.add(from, { minutes });
      const twice = clock.add(first, { minutes });
      return twice < first || clock.elapsed(from, twice) !== 2 * minutes * MINUTE;
    });
    expect(broken).toEqual([]);
  });
});

describe('business days are whole working days of counted time', () => {
  const office = new BusinessCalendar({ timeZone: 'Asia/Shanghai' });
  const next = random(42);
  const cases = Array.from({ length: 400 }, () => ({
    from: office.nextWorkingMoment(new Date(YEAR_2026 + Math.floor(next() * 365 * 24 * HOUR))),
    days: 1 + Math.floor(next() * 60),
  }));

  it('from a working moment, n business days count n × 9 h and land at the same wall time', () => {
    const broken = cases.filter(({ from, days }) => {
      const due = office.add(from, { days });
      const sameWallTime = (due.getTime() - from.getTime()) % (24 * HOUR) === 0;
      return (
        office.elapsed(from, due) !== days * 9 * HOUR || !sameWallTime || !office.isCounting(due)
      );
    });
    expect(broken).toEqual([]);
  });

  it('going back the same number of days returns to the start', () => {
    const broken = cases.filter(
      ({ from, days }) =>
        office.add(office.add(from, { days }), { days: -days }).getTime() !== from.getTime(),
    );
    expect(broken).toEqual([]);
  });
});

describe('throughput', () => {
  it('computes 20,000 typical deadlines well within a second on one core', () => {
    const calendar = new BusinessCalendar(chinaMainland2026);
    const next = random(7);
    const froms = Array.from(
      { length: 20_000 },
      () => new Date(Date.parse('2026-09-01T00:00:00Z') + Math.floor(next() * 60 * 24 * HOUR)),
    );
    const started = performance.now();
    let latest = 0;
    for (const [i, from] of froms.entries()) {
      const due = calendar.add(from, i % 2 === 0 ? { days: 2 } : { hours: 24 });
      latest = Math.max(latest, due.getTime());
    }
    const tookMs = performance.now() - started;
    expect(latest).toBeGreaterThan(Date.parse('2026-10-01T00:00:00Z'));
    // Measured ~50 ms here; the bound leaves room for a busy shared machine.
    expect(tookMs).toBeLessThan(1000);
  });
});
