import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export const IS_INSTANT = 'isInstant';

/**
 * RFC 3339: a full date (`2026-11-22`, midnight UTC) or a date-time with seconds and an offset
 * (`2026-11-22T18:30:00+08:00`, `…Z`, up to nine fraction digits). No quantifier is nested, so it
 * runs in linear time whatever it is given.
 */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2})))?$/;

/** The longest text `INSTANT` can match. */
export const MAX_INSTANT_LENGTH = 35;

/**
 * The instant a client's date or date-time stands for, as the ISO string every event carries
 * (`toISOString`, UTC, years 0000–9999), or undefined when the text is not one: an impossible
 * calendar date (30 February), hour 24, leap second 60, or an offset that moves it out of the
 * four-digit years. `@IsInstant()` accepts exactly the texts this converts, so a use case
 * converting an accepted value can never fail.
 */
export function toInstant(text: string): string | undefined {
  if (text.length > MAX_INSTANT_LENGTH) return undefined;
  const m = INSTANT.exec(text);
  if (!m) return undefined;
  const part = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [
    part(1),
    part(2),
    part(3),
    part(4),
    part(5),
    part(6),
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[9] !== undefined) {
    if (part(10) > 23 || part(11) > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (part(10) * 60 + part(11));
  }
  const millis = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute - offset, second, millis);
  const utcYear = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || utcYear < 0 || utcYear > 9999) return undefined;
  return at.toISOString();
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A date or date-time that `toInstant` converts (see there). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_INSTANT,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && toInstant(value) !== undefined,
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a date (2026-11-22) or an RFC 3339 date-time with seconds and an offset (2026-11-22T18:30:00+08:00)`,
          options,
        ),
      },
    },
    options,
  );
}
