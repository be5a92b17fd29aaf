import { DateTime } from 'luxon';
import { AroundTheClock } from './around-the-clock';
import { BusinessCalendar } from './business-calendar';
import type { Duration } from './duration';
import { aroundTheClock24x7, chinaMainland2026 } from './presets';

const ZONE = 'Asia/Shanghai';
const FORMAT = 'ccc yyyy-MM-dd HH:mm';
const HOUR = 3_600_000;

function local(text: string): Date {
  const dateTime = DateTime.fromFormat(text, FORMAT, { zone: ZONE, locale: 'en' });
  if (!dateTime.isValid) throw new Error(`bad test time "${text}": ${dateTime.invalidExplanation}`);
  return dateTime.toJSDate();
}

function show(at: Date): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).setLocale('en').toFormat(FORMAT);
}

const china = new BusinessCalendar(chinaMainland2026);

describe('chinaMainland2026 (国办发明电〔2025〕7号)', () => {
  it.each<[string, string, boolean]>([
    ['2026-01-01', 'Thu, 元旦', false],
    ['2026-01-02', 'Fri, 元旦', false],
    ['2026-01-04', 'Sun, 调休 for 元旦', true],
    ['2026-01-05', 'Mon, ordinary', true],
    ['2026-02-13', 'Fri, before 春节', true],
    ['2026-02-14', 'Sat, 调休 for 春节', true],
    ['2026-02-15', 'Sun, 春节', false],
    ['2026-02-16', 'Mon, 春节', false],
    ['2026-02-23', 'Mon, last day of 春节', false],
    ['2026-02-24', 'Tue, back to work', true],
    ['2026-02-28', 'Sat, 调休 for 春节', true],
    ['2026-03-01', 'Sun, ordinary weekend', false],
    ['2026-03-07', 'Sat, ordinary weekend', false],
    ['2026-04-06', 'Mon, 清明节', false],
    ['2026-04-07', 'Tue, ordinary', true],
    ['2026-05-01', 'Fri, 劳动节', false],
    ['2026-05-05', 'Tue, 劳动节', false],
    ['2026-05-06', 'Wed, ordinary', true],
    ['2026-05-09', 'Sat, 调休 for 劳动节', true],
    ['2026-05-10', 'Sun, ordinary weekend', false],
    ['2026-06-19', 'Fri, 端午节', false],
    ['2026-09-20', 'Sun, 调休 for 国庆节', true],
    ['2026-09-25', 'Fri, 中秋节', false],
    ['2026-09-28', 'Mon, ordinary', true],
    ['2026-10-01', 'Thu, 国庆节', false],
    ['2026-10-05', 'Mon, 国庆节', false],
    ['2026-10-07', 'Wed, 国庆节', false],
    ['2026-10-08', 'Thu, back to work', true],
    ['2026-10-10', 'Sat, 调休 for 国庆节', true],
    ['2026-10-11', 'Sun, ordinary weekend', false],
  ])('%s (%s) is a working day: %s', (date, _why, working) => {
    expect(china.isWorkingDay(date)).toBe(working);
  });

  it('lists every day of the notice: 33 days off and 6 swapped working days', () => {
    expect(chinaMainland2026.holidays).toHaveLength(33);
    expect(chinaMainland2026.workdays).toHaveLength(6);
    expect(new Set(chinaMainland2026.holidays).size).toBe(33);
  });

  it.each<[string, Duration, string]>([
    ['Fri 2026-02-13 17:00', { hours: 2 }, 'Sat 2026-02-14 10:00'],
    ['Sat 2026-02-14 17:00', { hours: 2 }, 'Tue 2026-02-24 10:00'],
    ['Fri 2026-02-13 17:00', { days: 1 }, 'Sat 2026-02-14 17:00'],
    ['Sat 2026-02-14 17:00', { days: 1 }, 'Tue 2026-02-24 17:00'],
    ['Sun 2026-02-15 10:00', { days: 1 }, 'Wed 2026-02-25 09:00'],
    ['Thu 2026-02-26 17:00', { days: 2 }, 'Sat 2026-02-28 17:00'],
    ['Fri 2026-04-03 17:00', { days: 1 }, 'Tue 2026-04-07 17:00'],
    ['Fri 2026-09-18 17:00', { days: 1 }, 'Sun 2026-09-20 17:00'],
    ['Thu 2026-09-24 17:00', { days: 1 }, 'Mon 2026-09-28 17:00'],
    ['Wed 2026-09-30 17:00', { days: 1 }, 'Thu 2026-10-08 17:00'],
    ['Wed 2026-09-30 17:00', { days: 3 }, 'Sat 2026-10-10 17:00'],
    ['Wed 2026-09-30 17:00', { days: 4 }, 'Mon 2026-10-12 17:00'],
    ['Wed 2026-09-30 17:00', { hours: 2 }, 'Thu 2026-10-08 10:00'],
    ['Wed 2025-12-31 17:00', { days: 1 }, 'Sun 2026-01-04 17:00'],
  ])('%s + %j = %s', (from, amount, expected) => {
    expect(show(china.add(local(from), amount))).toBe(expected);
  });

  it('stops the clock for the whole national-day week', () => {
    expect(china.elapsed(local('Wed 2026-09-30 09:00'), local('Fri 2026-10-09 09:00'))).toBe(
      18 * HOUR,
    );
  });

  it('registration within 1 business day (DOMAIN §1) of a Friday-evening complaint is due Monday', () => {
    const received = local('Fri 2026-03-06 17:00');
    expect(show(china.add(received, { days: 1 }))).toBe('Mon 2026-03-09 17:00');
  });

  it('is frozen, so no service can change the shared preset by accident', () => {
    expect(Object.isFrozen(chinaMainland2026)).toBe(true);
    expect(Object.isFrozen(chinaMainland2026.holidays)).toBe(true);
  });

  it('extends by configuration: a company day off on top of the national holidays', () => {
    const company = new BusinessCalendar({
      ...chinaMainland2026,
      holidays: [...(chinaMainland2026.holidays ?? []), '2026-12-31'],
    });
    expect(company.isWorkingDay('2026-12-31')).toBe(false);
    expect(company.isWorkingDay('2026-02-16')).toBe(false);
    expect(china.isWorkingDay('2026-12-31')).toBe(true);
  });
});

describe('aroundTheClock24x7', () => {
  const allDay = new BusinessCalendar(aroundTheClock24x7);
  const plain = new AroundTheClock();

  it.each<[string, Duration]>([
    ['2026-03-06T17:00:00Z', { hours: 2 }],
    ['2026-03-07T23:30:00Z', { minutes: 45 }],
    ['2026-10-01T00:00:00Z', { days: 3 }],
    ['2026-12-31T22:00:00Z', { days: 1, hours: 5 }],
    ['2026-03-09T10:00:00Z', { hours: -50 }],
  ])('counts %s + %j exactly like AroundTheClock', (from, amount) => {
    expect(allDay.add(new Date(from), amount).toISOString()).toBe(
      plain.add(new Date(from), amount).toISOString(),
    );
  });

  it('counts every millisecond and never stops', () => {
    const from = new Date('2026-03-06T17:00:00Z');
    const to = new Date('2026-03-09T17:00:00Z');
    expect(allDay.elapsed(from, to)).toBe(72 * HOUR);
    expect(allDay.isCounting(new Date('2026-03-08T00:00:00Z'))).toBe(true);
  });
});
