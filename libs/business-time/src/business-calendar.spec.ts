import { DateTime } from 'luxon';
import {
  addBusinessDays,
  addBusinessHours,
  BusinessCalendar,
  elapsedBusinessTime,
  isWorkingDay,
  nextWorkingMoment,
} from './business-calendar';
import type { Duration } from './duration';

const ZONE = 'Asia/Shanghai';
const FORMAT = 'ccc yyyy-MM-dd HH:mm';
const HOUR = 3_600_000;

/** 'Fri 2026-03-06 17:00' in the calendar's zone; the weekday is checked, so tables cannot lie. */
function local(text: string, zone = ZONE): Date {
  const dateTime = DateTime.fromFormat(text, FORMAT, { zone, locale: 'en' });
  if (!dateTime.isValid) throw new Error(`bad test time "${text}": ${dateTime.invalidExplanation}`);
  return dateTime.toJSDate();
}

function show(at: Date, zone = ZONE): string {
  return DateTime.fromJSDate(at, { zone }).setLocale('en').toFormat(FORMAT);
}

// March 2026 in Shanghai: Mon 2 … Fri 6, Sat 7, Sun 8, Mon 9; no public holiday.
const office = new BusinessCalendar({ timeZone: ZONE });
const withLunch = new BusinessCalendar({
  timeZone: ZONE,
  // Given afternoon first on purpose: order in the config does not matter.
  workingHours: [
    { start: '13:30', end: '18:00' },
    { start: '09:00', end: '12:00' },
  ],
});

describe('BusinessCalendar: adding business hours', () => {
  it.each<[string, Duration, string]>([
    ['Mon 2026-03-02 10:00', { hours: 2 }, 'Mon 2026-03-02 12:00'],
    ['Mon 2026-03-02 17:00', { hours: 2 }, 'Tue 2026-03-03 10:00'],
    ['Fri 2026-03-06 17:00', { hours: 2 }, 'Mon 2026-03-09 10:00'],
    ['Fri 2026-03-06 20:00', { hours: 1 }, 'Mon 2026-03-09 10:00'],
    ['Sat 2026-03-07 12:00', { hours: 1 }, 'Mon 2026-03-09 10:00'],
    ['Sun 2026-03-08 23:59', { minutes: 1 }, 'Mon 2026-03-09 09:01'],
    ['Mon 2026-03-02 07:30', { hours: 1 }, 'Mon 2026-03-02 10:00'],
    ['Mon 2026-03-02 08:59', { minutes: 1 }, 'Mon 2026-03-02 09:01'],
    ['Mon 2026-03-02 09:00', { hours: 9 }, 'Mon 2026-03-02 18:00'],
    ['Mon 2026-03-02 17:59', { minutes: 1 }, 'Mon 2026-03-02 18:00'],
    ['Mon 2026-03-02 18:00', { minutes: 1 }, 'Tue 2026-03-03 09:01'],
    ['Mon 2026-03-02 07:00', { hours: 9 }, 'Mon 2026-03-02 18:00'],
    ['Mon 2026-03-02 10:00', { hours: 27 }, 'Thu 2026-03-05 10:00'],
    ['Wed 2026-03-04 10:00', { hours: 45 }, 'Wed 2026-03-11 10:00'],
    ['Fri 2026-03-06 09:00', { hours: 18 }, 'Mon 2026-03-09 18:00'],
    ['Mon 2026-03-02 10:00', { minutes: 90 }, 'Mon 2026-03-02 11:30'],
    ['Mon 2026-03-02 10:00', { hours: 0.5 }, 'Mon 2026-03-02 10:30'],
    ['Mon 2026-03-02 17:30', { hours: 1, minutes: 30 }, 'Tue 2026-03-03 10:00'],
  ])('%s + %j = %s', (from, amount, expected) => {
    expect(show(office.add(local(from), amount))).toBe(expected);
  });

  it.each<[string, Duration]>([
    ['Mon 2026-03-02 10:00', {}],
    ['Sat 2026-03-07 12:00', { hours: 0 }],
    ['Mon 2026-03-02 18:00', { days: 0, minutes: 0 }],
  ])('returns %s unchanged for the zero amount %j', (from, amount) => {
    expect(office.add(local(from), amount).getTime()).toBe(local(from).getTime());
  });

  it('keeps milliseconds of the start', () => {
    const from = new Date(local('Mon 2026-03-02 10:00').getTime() + 1234);
    expect(office.add(from, { hours: 1 }).getTime() - from.getTime()).toBe(HOUR);
  });
});

