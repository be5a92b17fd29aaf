import { DateTime, IANAZone } from 'luxon';
import {
  DEFAULT_WORKING_DAYS,
  DEFAULT_WORKING_HOURS,
  InvalidCalendarConfig,
  parseTimeOfDay,
  validateCalendarConfig,
  type BusinessCalendarConfig,
  type WorkingHours,
} from './calendar-config';
import { assertValidDate, durationParts, HOUR_MS, type Duration } from './duration';
import {
  DAY_MS,
  dayParts,
  formatLocalDate,
  isoWeekday,
  parseLocalDate,
  type DayNumber,
} from './local-date';
import type { WorkClock } from './work-clock';

/** A calendar with its defaults filled in, as the calendar actually uses it. */
export interface ResolvedCalendarConfig {
  readonly name?: string;
  readonly timeZone: string;
  readonly workingDays: readonly number[];
  readonly workingHours: readonly WorkingHours[];
  readonly holidays: readonly string[];
  readonly workdays: readonly string[];
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** One local day, resolved to UTC instants once and then cached. */
interface DayPlan {
  readonly day: DayNumber;
  /** Instant of local midnight (or of the first local minute, if a DST change skips midnight). */
  readonly start: number;
  readonly end: number;
  /**
   * The configured working ranges in order of start, empty on a day off. On a working day the
   * array always holds one entry per configured range, even one that a DST gap shrank to zero,
   * so that range `i` means the same wall-clock span on every working day.
   */
  readonly ranges: readonly Range[];
  readonly workMs: number;
}

const NO_RANGES: readonly Range[] = Object.freeze([]);
/** Bounds the plan cache (~55 years of days); deadlines touch a few recent weeks in practice. */
const MAX_CACHED_DAYS = 20_000;
/**
 * A valid calendar always has a working weekday, so only a decade of listed holidays could
 * exhaust this; failing loudly beats looping for ever.
 */
const MAX_DAYS_WITHOUT_WORK = 3_660;

/**
 * A business calendar (ARCHITECTURE "Time"): time counts only inside the working ranges of
 * working days, in the calendar's own time zone. Inputs and outputs are UTC instants (`Date`).
 * See the README for the exact meaning of hours and days.
 */
export class BusinessCalendar implements WorkClock {
  readonly kind = 'business' as const;
  readonly config: ResolvedCalendarConfig;

  private readonly zone: IANAZone;
  private readonly weekdayWorks: readonly boolean[];
  /** Configured ranges as [start, end) milliseconds of the local wall-clock day, sorted. */
  private readonly wallRanges: ReadonlyArray<readonly [number, number]>;
  private readonly holidays: ReadonlySet<DayNumber>;
  private readonly workdays: ReadonlySet<DayNumber>;
  private readonly plans = new Map<DayNumber, DayPlan>();
  /** Offset of the last day looked up; a good first guess for the next instant's local day. */
  private offsetHint: number | undefined;

  /** Throws `InvalidCalendarConfig` listing every problem `validateCalendarConfig` finds. */
  constructor(config: BusinessCalendarConfig) {
    const problems = validateCalendarConfig(config);
    if (problems.length > 0) throw new InvalidCalendarConfig(problems);

    const workingDays = [...(config.workingDays ?? DEFAULT_WORKING_DAYS)].sort((a, b) => a - b);
    const workingHours = (config.workingHours ?? DEFAULT_WORKING_HOURS)
      .map((range) => ({ start: range.start, end: range.end }))
      .sort((a, b) => a.start.localeCompare(b.start));
    this.config = Object.freeze({
      ...(config.name === undefined ? {} : { name: config.name }),
      timeZone: config.timeZone,
      workingDays: Object.freeze(workingDays),
      workingHours: Object.freeze(workingHours.map((range) => Object.freeze(range))),
      holidays: Object.freeze([...(config.holidays ?? [])]),
      workdays: Object.freeze([...(config.workdays ?? [])]),
    });

    this.zone = IANAZone.create(config.timeZone);
    this.weekdayWorks = Array.from({ length: 8 }, (_, weekday) => workingDays.includes(weekday));
    this.wallRanges = workingHours.map(
      (range) =>
        [minutesOf(range.start, false) * 60_000, minutesOf(range.end, true) * 60_000] as const,
    );
    this.holidays = new Set(this.config.holidays.map(dayNumberOf));
    this.workdays = new Set(this.config.workdays.map(dayNumberOf));
  }

