import type { BusinessCalendarConfig } from './calendar-config';

function dateRange(first: string, last: string): string[] {
  const dates: string[] = [];
  for (
    let day = Date.parse(`${first}T00:00:00Z`);
    day <= Date.parse(`${last}T00:00:00Z`);
    day += 86_400_000
  ) {
    dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}

/**
 * Mainland China, 2026: Asia/Shanghai, Monday to Friday 09:00–18:00, with the public holidays
 * and swapped working days (调休) of the State Council notice 国办发明电〔2025〕7号
 * (国务院办公厅关于2026年部分节假日安排的通知, 4 November 2025). Every day of each holiday
 * period is listed, weekends included, so that a calendar that also works Saturdays still
 * rests on them. It covers 2026 only: enterprises load next year's notice (and their own
 * hours and company days off) as configuration, e.g. `{ ...chinaMainland2026, holidays: [...] }`.
 */
export const chinaMainland2026: Readonly<BusinessCalendarConfig> = Object.freeze({
  name: 'CN mainland 2026 (国办发明电〔2025〕7号)',
  timeZone: 'Asia/Shanghai',
  workingDays: Object.freeze([1, 2, 3, 4, 5]),
  workingHours: Object.freeze([Object.freeze({ start: '09:00', end: '18:00' })]),
  holidays: Object.freeze([
    ...dateRange('2026-01-01', '2026-01-03'), // 元旦
    ...dateRange('2026-02-15', '2026-02-23'), // 春节
    ...dateRange('2026-04-04', '2026-04-06'), // 清明节
    ...dateRange('2026-05-01', '2026-05-05'), // 劳动节
    ...dateRange('2026-06-19', '2026-06-21'), // 端午节
    ...dateRange('2026-09-25', '2026-09-27'), // 中秋节
    ...dateRange('2026-10-01', '2026-10-07'), // 国庆节
  ]),
  workdays: Object.freeze([
    '2026-01-04', // Sunday, for 元旦
    '2026-02-14', // Saturday, for 春节
    '2026-02-28', // Saturday, for 春节
    '2026-05-09', // Saturday, for 劳动节
    '2026-09-20', // Sunday, for 国庆节
    '2026-10-10', // Saturday, for 国庆节
  ]),
});

/**
 * Every minute of every day counts, as a calendar config: for an enterprise that runs all its
 * clocks around the clock by configuration. In UTC it counts exactly like `AroundTheClock`.
 */
export const aroundTheClock24x7: Readonly<BusinessCalendarConfig> = Object.freeze({
  name: '24/7',
  timeZone: 'UTC',
  workingDays: Object.freeze([1, 2, 3, 4, 5, 6, 7]),
  workingHours: Object.freeze([Object.freeze({ start: '00:00', end: '24:00' })]),
  holidays: Object.freeze([]),
  workdays: Object.freeze([]),
});

/** The calendars a deployment can name instead of writing one out. */
export const CALENDAR_PRESETS: Readonly<Record<string, Readonly<BusinessCalendarConfig>>> =
  Object.freeze({
    'cn-mainland-2026': chinaMainland2026,
    '24x7': aroundTheClock24x7,
  });

/** The calendar a service uses when its configuration names none. */
export const DEFAULT_CALENDAR_PRESET = 'cn-mainland-2026';
