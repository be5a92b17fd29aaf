import {
  InvalidCalendarConfig,
  workClockFromSetting,
  type WorkClock,
} from '@redress/business-time';
import { ConfigError } from './config-error';

/**
 * The business calendar of a service's `BUSINESS_CALENDAR` (a preset name or a JSON
 * configuration, `@redress/business-time`); a bad one stops the start with every problem named.
 */
export function businessCalendarSetting(
  setting: string | undefined,
  name = 'BUSINESS_CALENDAR',
): WorkClock {
  try {
    return workClockFromSetting(setting, name);
  } catch (error) {
    if (error instanceof InvalidCalendarConfig) throw new ConfigError([...error.problems]);
    throw error;
  }
}
