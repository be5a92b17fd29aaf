import { DAY_MS } from './local-date';
import { HOUR_MS, MINUTE_MS } from './duration';

/** The source of "now". Services inject one so that tests move time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A string must carry its offset: a bare local time would depend on the test machine's zone. */
const INSTANT_WITH_ZONE = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

export function toInstant(at: Date | string, name = 'at'): number {
  if (typeof at === 'string') {
    if (!INSTANT_WITH_ZONE.test(at)) {
      throw new RangeError(`${name} must be an ISO 8601 instant with Z or an offset, got "${at}"`);
    }
    const ms = Date.parse(at);
    if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid instant: "${at}"`);
    return ms;
  }
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

export interface ClockAdvance {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/** A clock that stands still until a test moves it; `days` are plain 24 h. */
export class FixedClock implements Clock {
  private at: number;

  constructor(at: Date | string) {
    this.at = toInstant(at);
  }

  /** A fresh Date each call, so a caller mutating it cannot move the clock. */
  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): void {
    this.at = toInstant(at);
  }

  /** Moves forward only, like real time; use `set` to go back. Returns the new now. */
  advance(by: number | ClockAdvance): Date {
    const ms =
      typeof by === 'number'
        ? by
        : (by.days ?? 0) * DAY_MS +
          (by.hours ?? 0) * HOUR_MS +
          (by.minutes ?? 0) * MINUTE_MS +
          (by.seconds ?? 0) * 1000 +
          (by.milliseconds ?? 0);
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advance needs a finite, non-negative amount, got ${String(ms)} ms`);
    }
    this.at += Math.round(ms);
    return this.now();
  }
}
