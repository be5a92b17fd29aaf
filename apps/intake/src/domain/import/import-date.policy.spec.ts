import fc from 'fast-check';
import { parseImportDate, type DateRules } from './import-date.policy';

const now = new Date('2026-12-05T00:00:00Z');
const shanghai: DateRules = { order: 'dmy', timeZone: 'Asia/Shanghai', now };
const monthFirst: DateRules = { ...shanghai, order: 'mdy' };

function instant(text: string, rules: DateRules = shanghai) {
  const parsed = parseImportDate(text, rules);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed;
}

describe('dates of an import', () => {
  it.each([
    ['2024-03-05T06:30:00Z', '2024-03-05T06:30:00.000Z'],
    ['2024-03-05T14:30:00+08:00', '2024-03-05T06:30:00.000Z'],
    ['2024-03-05T14:30:00.250+0800', '2024-03-05T06:30:00.250Z'],
    ['2024-03-05', '2024-03-04T16:00:00.000Z'],
    ['2024-03-05 14:30', '2024-03-05T06:30:00.000Z'],
    ['2024/03/05', '2024-03-04T16:00:00.000Z'],
    ['2024/3/5 9:05:07', '2024-03-05T01:05:07.000Z'],
    ['2024.03.05', '2024-03-04T16:00:00.000Z'],
    ['2024年3月5日', '2024-03-04T16:00:00.000Z'],
    ['2024年3月5日 14:30', '2024-03-05T06:30:00.000Z'],
    ['2024年3月5日14时30分', '2024-03-05T06:30:00.000Z'],
    ['24年3月5日', '2024-03-04T16:00:00.000Z'],
    ['２０２４－０３－０５', '2024-03-04T16:00:00.000Z'],
  ])('reads %s as %s (no zone: Asia/Shanghai), unambiguous', (text, expected) => {
    expect(instant(text)).toEqual({ ok: true, instant: expected, ambiguous: false });
  });

  it('resolves day and month by the import’s order when both could be a month, and says so', () => {
    expect(instant('05/03/2024')).toEqual({
      ok: true,
      instant: '2024-03-04T16:00:00.000Z',
      ambiguous: true,
    });
    expect(instant('05/03/2024', monthFirst)).toEqual({
      ok: true,
      instant: '2024-05-02T16:00:00.000Z',
      ambiguous: true,
    });
  });

  it.each([
    ['25/03/2024', '2024-03-24T16:00:00.000Z'],
    ['03/25/2024', '2024-03-24T16:00:00.000Z'],
    ['05-05-2024 08:00', '2024-05-05T00:00:00.000Z'],
  ])('a number above 12 (or the same number twice) settles %s whatever the order', (text, at) => {
    for (const rules of [shanghai, monthFirst]) {
      expect(instant(text, rules)).toEqual({ ok: true, instant: at, ambiguous: false });
    }
  });

  it.each([
    ['05/03/26', 2026],
    ['05/03/27', 1927],
    ['05/03/99', 1999],
    ['05/03/00', 2000],
  ])('places the two-digit year of %s in %i: the latest such year not after now', (text, y) => {
    // Midnight of 5 March in Shanghai is 4 March in UTC: the same year.
    expect(new Date(instant(text).instant).getUTCFullYear()).toBe(y);
  });

  it.each(['', 'yesterday', '2024-02-30', '31/31/2024', '2024-13-01', '2024-03-05 25:00', '5/3'])(
    'refuses %p with a reason',
    (text) => {
      const parsed = parseImportDate(text, shanghai);
      expect(parsed.ok).toBe(false);
    },
  );

  it('refuses a wall time that a daylight-saving change skips', () => {
    const parsed = parseImportDate('2024-03-10 02:30', {
      ...shanghai,
      timeZone: 'America/New_York',
    });
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining('does not exist') });
  });

  it('reads every day written day-first, month-first, year-first or in Chinese as the same instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2026-12-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (date, hour, minute) => {
          const y = date.getUTCFullYear();
          const m = date.getUTCMonth() + 1;
          const d = date.getUTCDate();
          const p = (n: number) => String(n).padStart(2, '0');
          const time = `${p(hour)}:${p(minute)}`;
          const iso = instant(`${y}-${p(m)}-${p(d)}T${time}`).instant;
          expect(instant(`${p(d)}/${p(m)}/${y} ${time}`).instant).toBe(iso);
          expect(instant(`${p(m)}/${p(d)}/${y} ${time}`, monthFirst).instant).toBe(iso);
          expect(instant(`${y}/${m}/${d} ${time}`).instant).toBe(iso);
          expect(instant(`${y}年${m}月${d}日 ${time}`).instant).toBe(iso);
          expect(instant(`${p(d)}.${p(m)}.${String(y).slice(2)} ${time}`).instant).toBe(iso);
        },
      ),
    );
  });

  it('counts a date as ambiguous exactly when day and month differ and are both 12 or less', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), (d, m) => {
        const parsed = instant(`${d}/${m}/2024`);
        expect(parsed.ambiguous).toBe(d <= 12 && d !== m);
      }),
    );
  });
});
