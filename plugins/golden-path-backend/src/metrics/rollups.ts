import { Knex } from 'knex';
import { randomInt } from 'node:crypto';
import {
  addJsonHistogram,
  addSums,
  addToHistogram,
  DAY_MS,
  DAY_SQL,
  Histogram,
  monthOfDay,
  monthStartDay,
  Sums,
  totalsSelect,
  zeroSums,
} from './sql';

export const RUNS = 'golden_path_runs';
export const DAILY = 'golden_path_runs_daily';
export const MONTHLY = 'golden_path_runs_monthly';
export const DIRTY_DAYS = 'golden_path_runs_dirty_days';
export const DIRTY_MONTHS = 'golden_path_runs_dirty_months';
/** Rebuilding at least this many days counts as a bulk change. */
const BULK_DAYS = 30;

const isPostgres = (knex: Knex) =>
  String(knex.client.config.client).includes('pg');

/** A random token: a day or month marked again while it is rebuilt keeps a different mark. */
export const newMark = () => randomInt(2 ** 47);

/** Marks days (or months) stale; their roll-ups are bypassed until rebuilt. */
export async function markStale(
  knex: Knex,
  table: typeof DIRTY_DAYS | typeof DIRTY_MONTHS,
  keys: number[],
) {
  const column = table === DIRTY_DAYS ? 'day' : 'month';
  const mark = newMark();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 200) {
    await knex(table)
      .insert(unique.slice(i, i + 200).map(k => ({ [column]: k, mark })))
      .onConflict(column)
      .merge(['mark']);
  }
}

/** One roll-up row under construction: sums plus exact histograms. */
interface Group {
  sums: Sums;
  ticketType: string;
  last: number;
  durations: Histogram;
  queues: Histogram;
}

function toRow(group: Group) {
  return {
    ...group.sums,
    ticket_type: group.ticketType,
    last_created_at: group.last,
    durations: JSON.stringify([...group.durations]),
    queues: JSON.stringify([...group.queues]),
  };
}

/**
 * Takes up to `limit` stale keys, rebuilds them in one transaction and clears the marks that did
 * not change meanwhile. On PostgreSQL the marks are locked and other replicas skip them.
 */
async function rebuildBatch(
  knex: Knex,
  table: string,
  column: string,
  limit: number,
  rebuild: (tx: Knex.Transaction, keys: number[]) => Promise<void>,
) {
  return knex.transaction(async tx => {
    let pick = tx(table).orderBy(column).limit(limit).select(column, 'mark');
    if (isPostgres(knex)) pick = pick.forUpdate().skipLocked();
    const marks = await pick;
    if (!marks.length) return 0;
    await rebuild(
      tx,
      marks.map(m => Number(m[column])),
    );
    for (const m of marks)
      await tx(table)
        .where({ [column]: m[column], mark: m.mark })
        .delete();
    return marks.length;
  });
}

