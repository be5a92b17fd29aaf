import type { Duration } from './duration';

/**
 * How an SLA clock counts time. DOMAIN §2: clocks of major complaints run around the clock,
 * the others on the enterprise's business calendar; a policy picks one and never needs to know
 * which it got.
 */
export interface WorkClock {
  readonly kind: 'business' | '24/7';
  /** The instant at which `amount` of counted time has passed since `from`. */
  add(from: Date, amount: Duration): Date;
  /** Milliseconds of counted time in [from, to); negative when `to` is before `from`. */
  elapsed(from: Date, to: Date): number;
  /** Whether the clock is running at `at`. */
  isCounting(at: Date): boolean;
}
