import { DAY_MS } from './local-date';
import { assertValidDate, durationParts, type Duration } from './duration';
import type { WorkClock } from './work-clock';

/** Counts every millisecond: DOMAIN §2, clocks of major complaints never stop. */
export class AroundTheClock implements WorkClock {
  readonly kind = '24/7' as const;

  add(from: Date, amount: Duration): Date {
    const start = assertValidDate(from, 'from');
    const { days, ms } = durationParts(amount);
    return new Date(start + days * DAY_MS + ms);
  }

  elapsed(from: Date, to: Date): number {
    return assertValidDate(to, 'to') - assertValidDate(from, 'from');
  }

  isCounting(at: Date): boolean {
    assertValidDate(at, 'at');
    return true;
  }
}

export const aroundTheClock: WorkClock = new AroundTheClock();
