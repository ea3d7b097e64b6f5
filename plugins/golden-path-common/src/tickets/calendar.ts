import { parseIsoDuration } from '../metrics/duration';

/**
 * When people work: developer wait is counted in these hours, not calendar hours (a ticket that
 * waits over a weekend costs no idle salary on Saturday). @public
 */
export interface BusinessCalendar {
  /** IANA time zone the working day is in. Default `UTC`. */
  timeZone: string;
  /** Local start of the working day, `HH:MM`. Default `09:00`. */
  workdayStart: string;
  /** Working hours per day, from `workdayStart`. Default 8. */
  hoursPerDay: number;
  /** ISO weekdays worked: 1 = Monday … 7 = Sunday. Default Monday to Friday. */
  workdays: number[];
  /** Local dates not worked, `YYYY-MM-DD`. */
  holidays: string[];
}

/** 09:00–17:00 UTC, Monday to Friday, no holidays. @public */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  timeZone: 'UTC',
  workdayStart: '09:00',
  hoursPerDay: 8,
  workdays: [1, 2, 3, 4, 5],
  holidays: [],
};

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A weekday as config names it (`mon`, `Monday`, 1–7) → ISO number; undefined when unknown. @public */
export function isoWeekday(value: string | number): number | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 1 && value <= 7
      ? value
      : undefined;
  const i = WEEKDAYS.indexOf(value.trim().slice(0, 3).toLowerCase());
  return i < 0 ? undefined : i + 1;
}

/** What is wrong with a calendar (empty when usable). @public */
export function calendarProblems(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  try {
    // Throws a RangeError for a zone the runtime does not know.
    const zone = new Intl.DateTimeFormat('en-US', {
      timeZone: calendar.timeZone,
    });
    zone.format(0);
  } catch {
    problems.push(`timeZone "${calendar.timeZone}" is not an IANA time zone`);
  }
  const start = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(calendar.workdayStart);
  if (!start) problems.push('workdayStart must be HH:MM, e.g. 09:00');
  if (!(calendar.hoursPerDay > 0 && calendar.hoursPerDay <= 24))
    problems.push('hoursPerDay must be more than 0 and at most 24');
  if (!calendar.workdays.length)
    problems.push('workdays must name at least one day');
  for (const day of calendar.holidays)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))
      problems.push(`holiday "${day}" must be a date YYYY-MM-DD`);
  return problems;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of an instant in a zone, as if that time were UTC (ms). @public */
export function wallClockOf(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return ms;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(ms)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The instant a wall-clock time in a zone (given as if it were UTC, ms) happens. @public */
export function instantOfWallClock(localMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return localMs;
  const offsetAt = (ms: number) =>
    wallClockOf(ms, timeZone) - Math.floor(ms / 1000) * 1000;
  // Once more at the first guess: right across a daylight-saving change.
  return localMs - offsetAt(localMs - offsetAt(localMs));
}

const DAY_MS = 86400_000;

/**
 * Working seconds between two instants: the overlap of [start, end] with each working day's window
 * (`workdayStart` + `hoursPerDay`, local time) on workdays that are not holidays. @public
 */
export function workingSecondsBetween(
  start: number,
  end: number,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
): number {
  if (!(end > start)) return 0;
  const [h, m] = calendar.workdayStart.split(':').map(Number);
  const windowMs = calendar.hoursPerDay * 3600_000;
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);
  // Local midnight of the day before the start (a window may begin the evening before).
  let day = Math.floor(wallClockOf(start, calendar.timeZone) / DAY_MS) - 1;
  const lastDay = Math.floor(wallClockOf(end, calendar.timeZone) / DAY_MS);
  let ms = 0;
  for (; day <= lastDay; day++) {
    const date = new Date(day * DAY_MS);
    const weekday = date.getUTCDay() || 7;
    if (!workdays.has(weekday)) continue;
    if (holidays.has(date.toISOString().slice(0, 10))) continue;
    const open = instantOfWallClock(
      day * DAY_MS + (h * 60 + m) * 60_000,
      calendar.timeZone,
    );
    const close = open + windowMs;
    ms += Math.max(0, Math.min(end, close) - Math.max(start, open));
  }
  return Math.round(ms / 1000);
}

/**
 * Working seconds an ISO-8601 duration stands for: a day is a working day (`hoursPerDay`), a week
 * is the calendar's workdays; hours, minutes and seconds count as they are. So `P2D` is 16 working
 * hours with the default calendar, like a ticket that waited two working days. @public
 */
export function workingSecondsOfDuration(
  text: unknown,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
): number | undefined {
  const seconds = parseIsoDuration(text);
  if (seconds === undefined || typeof text !== 'string') return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?/.exec(text.trim())!;
  const weeks = Number(m[1] ?? 0);
  const days = Number(m[2] ?? 0);
  const clock = seconds - Math.round(weeks * 604800 + days * 86400);
  const workingDays = weeks * calendar.workdays.length + days;
  return Math.round(workingDays * calendar.hoursPerDay * 3600 + clock);
}