  /** Validates a config read from outside (JSON, a database row) and builds the calendar. */
  static fromConfig(config: unknown): BusinessCalendar {
    // The constructor validates at run time whatever its static type says.
    return new BusinessCalendar(config as BusinessCalendarConfig);
  }

  get timeZone(): string {
    return this.config.timeZone;
  }

  /**
   * Hours and minutes count working time only; days move to the same wall-clock time on the
   * n-th following working day. Days are added first, then hours and minutes. Negative amounts
   * count backwards, the mirror image of counting forwards. A zero amount returns `from`.
   */
  add(from: Date, amount: Duration): Date {
    let at = assertValidDate(from, 'from');
    const { days, ms } = durationParts(amount);
    if (days > 0) at = this.forwardDays(at, days);
    else if (days < 0) at = this.backwardDays(at, -days);
    if (ms > 0) at = this.forwardWork(at, ms);
    else if (ms < 0) at = this.backwardWork(at, -ms);
    return new Date(at);
  }

  elapsed(from: Date, to: Date): number {
    const a = assertValidDate(from, 'from');
    const b = assertValidDate(to, 'to');
    return b >= a ? this.workBetween(a, b) : -this.workBetween(b, a);
  }

  /** Working ranges are half-open: 09:00 counts, 18:00 does not. */
  isCounting(at: Date): boolean {
    const t = assertValidDate(at, 'at');
    for (const range of this.planAt(t).ranges) {
      if (range.start <= t && t < range.end) return true;
    }
    return false;
  }

  /** `at` itself when the clock is running, else the start of the next working range. */
  nextWorkingMoment(at: Date): Date {
    return new Date(this.nextWorking(assertValidDate(at, 'at')).at);
  }

  /** Whether a local date 'YYYY-MM-DD' is a working day (workdays win over everything). */
  isWorkingDay(localDate: string): boolean {
    const day = parseLocalDate(localDate);
    if (day === null) throw new RangeError(`localDate must be 'YYYY-MM-DD', got "${localDate}"`);
    return this.worksOn(day);
  }

  /** The local date 'YYYY-MM-DD' of an instant in the calendar's zone. */
  localDate(at: Date): string {
    return formatLocalDate(this.planAt(assertValidDate(at, 'at')).day);
  }

  private worksOn(day: DayNumber): boolean {
    if (this.workdays.has(day)) return true;
    return this.weekdayWorks[isoWeekday(day)] === true && !this.holidays.has(day);
  }

  private forwardWork(from: number, ms: number): number {
    let remaining = ms;
    let plan = this.planAt(from);
    let idleDays = 0;
    for (;;) {
      for (const range of plan.ranges) {
        if (range.end <= from) continue;
        const start = Math.max(range.start, from);
        const available = range.end - start;
        // `<=`: a deadline that uses up a range exactly stays at its end, not the next morning.
        if (remaining <= available) return start + remaining;
        remaining -= available;
      }
      idleDays = plan.workMs > 0 ? 0 : idleDays + 1;
      this.assertProgress(idleDays, from);
      plan = this.plan(plan.day + 1);
    }
  }

  private backwardWork(from: number, ms: number): number {
    let remaining = ms;
    let plan = this.planAt(from);
    let idleDays = 0;
    for (;;) {
      for (let i = plan.ranges.length - 1; i >= 0; i--) {
        const range = plan.ranges[i];
        if (!range || range.start >= from) continue;
        const end = Math.min(range.end, from);
        const available = end - range.start;
        if (remaining <= available) return end - remaining;
        remaining -= available;
      }
      idleDays = plan.workMs > 0 ? 0 : idleDays + 1;
      this.assertProgress(idleDays, from);
      plan = this.plan(plan.day - 1);
    }
  }

