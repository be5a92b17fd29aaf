import { validateCalendarConfig } from './calendar-config';
import { BusinessCalendar } from './business-calendar';
import { InvalidCalendarConfig } from './calendar-config';
import { aroundTheClock24x7, chinaMainland2026 } from './presets';

describe('validateCalendarConfig', () => {
  it.each([
    ['the minimal config', { timeZone: 'Asia/Shanghai' }],
    [
      'a full config with a lunch break',
      {
        name: 'HQ',
        timeZone: 'Europe/Berlin',
        workingDays: [1, 2, 3, 4, 5, 6],
        workingHours: [
          { start: '13:30', end: '18:00' },
          { start: '09:00', end: '12:00' },
        ],
        holidays: ['2026-12-25'],
        workdays: ['2026-12-27'],
      },
    ],
    [
      'touching ranges',
      {
        timeZone: 'UTC',
        workingHours: [
          { start: '09:00', end: '12:00' },
          { start: '12:00', end: '18:00' },
        ],
      },
    ],
    ['a range to midnight', { timeZone: 'UTC', workingHours: [{ start: '00:00', end: '24:00' }] }],
    ['the China 2026 preset', chinaMainland2026],
    ['the 24/7 preset', aroundTheClock24x7],
  ])('accepts %s', (_name, config) => {
    expect(validateCalendarConfig(config)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['a non-object', 'Asia/Shanghai', ['calendar: must be an object']],
    ['an array', [], ['calendar: must be an object']],
    ['a missing time zone', {}, ['timeZone: is required (an IANA zone such as Asia/Shanghai)']],
    ['a time zone of the wrong type', { timeZone: 8 }, ['timeZone: must be a string']],
    [
      'an unknown time zone',
      { timeZone: 'Mars/Olympus' },
      ['timeZone: unknown IANA time zone "Mars/Olympus"'],
    ],
    [
      'a fixed offset instead of a zone',
      { timeZone: '+08:00' },
      ['timeZone: unknown IANA time zone "+08:00"'],
    ],
    ['an unknown field', { timeZone: 'UTC', workingday: [1] }, ['workingday: unknown field']],
    ['a non-string name', { timeZone: 'UTC', name: 3 }, ['name: must be a string']],
    [
      'working days that are not an array',
      { timeZone: 'UTC', workingDays: '1-5' },
      ['workingDays: must be an array of ISO weekdays (1 = Monday … 7 = Sunday)'],
    ],
    [
      'no working day',
      { timeZone: 'UTC', workingDays: [] },
      ['workingDays: must list at least one weekday'],
    ],
    [
      'weekday 0 and 8',
      { timeZone: 'UTC', workingDays: [0, 1, 8] },
      [
        'workingDays[0]: must be an ISO weekday from 1 (Monday) to 7 (Sunday), got 0',
        'workingDays[2]: must be an ISO weekday from 1 (Monday) to 7 (Sunday), got 8',
      ],
    ],
    [
      'a weekday as text',
      { timeZone: 'UTC', workingDays: ['1'] },
      ['workingDays[0]: must be an ISO weekday from 1 (Monday) to 7 (Sunday), got "1"'],
    ],
    [
      'a repeated weekday',
      { timeZone: 'UTC', workingDays: [1, 2, 1] },
      ['workingDays[2]: duplicates workingDays[0]'],
    ],
    [
      'no working hours',
      { timeZone: 'UTC', workingHours: [] },
      ['workingHours: must list at least one range'],
    ],
    [
      'working hours as a string',
      { timeZone: 'UTC', workingHours: '09:00-18:00' },
      ["workingHours: must be an array of { start: 'HH:mm', end: 'HH:mm' }"],
    ],
    [
      'a range that is not an object',
      { timeZone: 'UTC', workingHours: ['09:00-18:00'] },
      ["workingHours[0]: must be an object { start: 'HH:mm', end: 'HH:mm' }"],
    ],
    [
      'an end before its start',
      {
        timeZone: 'UTC',
        workingHours: [
          { start: '09:00', end: '12:00' },
          { start: '18:00', end: '13:00' },
        ],
      },
      ['workingHours[1].end: must be after start (18:00)'],
    ],
    [
      'an empty range',
      { timeZone: 'UTC', workingHours: [{ start: '09:00', end: '09:00' }] },
      ['workingHours[0].end: must be after start (09:00)'],
    ],
    [
      'malformed times',
      { timeZone: 'UTC', workingHours: [{ start: '9:00', end: '25:00' }] },
      [
        'workingHours[0].start: must be a local time \'HH:mm\' from 00:00 to 23:59, got "9:00"',
        'workingHours[0].end: must be a local time \'HH:mm\' from 00:01 to 24:00, got "25:00"',
      ],
    ],
    [
      'a range starting at 24:00',
      { timeZone: 'UTC', workingHours: [{ start: '24:00', end: '24:00' }] },
      ['workingHours[0].start: must be a local time \'HH:mm\' from 00:00 to 23:59, got "24:00"'],
    ],
    [
      'a missing end and an extra field',
      { timeZone: 'UTC', workingHours: [{ start: '09:00', until: '18:00' }] },
      [
        'workingHours[0].until: unknown field',
        "workingHours[0].end: must be a local time 'HH:mm' from 00:01 to 24:00, got undefined",
      ],
    ],
    [
      'overlapping ranges',
      {
        timeZone: 'UTC',
        workingHours: [
          { start: '13:00', end: '18:00' },
          { start: '09:00', end: '13:30' },
        ],
      },
      ['workingHours[1]: overlaps workingHours[0]'],
    ],
    [
      'a range inside another, not next to it',
      {
        timeZone: 'UTC',
        workingHours: [
          { start: '08:00', end: '20:00' },
          { start: '09:00', end: '10:00' },
          { start: '12:00', end: '13:00' },
        ],
      },
      ['workingHours[1]: overlaps workingHours[0]', 'workingHours[2]: overlaps workingHours[0]'],
    ],
    [
      'impossible and malformed dates',
      { timeZone: 'UTC', holidays: ['2026-02-30', '2026-1-1', 20260101, '2026-10-01'] },
      [
        'holidays[0]: must be a calendar date \'YYYY-MM-DD\', got "2026-02-30"',
        'holidays[1]: must be a calendar date \'YYYY-MM-DD\', got "2026-1-1"',
        "holidays[2]: must be a calendar date 'YYYY-MM-DD', got 20260101",
      ],
    ],
    [
      'holidays as one string',
      { timeZone: 'UTC', holidays: '2026-10-01' },
      ["holidays: must be an array of local dates 'YYYY-MM-DD'"],
    ],
    [
      'a bad swapped working day',
      { timeZone: 'UTC', workdays: ['2026-10-32'] },
      ['workdays[0]: must be a calendar date \'YYYY-MM-DD\', got "2026-10-32"'],
    ],
    [
      'a date both worked and off',
      {
        timeZone: 'UTC',
        holidays: ['2026-10-01', '2026-10-02'],
        workdays: ['2026-10-10', '2026-10-02'],
      },
      ['workdays[1]: is also listed in holidays[1]; a date is either worked or off'],
    ],
  ])('reports %s, naming the path', (_name, config, problems) => {
    expect(validateCalendarConfig(config)).toEqual(problems);
  });

  it('reports every problem at once', () => {
    const problems = validateCalendarConfig({
      timeZone: 'Nowhere/City',
      workingDays: [9],
      workingHours: [{ start: '18:00', end: '09:00' }],
      holidays: ['soon'],
    });
    expect(problems).toHaveLength(4);
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'timeZone',
      'workingDays[0]',
      'workingHours[0].end',
      'holidays[0]',
    ]);
  });

  it('prefixes paths when the calendar sits inside a larger document', () => {
    expect(
      validateCalendarConfig(
        { timeZone: 'UTC', workingHours: [{ start: '10:00', end: '09:00' }] },
        'sla.calendar',
      ),
    ).toEqual(['sla.calendar.workingHours[0].end: must be after start (10:00)']);
    expect(validateCalendarConfig(null, 'sla.calendar')).toEqual([
      'sla.calendar: must be an object',
    ]);
  });
});