describe('BusinessCalendar: adding business days', () => {
  it.each<[string, Duration, string]>([
    ['Mon 2026-03-02 10:00', { days: 1 }, 'Tue 2026-03-03 10:00'],
    ['Fri 2026-03-06 17:00', { days: 1 }, 'Mon 2026-03-09 17:00'],
    ['Fri 2026-03-06 17:59', { days: 1 }, 'Mon 2026-03-09 17:59'],
    ['Fri 2026-03-06 18:00', { days: 1 }, 'Tue 2026-03-10 09:00'],
    ['Sat 2026-03-07 12:00', { days: 1 }, 'Tue 2026-03-10 09:00'],
    ['Sun 2026-03-08 23:00', { days: 1 }, 'Tue 2026-03-10 09:00'],
    ['Mon 2026-03-02 07:00', { days: 1 }, 'Tue 2026-03-03 09:00'],
    ['Mon 2026-03-02 09:00', { days: 2 }, 'Wed 2026-03-04 09:00'],
    ['Thu 2026-03-05 10:00', { days: 5 }, 'Thu 2026-03-12 10:00'],
    ['Mon 2026-03-02 10:00', { days: 10 }, 'Mon 2026-03-16 10:00'],
    ['Mon 2026-03-02 10:00', { days: 60 }, 'Mon 2026-05-25 10:00'],
    ['Fri 2026-03-06 17:00', { days: 1, hours: 2 }, 'Tue 2026-03-10 10:00'],
    ['Fri 2026-03-06 17:00', { days: 2, minutes: 30 }, 'Tue 2026-03-10 17:30'],
    ['Sat 2026-03-07 12:00', { days: 1, hours: 9 }, 'Tue 2026-03-10 18:00'],
  ])('%s + %j = %s', (from, amount, expected) => {
    expect(show(office.add(local(from), amount))).toBe(expected);
  });

  it('makes one business day equal to one working day of counted time', () => {
    const from = local('Fri 2026-03-06 17:00');
    expect(office.elapsed(from, office.add(from, { days: 1 }))).toBe(9 * HOUR);
    expect(office.elapsed(from, office.add(from, { days: 7 }))).toBe(7 * 9 * HOUR);
  });

  it('rejects fractional days', () => {
    expect(() => office.add(local('Mon 2026-03-02 10:00'), { days: 1.5 })).toThrow(
      'duration.days must be a whole number',
    );
  });
});

describe('BusinessCalendar: counting backwards', () => {
  it.each<[string, Duration, string]>([
    ['Mon 2026-03-09 10:00', { hours: -2 }, 'Fri 2026-03-06 17:00'],
    ['Mon 2026-03-09 09:00', { hours: -1 }, 'Fri 2026-03-06 17:00'],
    ['Sat 2026-03-07 12:00', { minutes: -30 }, 'Fri 2026-03-06 17:30'],
    ['Tue 2026-03-03 09:00', { hours: -9 }, 'Mon 2026-03-02 09:00'],
    ['Mon 2026-03-09 17:00', { days: -1 }, 'Fri 2026-03-06 17:00'],
    ['Sat 2026-03-07 12:00', { days: -1 }, 'Thu 2026-03-05 18:00'],
    ['Tue 2026-03-10 09:00', { days: -1 }, 'Mon 2026-03-09 09:00'],
    ['Mon 2026-03-09 18:00', { days: -1 }, 'Fri 2026-03-06 18:00'],
    ['Mon 2026-03-09 07:00', { days: -1 }, 'Thu 2026-03-05 18:00'],
  ])('%s + %j = %s', (from, amount, expected) => {
    expect(show(office.add(local(from), amount))).toBe(expected);
  });

  it('undoes a forward add of business hours', () => {
    const from = local('Fri 2026-03-06 16:15');
    const due = office.add(from, { hours: 20 });
    expect(office.add(due, { hours: -20 }).getTime()).toBe(from.getTime());
  });
});