  private forwardDays(from: number, days: number): number {
    const start = this.nextWorking(from);
    return this.sameWallTime(start, this.workingDayAfter(start.plan.day, days, 1, from));
  }

  private backwardDays(from: number, days: number): number {
    const start = this.previousWorking(from);
    return this.sameWallTime(start, this.workingDayAfter(start.plan.day, days, -1, from));
  }

  /**
   * The same local wall-clock time as `at` on `day`, kept inside the same working range (a DST
   * change inside the range can shorten or skip it).
   */
  private sameWallTime(
    { plan, index, at }: { plan: DayPlan; index: number; at: number },
    day: DayNumber,
  ): number {
    const source = rangeAt(plan, index);
    const target = this.plan(day);
    const range = rangeAt(target, index);
    // Days without a DST change (24 h long) keep wall time and elapsed time in step: no luxon.
    if (isPlainDay(plan) && isPlainDay(target)) {
      return Math.min(range.start + (at - source.start), range.end);
    }
    const wallTimeOfDay = at + this.zone.offset(at) * 60_000 - plan.day * DAY_MS;
    const instant = this.localInstant(day, wallTimeOfDay);
    return Math.min(Math.max(instant, range.start), range.end);
  }

  private workingDayAfter(day: DayNumber, count: number, step: 1 | -1, from: number): DayNumber {
    let current = day;
    let found = 0;
    let idleDays = 0;
    while (found < count) {
      current += step;
      if (this.worksOn(current)) {
        found++;
        idleDays = 0;
      } else {
        this.assertProgress(++idleDays, from);
      }
    }
    return current;
  }

  /** The earliest working instant >= t, with the day and range it falls in. */
  private nextWorking(t: number): { plan: DayPlan; index: number; at: number } {
    let plan = this.planAt(t);
    let idleDays = 0;
    for (;;) {
      for (let index = 0; index < plan.ranges.length; index++) {
        const range = rangeAt(plan, index);
        if (range.end > t && range.end > range.start) {
          return { plan, index, at: Math.max(range.start, t) };
        }
      }
      this.assertProgress(++idleDays, t);
      plan = this.plan(plan.day + 1);
    }
  }

  /**
   * The latest working instant <= t, ranges read as [start, end]: counting days back from
   * opening time keeps opening time, so going n days forward and back returns to the start.
   */
  private previousWorking(t: number): { plan: DayPlan; index: number; at: number } {
    let plan = this.planAt(t);
    let idleDays = 0;
    for (;;) {
      for (let index = plan.ranges.length - 1; index >= 0; index--) {
        const range = rangeAt(plan, index);
        if (range.start <= t && range.end > range.start) {
          return { plan, index, at: Math.min(range.end, t) };
        }
      }
      this.assertProgress(++idleDays, t);
      plan = this.plan(plan.day - 1);
    }
  }

  private workBetween(from: number, to: number): number {
    let total = 0;
    for (let plan = this.planAt(from); plan.start < to; plan = this.plan(plan.day + 1)) {
      if (plan.workMs === 0) continue;
      if (plan.start >= from && plan.end <= to) {
        total += plan.workMs;
        continue;
      }
      for (const range of plan.ranges) {
        const start = Math.max(range.start, from);
        const end = Math.min(range.end, to);
        if (end > start) total += end - start;
      }
    }
    return total;
  }

  private assertProgress(idleDays: number, from: number): void {
    if (idleDays > MAX_DAYS_WITHOUT_WORK) {
      throw new Error(
        `business calendar ${this.config.name ?? this.config.timeZone}: no working time within ${MAX_DAYS_WITHOUT_WORK} days of ${new Date(from).toISOString()}`,
      );
    }
  }

  /** The plan of the local day holding instant t. */
  private planAt(t: number): DayPlan {
    const offset = this.offsetHint ?? this.zone.offset(t) * 60_000;
    let plan = this.plan(Math.floor((t + offset) / DAY_MS));
    // Days are contiguous, so stepping converges; the hint is off by at most one day.
    while (t < plan.start) plan = this.plan(plan.day - 1);
    while (t >= plan.end) plan = this.plan(plan.day + 1);
    this.offsetHint = plan.day * DAY_MS - plan.start;
    return plan;
  }

