import type { WorkClock } from '@redress/business-time';

/**
 * DOMAIN §1: registration within 1 business day. The customer's acknowledgement carries that
 * deadline, counted on the enterprise's business calendar.
 */
export function acknowledgeBy(registeredAt: Date, calendar: WorkClock): Date {
  return calendar.add(registeredAt, { days: 1 });
}
