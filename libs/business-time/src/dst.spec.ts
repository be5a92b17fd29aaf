import { BusinessCalendar } from './business-calendar';
import type { Duration } from './duration';

// Europe/Berlin 2026: clocks go 02:00 CET → 03:00 CEST on Sun 29 March and 03:00 CEST → 02:00 CET
// on Sun 25 October. Instants are written in UTC so the expectations do not rely on luxon.
const HOUR = 3_600_000;
const ZONE = 'Europe/Berlin';
const office = new BusinessCalendar({ timeZone: ZONE });
const allDay = new BusinessCalendar({
  timeZone: ZONE,
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  workingHours: [{ start: '00:00', end: '24:00' }],
});
const nightShift = new BusinessCalendar({
  timeZone: ZONE,
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  workingHours: [{ start: '00:00', end: '06:00' }],
});
const intoTheGap = new BusinessCalendar({
  timeZone: ZONE,
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  workingHours: [{ start: '02:30', end: '04:00' }],
});

describe('a business calendar in a DST zone (Europe/Berlin)', () => {
  it.each<[string, BusinessCalendar, string, Duration, string]>([
    [
      'office hours over the spring weekend',
      office,
      '2026-03-27T16:00:00Z',
      { hours: 2 },
      '2026-03-30T08:00:00.000Z',
    ],
    [
      'office day over the spring weekend',
      office,
      '2026-03-27T16:00:00Z',
      { days: 1 },
      '2026-03-30T15:00:00.000Z',
    ],
    [
      'office hours over the autumn weekend',
      office,
      '2026-10-23T15:00:00Z',
      { hours: 2 },
      '2026-10-26T09:00:00.000Z',
    ],
    [
      'office day over the autumn weekend',
      office,
      '2026-10-23T15:00:00Z',
      { days: 1 },
      '2026-10-26T16:00:00.000Z',
    ],
    [
      'a 24 h calendar day over the 23 h Sunday',
      allDay,
      '2026-03-28T11:00:00Z',
      { days: 1 },
      '2026-03-29T10:00:00.000Z',
    ],
    [
      '24 counted hours over the 23 h Sunday',
      allDay,
      '2026-03-28T11:00:00Z',
      { hours: 24 },
      '2026-03-29T11:00:00.000Z',
    ],
    [
      'a 24 h calendar day over the 25 h Sunday',
      allDay,
      '2026-10-24T10:00:00Z',
      { days: 1 },
      '2026-10-25T11:00:00.000Z',
    ],
    [
      'a night shift that loses an hour',
      nightShift,
      '2026-03-28T23:00:00Z',
      { hours: 5 },
      '2026-03-29T04:00:00.000Z',
    ],
    [
      'a night shift past its shortened end',
      nightShift,
      '2026-03-28T23:00:00Z',
      { hours: 6 },
      '2026-03-29T23:00:00.000Z',
    ],
    [
      'a night shift that gains an hour',
      nightShift,
      '2026-10-24T22:00:00Z',
      { hours: 7 },
      '2026-10-25T05:00:00.000Z',
    ],
    [
      'an office day back over the spring weekend',
      office,
      '2026-03-30T15:00:00Z',
      { days: -1 },
      '2026-03-27T16:00:00.000Z',
    ],
    [
      'a 24 h calendar day back over the 23 h Sunday',
      allDay,
      '2026-03-29T10:00:00Z',
      { days: -1 },
      '2026-03-28T11:00:00.000Z',
    ],
    [
      'a range starting in the skipped hour',
      intoTheGap,
      '2026-03-28T23:00:00Z',
      { minutes: 30 },
      '2026-03-29T01:30:00.000Z',
    ],
  ])('%s: %s + %j = %s', (_name, calendar, from, amount, expected) => {
    expect(calendar.add(new Date(from), amount).toISOString()).toBe(expected);
  });

  it.each<[string, BusinessCalendar, string, string, number]>([
    [
      'the office week of the spring change',
      office,
      '2026-03-22T23:00:00Z',
      '2026-03-29T22:00:00Z',
      45 * HOUR,
    ],
    [
      'the office week of the autumn change',
      office,
      '2026-10-18T22:00:00Z',
      '2026-10-25T23:00:00Z',
      45 * HOUR,
    ],
    [
      'Friday 17:00 to Monday 10:00 across spring',
      office,
      '2026-03-27T16:00:00Z',
      '2026-03-30T08:00:00Z',
      2 * HOUR,
    ],
    [
      'the 23 h Sunday of a 24/7 calendar',
      allDay,
      '2026-03-28T23:00:00Z',
      '2026-03-29T22:00:00Z',
      23 * HOUR,
    ],
    [
      'the 25 h Sunday of a 24/7 calendar',
      allDay,
      '2026-10-24T22:00:00Z',
      '2026-10-25T23:00:00Z',
      25 * HOUR,
    ],
    [
      'the spring night shift',
      nightShift,
      '2026-03-28T23:00:00Z',
      '2026-03-29T22:00:00Z',
      5 * HOUR,
    ],
    [
      'the autumn night shift',
      nightShift,
      '2026-10-24T22:00:00Z',
      '2026-10-25T23:00:00Z',
      7 * HOUR,
    ],
    [
      '02:30–04:00 on the spring day (03:00–04:00 exists)',
      intoTheGap,
      '2026-03-28T23:00:00Z',
      '2026-03-29T22:00:00Z',
      1 * HOUR,
    ],
    [
      '02:30–04:00 on an ordinary day',
      intoTheGap,
      '2026-03-29T22:00:00Z',
      '2026-03-30T22:00:00Z',
      1.5 * HOUR,
    ],
  ])('counts %s', (_name, calendar, from, to, expected) => {
    expect(calendar.elapsed(new Date(from), new Date(to))).toBe(expected);
  });

  it('starts a range whose start the clocks skip at the moment of the change', () => {
    expect(intoTheGap.nextWorkingMoment(new Date('2026-03-28T23:00:00Z')).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(intoTheGap.isCounting(new Date('2026-03-29T00:59:59.999Z'))).toBe(false);
    expect(intoTheGap.isCounting(new Date('2026-03-29T01:00:00Z'))).toBe(true);
  });

  it('puts local dates on the right side of local midnight in both seasons', () => {
    expect(office.localDate(new Date('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(office.localDate(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    expect(office.localDate(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(office.localDate(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });
});

describe('a zone whose clocks skip midnight (America/Santiago, 6 September 2026)', () => {
  const allWeek = new BusinessCalendar({
    timeZone: 'America/Santiago',
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    workingHours: [{ start: '00:00', end: '24:00' }],
  });
  const earlyShift = new BusinessCalendar({
    timeZone: 'America/Santiago',
    workingDays: [7],
    workingHours: [{ start: '00:00', end: '02:00' }],
  });

  it('starts the local day at 01:00, the first minute that exists', () => {
    expect(allWeek.localDate(new Date('2026-09-06T03:59:59.999Z'))).toBe('2026-09-05');
    expect(allWeek.localDate(new Date('2026-09-06T04:00:00Z'))).toBe('2026-09-06');
    expect(earlyShift.nextWorkingMoment(new Date('2026-09-05T12:00:00Z')).toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('counts the 23 h day and the shortened shift', () => {
    expect(
      allWeek.elapsed(new Date('2026-09-06T04:00:00Z'), new Date('2026-09-07T03:00:00Z')),
    ).toBe(23 * HOUR);
    expect(
      earlyShift.elapsed(new Date('2026-09-05T12:00:00Z'), new Date('2026-09-07T12:00:00Z')),
    ).toBe(1 * HOUR);
  });
});