describe('building a calendar from configuration', () => {
  it('refuses an invalid config with a typed error listing the problems', () => {
    const config = { timeZone: 'Asia/Shanghai', workingHours: [{ start: '18:00', end: '09:00' }] };
    expect(() => new BusinessCalendar(config)).toThrow(InvalidCalendarConfig);
    try {
      BusinessCalendar.fromConfig(config);
      throw new Error('expected InvalidCalendarConfig');
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(InvalidCalendarConfig);
      expect((error as InvalidCalendarConfig).problems).toEqual([
        'workingHours[0].end: must be after start (18:00)',
      ]);
    }
  });

  it('builds from JSON read at run time and fills in the defaults', () => {
    const calendar = BusinessCalendar.fromConfig(JSON.parse('{"timeZone":"Asia/Shanghai"}'));
    expect(calendar.config).toEqual({
      timeZone: 'Asia/Shanghai',
      workingDays: [1, 2, 3, 4, 5],
      workingHours: [{ start: '09:00', end: '18:00' }],
      holidays: [],
      workdays: [],
    });
    expect(Object.isFrozen(calendar.config.holidays)).toBe(true);
  });

  it('is not affected when the caller later mutates its config object', () => {
    const holidays = ['2026-03-09'];
    const calendar = new BusinessCalendar({ timeZone: 'Asia/Shanghai', holidays });
    holidays.push('2026-03-10');
    expect(calendar.isWorkingDay('2026-03-09')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-10')).toBe(true);
  });
});
