import { InputError } from '@backstage/errors';
import { RunFilter } from './RunStore';

const DAY = 86400_000;

function time(name: string, value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string')
    throw new InputError(`${name} must be given once`);
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new InputError(
      `${name} must be an ISO-8601 date or date-time, e.g. 2026-01-31 (got "${value.slice(
        0,
        40,
      )}")`,
    );
  return t;
}

function optionalRef(name: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 255)
    throw new InputError(`${name} must be one entity ref`);
  return value;
}

/** `from`, `to`, `template`, `owner` from a query string. Defaults: the last 90 days. */
export function parseFilter(
  query: Record<string, unknown>,
  now = Date.now(),
): RunFilter {
  const to = time('to', query.to, now + 1);
  const from = time('from', query.from, to - 90 * DAY);
  if (from >= to) throw new InputError('from must be before to');
  if (to - from > 3 * 366 * DAY)
    throw new InputError('the period may be at most three years');
  return {
    from,
    to,
    template: optionalRef('template', query.template),
    owner: optionalRef('owner', query.owner),
  };
}

export type Bucket = 'day' | 'week' | 'month';

export function parseBucket(value: unknown): Bucket {
  if (value === undefined || value === '') return 'week';
  if (value === 'day' || value === 'week' || value === 'month') return value;
  throw new InputError('bucket must be day, week or month');
}

/** Start of the bucket (UTC) a time falls in; weeks start on Monday. */
export function bucketStart(t: number, bucket: Bucket): number {
  const d = new Date(t);
  if (bucket === 'month')
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (bucket === 'day') return day;
  return day - ((d.getUTCDay() + 6) % 7) * DAY;
}

/** `limit` for lists: 1..100, default 10. */
export function parseLimit(value: unknown): number {
  if (value === undefined || value === '') return 10;
  const n =
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 100))
    throw new InputError('limit must be a whole number from 1 to 100');
  return n;
}