describe('BusinessCalendar: a lunch break', () => {
  it.each<[string, Duration, string]>([
    ['Mon 2026-03-02 11:00', { hours: 1 }, 'Mon 2026-03-02 12:00'],
    ['Mon 2026-03-02 11:00', { hours: 2 }, 'Mon 2026-03-02 14:30'],
    ['Mon 2026-03-02 12:30', { hours: 1 }, 'Mon 2026-03-02 14:30'],
    ['Mon 2026-03-02 12:00', { minutes: 1 }, 'Mon 2026-03-02 13:31'],
    ['Mon 2026-03-02 09:00', { hours: 7.5 }, 'Mon 2026-03-02 18:00'],
    ['Mon 2026-03-02 17:00', { hours: 2 }, 'Tue 2026-03-03 10:00'],
    ['Mon 2026-03-02 11:00', { days: 1 }, 'Tue 2026-03-03 11:00'],
    ['Mon 2026-03-02 12:45', { days: 1 }, 'Tue 2026-03-03 13:30'],
    ['Mon 2026-03-02 14:00', { hours: -1 }, 'Mon 2026-03-02 11:30'],
  ])('%s + %j = %s', (from, amount, expected) => {
    expect(show(withLunch.add(local(from), amount))).toBe(expected);
  });

  it('does not count the break in elapsed time', () => {
    expect(withLunch.elapsed(local('Mon 2026-03-02 11:00'), local('Mon 2026-03-02 14:00'))).toBe(
      1.5 * HOUR,
    );
    expect(withLunch.elapsed(local('Mon 2026-03-02 00:00'), local('Tue 2026-03-03 00:00'))).toBe(
      7.5 * HOUR,
    );
  });

  it.each([
    ['Mon 2026-03-02 11:59', true],
    ['Mon 2026-03-02 12:00', false],
    ['Mon 2026-03-02 13:29', false],
    ['Mon 2026-03-02 13:30', true],
  ])('is counting at %s: %s', (at, counting) => {
    expect(withLunch.isCounting(local(at))).toBe(counting);
  });

  it('treats touching ranges as one stretch of work', () => {
    const split = new BusinessCalendar({
      timeZone: ZONE,
      workingHours: [
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '18:00' },
      ],
    });
    expect(show(split.add(local('Mon 2026-03-02 11:00'), { hours: 1 }))).toBe(
      'Mon 2026-03-02 12:00',
    );
    expect(show(split.add(local('Mon 2026-03-02 11:00'), { hours: 2 }))).toBe(
      'Mon 2026-03-02 13:00',
    );
    expect(split.isCounting(local('Mon 2026-03-02 12:00'))).toBe(true);
  });
});

describe('BusinessCalendar: elapsed business time', () => {
  it.each<[string, string, number]>([
    ['Fri 2026-03-06 17:00', 'Mon 2026-03-09 10:00', 2 * HOUR],
    ['Sat 2026-03-07 00:00', 'Mon 2026-03-09 00:00', 0],
    ['Mon 2026-03-02 10:00', 'Mon 2026-03-02 10:00', 0],
    ['Mon 2026-03-02 10:00', 'Fri 2026-02-27 17:00', -2 * HOUR],
    ['Mon 2026-03-02 00:00', 'Mon 2026-03-09 00:00', 45 * HOUR],
    ['Mon 2026-03-02 08:00', 'Mon 2026-03-02 09:00', 0],
    ['Mon 2026-03-02 17:30', 'Mon 2026-03-02 23:00', 0.5 * HOUR],
    ['Mon 2026-03-02 09:00', 'Mon 2026-05-25 09:00', 60 * 9 * HOUR],
  ])('from %s to %s is %d ms', (from, to, expected) => {
    expect(office.elapsed(local(from), local(to))).toBe(expected);
  });
});