  private plan(day: DayNumber): DayPlan {
    const cached = this.plans.get(day);
    if (cached) return cached;
    if (this.plans.size >= MAX_CACHED_DAYS) this.plans.clear();
    const plan = this.buildPlan(day);
    this.plans.set(day, plan);
    return plan;
  }

  private buildPlan(day: DayNumber): DayPlan {
    const start = this.localInstant(day, 0);
    const end = this.localInstant(day + 1, 0);
    if (!this.worksOn(day)) return { day, start, end, ranges: NO_RANGES, workMs: 0 };
    const ranges: Range[] = [];
    let floor = start;
    let workMs = 0;
    for (const [wallStart, wallEnd] of this.wallRanges) {
      // Keep ranges ordered and disjoint even where a DST change bends the wall clock.
      const rangeStart = Math.min(Math.max(this.localInstant(day, wallStart), floor), end);
      const rangeEnd = Math.min(Math.max(this.localInstant(day, wallEnd), rangeStart), end);
      ranges.push({ start: rangeStart, end: rangeEnd });
      workMs += rangeEnd - rangeStart;
      floor = rangeEnd;
    }
    return { day, start, end, ranges, workMs };
  }

  /**
   * The instant the local wall clock of `day` shows `timeOfDay` (ms since midnight; a full day
   * means the next midnight). A wall time skipped by a DST change maps to the change itself:
   * that is when the clock first passes it.
   */
  private localInstant(day: DayNumber, timeOfDay: number): number {
    if (timeOfDay >= DAY_MS) return this.localInstant(day + 1, timeOfDay - DAY_MS);
    const { year, month, day: dayOfMonth } = dayParts(day);
    const hour = Math.floor(timeOfDay / HOUR_MS);
    const minute = Math.floor(timeOfDay / 60_000) % 60;
    const dateTime = DateTime.fromObject(
      {
        year,
        month,
        day: dayOfMonth,
        hour,
        minute,
        second: Math.floor(timeOfDay / 1000) % 60,
        millisecond: timeOfDay % 1000,
      },
      { zone: this.zone },
    );
    const instant = dateTime.toMillis();
    if (dateTime.day === dayOfMonth && dateTime.hour === hour && dateTime.minute === minute) {
      return instant;
    }
    // luxon moved a skipped wall time forward by the size of the gap; find the change itself.
    const after = this.zone.offset(instant);
    let low = instant - 3 * HOUR_MS;
    let high = instant;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.zone.offset(middle) === after) high = middle;
      else low = middle;
    }
    return high;
  }
}

function isPlainDay(plan: DayPlan): boolean {
  return plan.end - plan.start === DAY_MS;
}

function rangeAt(plan: DayPlan, index: number): Range {
  const range = plan.ranges[index];
  if (!range) throw new Error(`no working range ${index} on ${formatLocalDate(plan.day)}`);
  return range;
}

function minutesOf(time: string, isEnd: boolean): number {
  const minutes = parseTimeOfDay(time, isEnd);
  if (minutes === null) throw new Error(`unvalidated working time "${time}"`);
  return minutes;
}

function dayNumberOf(date: string): DayNumber {
  const day = parseLocalDate(date);
  if (day === null) throw new Error(`unvalidated local date "${date}"`);
  return day;
}

/** Adds working hours (fractions allowed). */
export function addBusinessHours(calendar: WorkClock, from: Date, hours: number): Date {
  return calendar.add(from, { hours });
}

/** Adds whole working days: the same wall-clock time on the n-th following working day. */
export function addBusinessDays(calendar: WorkClock, from: Date, days: number): Date {
  return calendar.add(from, { days });
}

/** Milliseconds of working time between two instants; negative when `to` is before `from`. */
export function elapsedBusinessTime(calendar: WorkClock, from: Date, to: Date): number {
  return calendar.elapsed(from, to);
}

export function isWorkingDay(calendar: BusinessCalendar, localDate: string): boolean {
  return calendar.isWorkingDay(localDate);
}

export function nextWorkingMoment(calendar: BusinessCalendar, at: Date): Date {
  return calendar.nextWorkingMoment(at);
}
