import { AroundTheClock } from './around-the-clock';
import { BusinessCalendar } from './business-calendar';
import { InvalidCalendarConfig } from './calendar-config';
import { workClockFromSetting } from './calendar-setting';

describe('workClockFromSetting', () => {
  const friday6pmShanghai = new Date('2026-11-20T10:00:00Z');

  it('uses the mainland China calendar when nothing is set', () => {
    const clock = workClockFromSetting(undefined);
    expect(clock).toBeInstanceOf(BusinessCalendar);
    // Friday 18:00 in Shanghai plus one business hour is Monday 10:00.
    expect(clock.add(friday6pmShanghai, { hours: 1 }).toISOString()).toBe('2026-11-23T02:00:00.000Z');
  });

  it('names 24x7 as the around-the-clock clock', () => {
    const clock = workClockFromSetting(' 24x7 ');
    expect(clock).toBeInstanceOf(AroundTheClock);
    expect(clock.add(friday6pmShanghai, { hours: 1 }).toISOString()).toBe('2026-11-20T11:00:00.000Z');
  });

  it('accepts a calendar written out as JSON', () => {
    const clock = workClockFromSetting(
      JSON.stringify({ timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6], workingHours: [{ start: '08:00', end: '12:00' }] }),
    );
    // Friday 10:00 UTC + 3h of 08–12 Monday–Saturday: 2 hours on Friday, 1 on Saturday.
    expect(clock.add(friday6pmShanghai, { hours: 3 }).toISOString()).toBe('2026-11-21T09:00:00.000Z');
  });

  it('names the setting and the field of a bad calendar', () => {
    expect(() => workClockFromSetting('{"timeZone":"Mars/Olympus"}', 'TRIAGE_CALENDAR')).toThrow(
      expect.objectContaining({ problems: expect.arrayContaining([expect.stringMatching(/^TRIAGE_CALENDAR\.timeZone/)]) }),
    );
    expect(() => workClockFromSetting('lunar')).toThrow(InvalidCalendarConfig);
    expect(() => workClockFromSetting('lunar')).toThrow(/BUSINESS_CALENDAR: neither a preset/);
  });
});
