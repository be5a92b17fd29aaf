export { systemClock, FixedClock, toInstant, type Clock, type ClockAdvance } from './clock';
export { type Duration } from './duration';
export { type WorkClock } from './work-clock';
export {
  validateCalendarConfig,
  InvalidCalendarConfig,
  DEFAULT_WORKING_DAYS,
  DEFAULT_WORKING_HOURS,
  type BusinessCalendarConfig,
  type WorkingHours,
} from './calendar-config';
export {
  BusinessCalendar,
  addBusinessHours,
  addBusinessDays,
  elapsedBusinessTime,
  isWorkingDay,
  nextWorkingMoment,
  type ResolvedCalendarConfig,
} from './business-calendar';
export { AroundTheClock, aroundTheClock } from './around-the-clock';
export {
  chinaMainland2026,
  aroundTheClock24x7,
  CALENDAR_PRESETS,
  DEFAULT_CALENDAR_PRESET,
} from './presets';
export { workClockFromSetting } from './calendar-setting';
