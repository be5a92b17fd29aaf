/** Milliseconds in one detection window: a civil day (see `AnalyticsPolicy.windows`). */
export const DAY_MS = 86_400_000;

/** One window as findings and the API show it: `[start, end)` as ISO instants. */
export interface WindowSpan {
  start: string;
  end: string;
}

/** A window with its number: local days since 1970-01-01 in the policy's time zone. */
export interface WindowBounds extends WindowSpan {
  index: number;
}

/**
 * Daily windows at a fixed offset from UTC. A fixed offset keeps placing an event in its window
 * one division (the replay of a million events cannot afford a time-zone database lookup each);
 * China Standard Time has had no daylight saving since 1991, so for the default zone it is exact.
 */
export class WindowClock {
  private readonly offsetMs: number;

  constructor(utcOffsetMinutes: number) {
    this.offsetMs = utcOffsetMinutes * 60_000;
  }

  /** The window holding the instant `ms` (epoch milliseconds). */
  indexOf(ms: number): number {
    return Math.floor((ms + this.offsetMs) / DAY_MS);
  }

  startMs(index: number): number {
    return index * DAY_MS - this.offsetMs;
  }

  bounds(index: number): WindowBounds {
    return {
      index,
      start: new Date(this.startMs(index)).toISOString(),
      end: new Date(this.startMs(index + 1)).toISOString(),
    };
  }

  /** The span from the start of window `first` to the end of window `last`. */
  span(first: number, last: number): WindowSpan {
    return {
      start: new Date(this.startMs(first)).toISOString(),
      end: new Date(this.startMs(last + 1)).toISOString(),
    };
  }

  /** 0 = Monday … 6 = Sunday; local day 0 (1970-01-01) was a Thursday. */
  static weekday(index: number): number {
    return (((index + 3) % 7) + 7) % 7;
  }
}

/** Epoch milliseconds of an ISO instant; `NaN` when it is not one. */
export function instantMs(value: string): number {
  return Date.parse(value);
}