/** Daily rows of some days, from the runs. Day ranges on created_at so the index serves them. */
async function rebuildDays(tx: Knex.Transaction, days: number[]) {
  const inDays = (q: Knex.QueryBuilder) =>
    q.where(w =>
      days.forEach(day =>
        w.orWhereBetween('created_at', [
          day * DAY_MS,
          day * DAY_MS + DAY_MS - 1,
        ]),
      ),
    );
  const groups = new Map<
    string,
    Group & { day: number; template_ref: string; owner: string }
  >();
  const key = (r: any) => `${Number(r.day)}|${r.template_ref}|${r.owner}`;
  for (const r of await inDays(tx(RUNS))
    .select(
      tx.raw(`${DAY_SQL} as day`),
      'template_ref',
      'owner',
      ...totalsSelect(tx),
    )
    .groupByRaw(`${DAY_SQL}, template_ref, owner`)) {
    groups.set(key(r), {
      day: Number(r.day),
      template_ref: r.template_ref,
      owner: r.owner,
      sums: addSums(zeroSums(), r),
      ticketType: r.ticket_type,
      last: Number(r.last_created_at),
      durations: new Map(),
      queues: new Map(),
    });
  }
  const histogramRows = await inDays(tx(RUNS))
    .where('outcome', 'completed')
    .whereNotNull('duration_seconds')
    .select(
      tx.raw(`${DAY_SQL} as day`),
      'template_ref',
      'owner',
      'duration_seconds',
      'queue_seconds',
      tx.raw('count(*) as n'),
    )
    .groupByRaw(
      `${DAY_SQL}, template_ref, owner, duration_seconds, queue_seconds`,
    );
  for (const r of histogramRows) {
    const g = groups.get(key(r))!;
    addToHistogram(g.durations, Number(r.duration_seconds), Number(r.n));
    addToHistogram(g.queues, Number(r.queue_seconds), Number(r.n));
  }
  await tx(DAILY).whereIn('day', days).delete();
  const rows = [...groups.values()].map(g => ({
    day: g.day,
    template_ref: g.template_ref,
    owner: g.owner,
    ...toRow(g),
  }));
  for (let i = 0; i < rows.length; i += 100)
    await tx(DAILY)
      .insert(rows.slice(i, i + 100))
      .onConflict(['day', 'template_ref', 'owner'])
      .merge();
  // Their months now disagree with the days: stale until rebuilt (in this transaction, so a reader
  // never sees fresh days and a fresh-looking month that predates them).
  await markStale(tx, DIRTY_MONTHS, days.map(monthOfDay));
}

/** Monthly rows of some months, merged from their daily rows. */
async function rebuildMonths(tx: Knex.Transaction, months: number[]) {
  const rows = [];
  for (const month of months) {
    const groups = new Map<
      string,
      Group & { template_ref: string; owner: string }
    >();
    const daily = await tx(DAILY)
      .where('day', '>=', monthStartDay(month))
      .andWhere('day', '<', monthStartDay(month + 1))
      .select();
    for (const d of daily) {
      const k = `${d.template_ref}|${d.owner}`;
      const g = groups.get(k) ?? {
        template_ref: d.template_ref,
        owner: d.owner,
        sums: zeroSums(),
        ticketType: '',
        last: 0,
        durations: new Map(),
        queues: new Map(),
      };
      addSums(g.sums, d);
      if (Number(d.last_created_at) >= g.last) {
        g.last = Number(d.last_created_at);
        g.ticketType = d.ticket_type;
      }
      addJsonHistogram(g.durations, d.durations);
      addJsonHistogram(g.queues, d.queues);
      groups.set(k, g);
    }
    rows.push(
      ...[...groups.values()].map(g => ({
        month,
        template_ref: g.template_ref,
        owner: g.owner,
        ...toRow(g),
      })),
    );
  }
  await tx(MONTHLY).whereIn('month', months).delete();
  for (let i = 0; i < rows.length; i += 100)
    await tx(MONTHLY)
      .insert(rows.slice(i, i + 100))
      .onConflict(['month', 'template_ref', 'owner'])
      .merge();
}

/**
 * Brings the roll-ups up to date: stale days from the runs, then stale months from the days.
 * Safe to run on several replicas at once; returns the number of days rebuilt.
 */
export async function refreshRollups(knex: Knex): Promise<number> {
  let days = 0;
  for (;;) {
    const rebuilt = await rebuildBatch(
      knex,
      DIRTY_DAYS,
      'day',
      50,
      rebuildDays,
    );
    if (!rebuilt) break;
    days += rebuilt;
  }
  while (await rebuildBatch(knex, DIRTY_MONTHS, 'month', 6, rebuildMonths)) {
    // until no stale month is left
  }
  // After a bulk rebuild (first backfill, big catch-up) PostgreSQL's planner statistics are
  // stale until autovacuum gets there, and summaries fall back to sequential scans.
  if (isPostgres(knex) && days >= BULK_DAYS)
    await knex.raw(`ANALYZE ${RUNS}, ${DAILY}, ${MONTHLY}`);
  return days;
}
