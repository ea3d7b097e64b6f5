import { Config } from '@backstage/config';
import {
  BusinessCalendar,
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
  isoWeekday,
  MetricsDefaults,
  parseIsoDuration,
} from '@golden-path/plugin-golden-path-common';

/** `goldenPath.metrics.calendar` over the default calendar; unknown weekdays are problems. */
function readCalendar(
  config: Config | undefined,
  problems: string[],
): BusinessCalendar {
  const c = config?.getOptionalConfig('calendar');
  const days = c?.getOptionalStringArray('workdays');
  const workdays = (days ?? []).map(d => {
    const n = isoWeekday(d);
    if (n === undefined)
      problems.push(
        `goldenPath.metrics.calendar.workdays: "${d}" is not a weekday (mon … sun)`,
      );
    return n ?? 0;
  });
  const calendar: BusinessCalendar = {
    timeZone:
      c?.getOptionalString('timeZone') ?? DEFAULT_BUSINESS_CALENDAR.timeZone,
    workdayStart:
      c?.getOptionalString('workdayStart') ??
      DEFAULT_BUSINESS_CALENDAR.workdayStart,
    hoursPerDay:
      c?.getOptionalNumber('hoursPerDay') ??
      DEFAULT_BUSINESS_CALENDAR.hoursPerDay,
    workdays: days
      ? [...new Set(workdays.filter(Boolean))].sort()
      : DEFAULT_BUSINESS_CALENDAR.workdays,
    holidays: c?.getOptionalStringArray('holidays') ?? [],
  };
  problems.push(
    ...calendarProblems(calendar).map(p => `goldenPath.metrics.calendar: ${p}`),
  );
  return calendar;
}

/** `goldenPath.metrics` with defaults; invalid values stop start-up with a clear message. */
export function readMetricsDefaults(config: Config): MetricsDefaults {
  const m = config.getOptionalConfig('goldenPath.metrics');
  const problems: string[] = [];
  const hourlyRate = m?.getOptionalNumber('hourlyRate') ?? 95;
  const defaults: MetricsDefaults = {
    hourlyRate,
    developerHourlyRate:
      m?.getOptionalNumber('developerHourlyRate') ?? hourlyRate,
    calendar: readCalendar(m, problems),
    defaultTicketQueue: m?.getOptionalString('defaultTicketQueue') ?? 'P3D',
    defaultOpsEffort: m?.getOptionalString('defaultOpsEffort') ?? 'PT45M',
    opsTeamSize: m?.getOptionalNumber('opsTeamSize') ?? 5,
    opsHoursPerWeek: m?.getOptionalNumber('opsHoursPerWeek') ?? 40,
    currency: config.getOptionalString('goldenPath.budget.currency') ?? 'USD',
  };
  problems.push(
    ...(['defaultTicketQueue', 'defaultOpsEffort'] as const)
      .filter(k => parseIsoDuration(defaults[k]) === undefined)
      .map(
        k =>
          `goldenPath.metrics.${k} must be an ISO-8601 duration such as P3D or PT45M`,
      ),
    ...(
      [
        'hourlyRate',
        'developerHourlyRate',
        'opsTeamSize',
        'opsHoursPerWeek',
      ] as const
    )
      .filter(k => !((defaults[k] ?? 0) >= 0))
      .map(k => `goldenPath.metrics.${k} must be 0 or more`),
  );
  if (problems.length)
    throw new Error(
      `Invalid goldenPath.metrics configuration: ${problems.join('; ')}`,
    );
  return defaults;
}
