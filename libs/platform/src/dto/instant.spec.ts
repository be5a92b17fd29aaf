import fc from 'fast-check';
import { isDateTime } from '@redress/contracts';
import { MAX_INSTANT_LENGTH, toInstant } from './instant';

describe('toInstant', () => {
  it.each([
    ['2026-11-22', '2026-11-22T00:00:00.000Z'],
    ['2026-11-22T18:30:00+08:00', '2026-11-22T10:30:00.000Z'],
    ['2026-11-22t10:30:00.123456789z', '2026-11-22T10:30:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('reads %s as %s', (text, instant) => {
    expect(toInstant(text)).toBe(instant);
  });

  it.each([
    ['a week date', '2026-W10-1'],
    ['an ordinal date', '2026-100'],
    ['30 February', '2026-02-30'],
    ['29 February of a common year', '2026-02-29'],
    ['hour 24', '2026-11-22T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['no offset', '2026-11-22T18:30:00'],
    ['no seconds', '2026-11-22T18:30+08:00'],
    ['an offset past 23 hours', '2026-11-22T18:30:00+24:00'],
    ['a five-digit year after its offset', '9999-12-31T23:00:00-01:00'],
    ['a year before 0000 after its offset', '0000-01-01T00:00:00+01:00'],
    ['too long', `2026-11-22T18:30:00.${'1'.repeat(40)}Z`],
    ['text', 'yesterday'],
  ])('refuses %s', (_case, text) => {
    expect(toInstant(text)).toBeUndefined();
  });

  it('turns every text it accepts into a date-time the event schemas accept', () => {
    const pad = (width: number) => (n: number) => String(n).padStart(width, '0');
    const two = (max: number, min = 0) => fc.integer({ min, max }).map(pad(2));
    const text = fc
      .record({
        date: fc.tuple(fc.integer({ min: 0, max: 9999 }).map(pad(4)), two(12, 1), two(31, 1)),
        time: fc.option(fc.tuple(two(23), two(59), two(59))),
        fraction: fc.option(fc.integer({ min: 0, max: 999_999_999 }).map(String)),
        zone: fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), two(23), two(59))),
      })
      .map(({ date: [y, mo, d], time, fraction, zone }) => {
        if (!time) return `${y}-${mo}-${d}`;
        const offset = typeof zone === 'string' ? zone : `${zone[0]}${zone[1]}:${zone[2]}`;
        return `${y}-${mo}-${d}T${time.join(':')}${fraction ? `.${fraction}` : ''}${offset}`;
      });
    let accepted = 0;
    fc.assert(
      fc.property(text, (candidate) => {
        const instant = toInstant(candidate);
        expect(candidate.length).toBeLessThanOrEqual(MAX_INSTANT_LENGTH);
        if (instant === undefined) return;
        accepted += 1;
        expect(isDateTime(instant)).toBe(true);
        expect(Date.parse(instant)).not.toBeNaN();
      }),
      { seed: 42, numRuns: 1_000 },
    );
    expect(accepted).toBeGreaterThan(800);
  });
});
