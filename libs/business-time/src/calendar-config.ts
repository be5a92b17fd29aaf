import { IANAZone } from 'luxon';
import { parseLocalDate } from './local-date';

/** One span of working time in a working day, local wall-clock 'HH:mm'; `end` may be '24:00'. */
export interface WorkingHours {
  start: string;
  end: string;
}

/**
 * An enterprise's business calendar, loaded from configuration (DOMAIN: rules are tuned by
 * configuration, never code). Dates are local dates in `timeZone`.
 */
export interface BusinessCalendarConfig {
  /** Optional label for logs and admin screens, e.g. 'CN mainland 2026'. */
  name?: string;
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. Default Monday to Friday. */
  workingDays?: readonly number[];
  /** Default 09:00–18:00. Several ranges model a lunch break or split shifts. */
  workingHours?: readonly WorkingHours[];
  /** 'YYYY-MM-DD' days off even when they fall on a working weekday. */
  holidays?: readonly string[];
  /** 'YYYY-MM-DD' days worked even when they fall on a day off, e.g. China's 调休 Saturdays. */
  workdays?: readonly string[];
}

export const DEFAULT_WORKING_DAYS: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);
export const DEFAULT_WORKING_HOURS: readonly WorkingHours[] = Object.freeze([
  Object.freeze({ start: '09:00', end: '18:00' }),
]);

/** Thrown when a calendar is built from a config that `validateCalendarConfig` rejects. */
export class InvalidCalendarConfig extends Error {
  override readonly name = 'InvalidCalendarConfig';

  constructor(readonly problems: readonly string[]) {
    super(`invalid business calendar: ${problems.join('; ')}`);
  }
}

const KNOWN_FIELDS = new Set([
  'name',
  'timeZone',
  'workingDays',
  'workingHours',
  'holidays',
  'workdays',
]);
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight for 'HH:mm'; '24:00' only where `allowMidnightEnd`. */
export function parseTimeOfDay(value: string, allowMidnightEnd: boolean): number | null {
  if (allowMidnightEnd && value === '24:00') return 24 * 60;
  const match = TIME.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/**
 * Every problem in a calendar config, each naming its path (e.g. `workingHours[1].end: must be
 * after start`), so an API can answer 400 with the field at fault. Empty when valid.
 * `basePath` prefixes the paths when the calendar sits inside a larger document.
 */
export function validateCalendarConfig(config: unknown, basePath = ''): string[] {
  const at = (path: string): string =>
    basePath && path ? `${basePath}.${path}` : basePath || path;
  const problems: string[] = [];
  if (!isRecord(config)) return [`${at('') || 'calendar'}: must be an object`];

  for (const key of Object.keys(config)) {
    if (!KNOWN_FIELDS.has(key)) problems.push(`${at(key)}: unknown field`);
  }

  if (config.name !== undefined && typeof config.name !== 'string') {
    problems.push(`${at('name')}: must be a string`);
  }

  const timeZone = config.timeZone;
  if (timeZone === undefined)
    problems.push(`${at('timeZone')}: is required (an IANA zone such as Asia/Shanghai)`);
  else if (typeof timeZone !== 'string') problems.push(`${at('timeZone')}: must be a string`);
  else if (!IANAZone.isValidZone(timeZone)) {
    problems.push(`${at('timeZone')}: unknown IANA time zone ${show(timeZone)}`);
  }

  validateWorkingDays(config.workingDays, at('workingDays'), problems);
  validateWorkingHours(config.workingHours, at('workingHours'), problems);
  const holidays = validateDates(config.holidays, at('holidays'), problems);
  const workdays = validateDates(config.workdays, at('workdays'), problems);
  for (const [day, index] of workdays) {
    const holidayIndex = holidays.get(day);
    if (holidayIndex !== undefined) {
      problems.push(
        `${at('workdays')}[${index}]: is also listed in ${at('holidays')}[${holidayIndex}]; a date is either worked or off`,
      );
    }
  }
  return problems;
}

function validateWorkingDays(value: unknown, path: string, problems: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be an array of ISO weekdays (1 = Monday … 7 = Sunday)`);
    return;
  }
  // A calendar without a working weekday would make add() search forever.
  if (value.length === 0) problems.push(`${path}: must list at least one weekday`);
  const seen = new Map<number, number>();
  value.forEach((day: unknown, index) => {
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 7) {
      problems.push(
        `${path}[${index}]: must be an ISO weekday from 1 (Monday) to 7 (Sunday), got ${show(day)}`,
      );
      return;
    }
    const first = seen.get(day);
    if (first !== undefined) problems.push(`${path}[${index}]: duplicates ${path}[${first}]`);
    else seen.set(day, index);
  });
}

function validateWorkingHours(value: unknown, path: string, problems: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be an array of { start: 'HH:mm', end: 'HH:mm' }`);
    return;
  }
  if (value.length === 0) problems.push(`${path}: must list at least one range`);
  const ranges: Array<{ index: number; start: number; end: number }> = [];
  value.forEach((range: unknown, index) => {
    const here = `${path}[${index}]`;
    if (!isRecord(range)) {
      problems.push(`${here}: must be an object { start: 'HH:mm', end: 'HH:mm' }`);
      return;
    }
    for (const key of Object.keys(range)) {
      if (key !== 'start' && key !== 'end') problems.push(`${here}.${key}: unknown field`);
    }
    const start = typeof range.start === 'string' ? parseTimeOfDay(range.start, false) : null;
    const end = typeof range.end === 'string' ? parseTimeOfDay(range.end, true) : null;
    if (start === null) {
      problems.push(
        `${here}.start: must be a local time 'HH:mm' from 00:00 to 23:59, got ${show(range.start)}`,
      );
    }
    if (end === null) {
      problems.push(
        `${here}.end: must be a local time 'HH:mm' from 00:01 to 24:00, got ${show(range.end)}`,
      );
    }
    if (start === null || end === null) return;
    if (end <= start) {
      problems.push(`${here}.end: must be after start (${String(range.start)})`);
      return;
    }
    ranges.push({ index, start, end });
  });
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.index - b.index);
  let reach: { index: number; end: number } | undefined;
  for (const current of sorted) {
    // Touching ranges (09:00–12:00 then 12:00–18:00) are fine; sharing a minute is not.
    if (reach && current.start < reach.end) {
      const first = Math.min(reach.index, current.index);
      const second = Math.max(reach.index, current.index);
      problems.push(`${path}[${second}]: overlaps ${path}[${first}]`);
    }
    if (!reach || current.end > reach.end) reach = { index: current.index, end: current.end };
  }
}

/** Returns each valid date's day number with the index where it first appears. */
function validateDates(value: unknown, path: string, problems: string[]): Map<number, number> {
  const days = new Map<number, number>();
  if (value === undefined) return days;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be an array of local dates 'YYYY-MM-DD'`);
    return days;
  }
  value.forEach((date: unknown, index) => {
    const day = typeof date === 'string' ? parseLocalDate(date) : null;
    if (day === null) {
      problems.push(`${path}[${index}]: must be a calendar date 'YYYY-MM-DD', got ${show(date)}`);
    } else if (!days.has(day)) {
      days.set(day, index);
    }
  });
  return days;
}
