import { MetricsQuery } from '@golden-path/plugin-golden-path-common/client';

const DAY = 86400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** What the page shows: a period as people pick it (inclusive UTC dates), optionally narrowed to one template or team. */
export interface Period {
  from: string;
  to: string;
  template?: string;
  owner?: string;
}

export const PRESETS = [
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: '365d', label: 'Last 12 months', days: 365 },
] as const;

/** The last `days` days including today. */
export function lastDays(days: number, now = Date.now()): Period {
  return { from: iso(now - (days - 1) * DAY), to: iso(now) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period in the page's URL, or the last 90 days when missing or invalid. */
export function periodFromSearch(
  search: URLSearchParams,
  now = Date.now(),
): Period {
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const scope = {
    ...(search.get('template') && { template: search.get('template')! }),
    ...(search.get('owner') && { owner: search.get('owner')! }),
  };
  if (
    DATE.test(from) &&
    DATE.test(to) &&
    !Number.isNaN(Date.parse(from)) &&
    !Number.isNaN(Date.parse(to)) &&
    from <= to
  )
    return { from, to, ...scope };
  return { ...lastDays(90, now), ...scope };
}

/** The page's URL parameters for a view. */
export function toSearch(p: Period): Record<string, string> {
  return {
    from: p.from,
    to: p.to,
    ...(p.template && { template: p.template }),
    ...(p.owner && { owner: p.owner }),
  };
}

/** The API's half-open [from, to): the end date is included, so `to` is the next day. */
export function toQuery(period: Period): MetricsQuery {
  return {
    from: period.from,
    to: iso(Date.parse(period.to) + DAY),
    ...(period.template && { template: period.template }),
    ...(period.owner && { owner: period.owner }),
  };
}

/** Days in the period. */
export const periodDays = (p: Period) =>
  Math.round((Date.parse(p.to) - Date.parse(p.from)) / DAY) + 1;

/** Chart bucket: days for a fortnight, weeks up to a year and a bit, months beyond. */
export function bucketFor(p: Period): 'day' | 'week' | 'month' {
  const days = periodDays(p);
  if (days <= 14) return 'day';
  return days <= 400 ? 'week' : 'month';
}
