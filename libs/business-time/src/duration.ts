/** An amount of clock time. On a business calendar `days` means working days (see README). */
export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The parts of a duration checked and converted: whole days, and the rest in milliseconds. */
export interface DurationParts {
  days: number;
  ms: number;
}

/**
 * Fractional days are refused on both clocks: "1.5 business days" has no single reading (half
 * of which day's hours?), and a policy must mean the same thing on either clock.
 */
export function durationParts(amount: Duration): DurationParts {
  const days = amount.days ?? 0;
  const hours = amount.hours ?? 0;
  const minutes = amount.minutes ?? 0;
  for (const [name, value] of [
    ['days', days],
    ['hours', hours],
    ['minutes', minutes],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`duration.${name} must be a finite number, got ${String(value)}`);
    }
  }
  if (!Number.isInteger(days)) {
    throw new RangeError(
      `duration.days must be a whole number, got ${days}; use hours for fractions`,
    );
  }
  return { days, ms: Math.round(hours * HOUR_MS + minutes * MINUTE_MS) };
}

export function assertValidDate(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}