describe('BusinessCalendar: when the clock runs', () => {
  const monday9 = local('Mon 2026-03-02 09:00').getTime();
  const monday18 = local('Mon 2026-03-02 18:00').getTime();

  it.each<[string, number, boolean]>([
    ['opening time', monday9, true],
    ['the last millisecond before opening', monday9 - 1, false],
    ['the last millisecond before closing', monday18 - 1, true],
    ['closing time', monday18, false],
    ['a Saturday noon', local('Sat 2026-03-07 12:00').getTime(), false],
  ])('at %s: %s', (_name, at, counting) => {
    expect(office.isCounting(new Date(at))).toBe(counting);
  });

  it.each([
    ['Mon 2026-03-02 10:00', 'Mon 2026-03-02 10:00'],
    ['Mon 2026-03-02 09:00', 'Mon 2026-03-02 09:00'],
    ['Mon 2026-03-02 18:00', 'Tue 2026-03-03 09:00'],
    ['Fri 2026-03-06 19:00', 'Mon 2026-03-09 09:00'],
    ['Sun 2026-03-08 08:00', 'Mon 2026-03-09 09:00'],
  ])('the next working moment after %s is %s', (at, expected) => {
    expect(show(office.nextWorkingMoment(local(at)))).toBe(expected);
  });

  it('counts a Saturday when the enterprise works six days', () => {
    const sixDays = new BusinessCalendar({ timeZone: ZONE, workingDays: [1, 2, 3, 4, 5, 6] });
    expect(show(sixDays.add(local('Fri 2026-03-06 17:00'), { hours: 2 }))).toBe(
      'Sat 2026-03-07 10:00',
    );
    expect(show(sixDays.add(local('Sat 2026-03-07 17:00'), { days: 1 }))).toBe(
      'Mon 2026-03-09 17:00',
    );
  });

  it('tells the local date of an instant in its own zone', () => {
    expect(office.localDate(new Date('2026-03-06T16:30:00Z'))).toBe('2026-03-07');
    expect(office.timeZone).toBe(ZONE);
  });
});

describe('function helpers', () => {
  const holidayMonday = new BusinessCalendar({ timeZone: ZONE, holidays: ['2026-03-09'] });

  it('add hours and days, measure elapsed time, and answer day and moment questions', () => {
    const friday17 = local('Fri 2026-03-06 17:00');
    expect(show(addBusinessHours(holidayMonday, friday17, 2))).toBe('Tue 2026-03-10 10:00');
    expect(show(addBusinessDays(holidayMonday, friday17, 1))).toBe('Tue 2026-03-10 17:00');
    expect(elapsedBusinessTime(holidayMonday, friday17, local('Tue 2026-03-10 10:00'))).toBe(
      2 * HOUR,
    );
    expect(isWorkingDay(holidayMonday, '2026-03-09')).toBe(false);
    expect(isWorkingDay(holidayMonday, '2026-03-10')).toBe(true);
    expect(show(nextWorkingMoment(holidayMonday, friday17))).toBe('Fri 2026-03-06 17:00');
    expect(show(nextWorkingMoment(holidayMonday, local('Sat 2026-03-07 09:00')))).toBe(
      'Tue 2026-03-10 09:00',
    );
  });
});

describe('BusinessCalendar: bad input', () => {
  it.each<[string, () => unknown]>([
    ['an invalid start', () => office.add(new Date(Number.NaN), { hours: 1 })],
    ['an infinite amount', () => office.add(new Date(), { hours: Number.POSITIVE_INFINITY })],
    ['an invalid end', () => office.elapsed(new Date(), new Date('nonsense'))],
    ['an invalid instant to check', () => office.isCounting(new Date(Number.NaN))],
    ['a malformed local date', () => office.isWorkingDay('2026-3-9')],
    ['an impossible local date', () => office.isWorkingDay('2026-02-29')],
  ])('throws RangeError for %s', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});
