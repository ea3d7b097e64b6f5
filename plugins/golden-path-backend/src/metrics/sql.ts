import { OutcomeCounts } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';

export const DAY_MS = 86400_000;
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

/** Months since 1970-01 (UTC) of a day number. */
export function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** First day number of a month number. */
export const monthStartDay = (month: number) =>
  Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS;

const OUTCOMES = [
  'completed',
  'planned',
  'failed',
  'denied',
  'cancelled',
  'running',
] as const;
const COMPLETED = "outcome = 'completed'";
const FINISHED = "outcome IN ('completed', 'failed', 'denied', 'cancelled')";

/** SQL for a run's day (UTC days since the epoch). */
export const DAY_SQL = 'floor(created_at / 86400000)';

/**
 * The summary's sums over raw runs, as select expressions. The definitions match `summarize` in
 * -common (tests compare both): savings only for completed runs, wait floored at zero.
 */
export function totalsSelect(k: Knex) {
  return [
    k.raw('count(*) as runs'),
    ...OUTCOMES.map(o =>
      k.raw(`sum(case when outcome = '${o}' then 1 else 0 end) as ${o}`),
    ),
    k.raw(
      `sum(case when ${COMPLETED} then ops_seconds else 0 end) as ops_saved`,
    ),
    k.raw(
      `sum(case when ${COMPLETED} and queue_seconds > coalesce(duration_seconds, 0) then queue_seconds - coalesce(duration_seconds, 0) else 0 end) as wait_saved`,
    ),
    k.raw(
      `sum(case when ${FINISHED} then ops_seconds else 0 end) as ticket_ops_before`,
    ),
    k.raw(
      `sum(case when ${FINISHED} and outcome <> 'completed' then ops_seconds else 0 end) as ticket_ops_after`,
    ),
    k.raw('max(created_at) as last_created_at'),
    k.raw('max(ticket_type) as ticket_type'),
  ];
}

/** The same sums over roll-up rows. */
export function rollupTotalsSelect(k: Knex) {
  return [
    k.raw('sum(runs) as runs'),
    ...OUTCOMES.map(o => k.raw(`sum(${o}) as ${o}`)),
    ...['ops_saved', 'wait_saved', 'ticket_ops_before', 'ticket_ops_after'].map(
      c => k.raw(`sum(${c}) as ${c}`),
    ),
    k.raw('max(last_created_at) as last_created_at'),
    k.raw('max(ticket_type) as ticket_type'),
  ];
}

/** Sums as the SQL aliases name them (the daily table's columns). */
export interface Sums extends OutcomeCounts {
  ops_saved: number;
  wait_saved: number;
  ticket_ops_before: number;
  ticket_ops_after: number;
}

export const zeroSums = (): Sums => ({
  runs: 0,
  completed: 0,
  planned: 0,
  failed: 0,
  denied: 0,
  cancelled: 0,
  running: 0,
  ops_saved: 0,
  wait_saved: 0,
  ticket_ops_before: 0,
  ticket_ops_after: 0,
});

/** Adds a database row of sums (strings on PostgreSQL, numbers on SQLite, null when empty). */
export function addSums(
  into: Sums,
  row: Record<string, unknown> | undefined,
): Sums {
  for (const key of Object.keys(into) as Array<keyof Sums>)
    into[key] += Number(row?.[key] ?? 0);
  return into;
}

/** Merges a stored JSON histogram (`[[seconds, count], ...]`). */
export function addJsonHistogram(h: Histogram, json: string) {
  for (const [v, c] of JSON.parse(json)) addToHistogram(h, v, c);
}

/** Sparse histogram of integer seconds → count, exact for nearest-rank percentiles. */
export type Histogram = Map<number, number>;

export function addToHistogram(h: Histogram, value: number, count = 1) {
  h.set(value, (h.get(value) ?? 0) + count);
}

export function histogramPercentile(h: Histogram, p: number): number | null {
  const total = [...h.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const value of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(value)!;
    if (seen >= rank) return value;
  }
  return null;
}
