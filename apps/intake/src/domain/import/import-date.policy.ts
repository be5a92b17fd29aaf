import { DateTime, IANAZone } from 'luxon';

/**
 * Dates as historical exports write them, several formats in one column (issue 14):
 *
 * - ISO 8601 / RFC 3339: `2024-03-05`, `2024-03-05T14:30`, `2024-03-05 14:30:00`,
 *   `2024-03-05T06:30:00Z`, `…+08:00`; year first is never ambiguous, with `-`, `/` or `.`
 *   (`2024/03/05`, `2024.3.5 14:30`).
 * - Day and month first: `05/03/2024`, `5-3-24`, `05.03.2024 14:30` — `dateOrder` decides
 *   between day-first (`dmy`, the default) and month-first (`mdy`) when both numbers could be a
 *   month; a number above 12 settles it whatever the order (`25/03/2024` is 25 March,
 *   `03/25/2024` is 25 March too), and equal numbers need no rule. Resolved by the order, the
 *   date counts as `ambiguous`.
 * - Chinese: `2024年3月5日`, `24年3月5日 14:30`, `2024年3月5日14时30分`.
 * - Two-digit years: the latest year ending in those digits that is not after `now`'s year
 *   (in 2026, `26` is 2026, `27` is 1927): these are dates the company has already seen.
 * - A time without a zone is wall time in `timeZone`; a date without a time is midnight there.
 */
export type DateOrder = 'dmy' | 'mdy';

export const DATE_ORDERS: readonly DateOrder[] = ['dmy', 'mdy'];

export interface DateRules {
  order: DateOrder;
  /** An IANA zone (`Asia/Shanghai`). */
  timeZone: string;
  /** The import's clock: it places two-digit years. */
  now: Date;
}

export type ParsedDate =
  { ok: true; instant: string; ambiguous: boolean } | { ok: false; reason: string };

const timeOfDay = (separator: string) =>
  String.raw`(?:${separator}(\d{1,2})(?::|时)(\d{2})(?:(?::|分)(\d{2})(?:[.,](\d{1,9}))?)?(?:秒|分)?)?`;
const TIME = timeOfDay(String.raw`[T\s]+`);
const ZONE = String.raw`\s*(Z|[+-]\d{2}(?::?\d{2})?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}${ZONE}$`, 'i');
const YEAR_LAST = new RegExp(
  String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${TIME}${ZONE}$`,
  'i',
);
const CHINESE = new RegExp(
  String.raw`^(\d{4}|\d{2})年(\d{1,2})月(\d{1,2})日${timeOfDay(String.raw`\s*`)}$`,
);

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function parseImportDate(text: string, rules: DateRules): ParsedDate {
  const value = text.normalize('NFKC').trim();
  if (value === '') return { ok: false, reason: 'is empty' };
  let match = YEAR_FIRST.exec(value);
  if (match) {
    const [, y, , mo, d, ...rest] = match;
    return build(rules, { year: num(y), month: num(mo), day: num(d) }, rest, false);
  }
  match = CHINESE.exec(value);
  if (match) {
    const [, y, mo, d, ...rest] = match;
    return build(rules, { year: year(y, rules.now), month: num(mo), day: num(d) }, rest, false);
  }
  match = YEAR_LAST.exec(value);
  if (match) {
    const [, first, , second, y, ...rest] = match;
    const a = num(first);
    const b = num(second);
    const bothMonths = a <= 12 && b <= 12;
    if (a > 12 && b > 12) return { ok: false, reason: `has no month in "${value}"` };
    const dayFirst = a > 12 || (bothMonths && rules.order === 'dmy');
    return build(
      rules,
      { year: year(y, rules.now), month: dayFirst ? b : a, day: dayFirst ? a : b },
      rest,
      bothMonths && a !== b,
    );
  }
  return {
    ok: false,
    reason:
      'is not a date in a known format (ISO 8601, YYYY/MM/DD, DD/MM/YYYY, MM/DD/YYYY, YYYY年M月D日, with or without a time)',
  };
}

function build(
  rules: DateRules,
  day: { year: number; month: number; day: number },
  [hour, minute, second, fraction, zone]: (string | undefined)[],
  ambiguous: boolean,
): ParsedDate {
  const time = {
    hour: hour === undefined ? 0 : num(hour),
    minute: minute === undefined ? 0 : num(minute),
    second: second === undefined ? 0 : num(second),
    millisecond: fraction === undefined ? 0 : Math.floor(num(fraction.padEnd(3, '0').slice(0, 3))),
  };
  const at = DateTime.fromObject(
    { ...day, ...time },
    { zone: zone === undefined ? rules.timeZone : offsetZone(zone) },
  );
  if (!at.isValid) return { ok: false, reason: 'is not a day and time that exists' };
  // A wall time skipped by a daylight-saving change would be moved silently by an hour.
  if (at.hour !== time.hour || at.minute !== time.minute || at.day !== day.day) {
    return { ok: false, reason: `is a time that does not exist in ${rules.timeZone}` };
  }
  return { ok: true, instant: at.toUTC().toISO() ?? '', ambiguous };
}

function offsetZone(zone: string): string {
  if (zone.toUpperCase() === 'Z') return 'UTC';
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
  return `UTC${sign ?? '+'}${hh ?? '00'}:${mm ?? '00'}`;
}

/** Two digits: the latest year ending in them that is not after now's year (a past date). */
function year(text: string | undefined, now: Date): number {
  const value = num(text);
  if ((text ?? '').length > 2) return value;
  const current = now.getUTCFullYear();
  const candidate = current - (current % 100) + value;
  return candidate > current ? candidate - 100 : candidate;
}

function num(text: string | undefined): number {
  return Number.parseInt(text ?? '', 10);
}
