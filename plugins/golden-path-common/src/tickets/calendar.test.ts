import {
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
  isoWeekday,
  workingSecondsBetween,
  workingSecondsOfDuration,
} from './calendar';

const at = (iso: string) => Date.parse(iso);
const hours = (s: number) => s / 3600;

describe('workingSecondsBetween', () => {
  it('counts a 2-workday wait as 16 working hours with the default calendar', () => {
    // Monday 09:00 to Wednesday 09:00 UTC.
    expect(
      hours(
        workingSecondsBetween(
          at('2026-11-30T09:00:00Z'),
          at('2026-12-02T09:00:00Z'),
        ),
      ),
    ).toBe(16);
  });

  it('leaves out nights, weekends and holidays', () => {
    // Friday 13:00 to Monday 13:00: 4 h on Friday, 4 h on Monday.
    expect(
      hours(
        workingSecondsBetween(
          at('2026-12-04T13:00:00Z'),
          at('2026-12-07T13:00:00Z'),
        ),
      ),
    ).toBe(8);
    // Created at night, resolved before work started: no working time passed.
    expect(
      workingSecondsBetween(
        at('2026-12-01T19:00:00Z'),
        at('2026-12-02T08:30:00Z'),
      ),
    ).toBe(0);
    const withHoliday = {
      ...DEFAULT_BUSINESS_CALENDAR,
      holidays: ['2026-12-01'],
    };
    expect(
      hours(
        workingSecondsBetween(
          at('2026-11-30T09:00:00Z'),
          at('2026-12-02T09:00:00Z'),
          withHoliday,
        ),
      ),
    ).toBe(8);
    expect(workingSecondsBetween(at('2026-12-02T09:00:00Z'), 0)).toBe(0);
  });

  it('works in the calendar time zone, across a daylight-saving change', () => {
    const berlin = { ...DEFAULT_BUSINESS_CALENDAR, timeZone: 'Europe/Berlin' };
    // 09:00 in Berlin is 08:00 UTC in winter: 08:00–10:00 UTC is two working hours there, one here.
    const morning = [at('2026-12-01T08:00:00Z'), at('2026-12-01T10:00:00Z')];
    expect(hours(workingSecondsBetween(morning[0], morning[1], berlin))).toBe(
      2,
    );
    expect(hours(workingSecondsBetween(morning[0], morning[1]))).toBe(1);
    // Clocks go forward on Sunday 29 March 2026: Friday's day opens at 08:00 UTC (8 h until
    // Monday), Monday's at 07:00 UTC (2 h until 09:00 UTC).
    expect(
      hours(
        workingSecondsBetween(
          at('2026-03-27T07:00:00Z'),
          at('2026-03-30T09:00:00Z'),
          berlin,
        ),
      ),
    ).toBe(10);
  });

  it('honours other workdays and lengths of day', () => {
    const sixDays = {
      ...DEFAULT_BUSINESS_CALENDAR,
      workdays: [1, 2, 3, 4, 5, 6],
      hoursPerDay: 6,
      workdayStart: '10:00',
    };
    // Friday 10:00 to Monday 10:00: Friday and Saturday, 6 h each.
    expect(
      hours(
        workingSecondsBetween(
          at('2026-12-04T10:00:00Z'),
          at('2026-12-07T10:00:00Z'),
          sixDays,
        ),
      ),
    ).toBe(12);
  });
});

describe('workingSecondsOfDuration', () => {
  it('reads days as working days and weeks as working weeks', () => {
    expect(workingSecondsOfDuration('P2D')).toBe(16 * 3600);
    expect(workingSecondsOfDuration('P3D')).toBe(24 * 3600);
    expect(workingSecondsOfDuration('P1W')).toBe(40 * 3600);
    expect(workingSecondsOfDuration('P1DT2H')).toBe(10 * 3600);
    expect(workingSecondsOfDuration('PT45M')).toBe(45 * 60);
    expect(
      workingSecondsOfDuration('P1D', {
        ...DEFAULT_BUSINESS_CALENDAR,
        hoursPerDay: 7.5,
      }),
    ).toBe(7.5 * 3600);
    expect(workingSecondsOfDuration('3 days')).toBeUndefined();
    expect(workingSecondsOfDuration(undefined)).toBeUndefined();
  });
});

describe('calendar configuration', () => {
  it('names every problem', () => {
    expect(calendarProblems(DEFAULT_BUSINESS_CALENDAR)).toEqual([]);
    expect(
      calendarProblems({
        timeZone: 'Mars/Olympus',
        workdayStart: '9am',
        hoursPerDay: 0,
        workdays: [],
        holidays: ['25/12/2026'],
      }),
    ).toEqual([
      'timeZone "Mars/Olympus" is not an IANA time zone',
      'workdayStart must be HH:MM, e.g. 09:00',
      'hoursPerDay must be more than 0 and at most 24',
      'workdays must name at least one day',
      'holiday "25/12/2026" must be a date YYYY-MM-DD',
    ]);
  });

  it('reads weekdays by name or number', () => {
    expect(isoWeekday('mon')).toBe(1);
    expect(isoWeekday('Sunday')).toBe(7);
    expect(isoWeekday(6)).toBe(6);
    expect(isoWeekday('funday')).toBeUndefined();
    expect(isoWeekday(8)).toBeUndefined();
  });
});
