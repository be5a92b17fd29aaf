import { AroundTheClock } from './around-the-clock';
import { BusinessCalendar } from './business-calendar';
import { InvalidCalendarConfig, validateCalendarConfig } from './calendar-config';
import { CALENDAR_PRESETS, DEFAULT_CALENDAR_PRESET } from './presets';
import type { WorkClock } from './work-clock';

/**
 * The work clock a configuration setting names: empty for the default preset, a preset name
 * (`24x7` counts every minute), or a calendar written out as JSON. A bad setting throws
 * `InvalidCalendarConfig` with every problem, each prefixed by `settingName`.
 */
export function workClockFromSetting(
  setting: string | undefined,
  settingName = 'BUSINESS_CALENDAR',
): WorkClock {
  const raw = setting?.trim() || DEFAULT_CALENDAR_PRESET;
  if (raw === '24x7') return new AroundTheClock();
  const preset = CALENDAR_PRESETS[raw];
  if (preset) return new BusinessCalendar(preset);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidCalendarConfig([
      `${settingName}: neither a preset (${Object.keys(CALENDAR_PRESETS).join(', ')}) nor JSON`,
    ]);
  }
  const problems = validateCalendarConfig(parsed, settingName);
  if (problems.length > 0) throw new InvalidCalendarConfig(problems);
  return new BusinessCalendar(parsed as never);
}
