import { normaliseGroupRef, RunRecord, RunTotals } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { randomInt } from 'node:crypto';
import { addSums, addToHistogram, DAY_MS, DAY_SQL, dayOf, Histogram, histogramPercentile, rollupTotalsSelect, totalsSelect, zeroSums } from './sql';

const TABLE = 'golden_path_runs';
const DAILY = 'golden_path_runs_daily';
const DIRTY = 'golden_path_runs_dirty_days';
/** Rebuilding at least this many days counts as a bulk change. */
const BULK_DAYS = 30;

/** Counts and sums behind the summary (the same definitions as `summarize`). */
export type RunAggregate = RunTotals;

/** One day × template of the time series. */
export interface DailyRow {
  /** Days since the epoch (UTC). */
  day: number;
  template: string;
  runs: number;
  completed: number;
  planned: number;
  failed: number;
  denied: number;
  opsSecondsSaved: number;
  waitSecondsSaved: number;
}

/** Filters every metrics query takes. */
export interface RunFilter {
  from: number;
  to: number;
  template?: string;
  owner?: string;
}

function toRow(r: RunRecord) {
  return {
    task_id: r.taskId,
    template_ref: r.templateRef,
    ticket_type: r.ticketType,
    owner: r.owner === 'unknown' ? r.owner : normaliseGroupRef(r.owner),
    created_by: r.createdBy,
    outcome: r.outcome,
    created_at: r.createdAt,
    completed_at: r.completedAt ?? null,
    duration_seconds: r.durationSeconds ?? null,
    queue_seconds: r.queueSeconds,
    ops_seconds: r.opsSeconds,
    baseline_source: r.baselineSource,
    denied_rules: r.deniedRules.join(','),
  };
}

function fromRow(row: any): RunRecord {
  return {
    taskId: row.task_id,
    templateRef: row.template_ref,
    ticketType: row.ticket_type,
    owner: row.owner,
    createdBy: row.created_by,
    outcome: row.outcome,
    createdAt: Number(row.created_at),
    ...(row.completed_at !== null && { completedAt: Number(row.completed_at) }),
    ...(row.duration_seconds !== null && { durationSeconds: Number(row.duration_seconds) }),
    queueSeconds: Number(row.queue_seconds),
    opsSeconds: Number(row.ops_seconds),
    baselineSource: row.baseline_source,
    deniedRules: row.denied_rules ? String(row.denied_rules).split(',') : [],
  };
}

/** Golden Path runs, one row per task id (SQLite and PostgreSQL). */
export class RunStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Inserts or updates a run. A finished run is never turned back into a running one, so events
   * arriving out of order, replays and concurrent replicas converge on the same row.
   */
  async upsert(runs: RunRecord[]): Promise<void> {
    for (let i = 0; i < runs.length; i += 200) {
      const rows = runs.slice(i, i + 200).map(toRow);
      await this.knex(TABLE)
        .insert(rows)
        .onConflict('task_id')
        .merge(['outcome', 'completed_at', 'duration_seconds', 'denied_rules', 'owner'])
        .where(`${TABLE}.outcome`, '=', 'running');
    }
    // Their days' roll-ups are stale until refreshed; until then those days are read raw.
    const days = [...new Set(runs.map(r => dayOf(r.createdAt)))];
    const mark = randomInt(2 ** 47);
    for (let i = 0; i < days.length; i += 200) {
      await this.knex(DIRTY).insert(days.slice(i, i + 200).map(day => ({ day, mark }))).onConflict('day').merge(['mark']);
    }
  }

  /** Task ids among `ids` that are already stored with a final outcome. */
  async finishedAmong(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.knex(TABLE).whereIn('task_id', ids).whereNot('outcome', 'running').select('task_id');
    return new Set(rows.map(r => r.task_id));
  }

  private filtered(filter: RunFilter) {
    let q = this.knex(TABLE).where('created_at', '>=', filter.from).andWhere('created_at', '<', filter.to);
    if (filter.template) q = q.andWhere('template_ref', filter.template);
    if (filter.owner) q = q.andWhere('owner', normaliseGroupRef(filter.owner));
    return q;
  }

  async list(filter: RunFilter): Promise<RunRecord[]> {
    return (await this.filtered(filter).orderBy('created_at', 'asc').select()).map(fromRow);
  }

  /**
   * Splits a period into whole days that have a fresh roll-up, and the rest (partial edge days and
   * days whose runs changed since their roll-up), which is read from the runs themselves.
   */
  private async plan(filter: RunFilter) {
    const firstDay = Math.ceil(filter.from / DAY_MS);
    const endDay = Math.floor(filter.to / DAY_MS);
    if (firstDay >= endDay) return { rollupDays: undefined, rawWhere: (q: Knex.QueryBuilder) => q };
    const dirty = (await this.knex(DIRTY).where('day', '>=', firstDay).andWhere('day', '<', endDay).select('day')).map(r => Number(r.day));
    const rollupDays = { firstDay, endDay, dirty };
    const rawWhere = (q: Knex.QueryBuilder) =>
      q.andWhere(w => {
        w.where('created_at', '<', firstDay * DAY_MS).orWhere('created_at', '>=', endDay * DAY_MS);
        for (const day of dirty) w.orWhereBetween('created_at', [day * DAY_MS, day * DAY_MS + DAY_MS - 1]);
      });
    return { rollupDays, rawWhere };
  }

  private rollups(filter: RunFilter, days: { firstDay: number; endDay: number; dirty: number[] }) {
    let q = this.knex(DAILY).where('day', '>=', days.firstDay).andWhere('day', '<', days.endDay);
    if (days.dirty.length) q = q.whereNotIn('day', days.dirty);
    if (filter.template) q = q.andWhere('template_ref', filter.template);
    if (filter.owner) q = q.andWhere('owner', normaliseGroupRef(filter.owner));
    return q;
  }

  /**
   * The summary's inputs: sums from the daily roll-ups plus the runs not covered by them, and
   * exact percentiles from merged histograms. Same definitions as `summarize` (tested).
   */
  async aggregate(filter: RunFilter): Promise<RunAggregate> {
    const { rollupDays, rawWhere } = await this.plan(filter);
    const sums = zeroSums();
    const durations: Histogram = new Map();
    const queues: Histogram = new Map();
    const raw = () => rawWhere(this.filtered(filter));
    addSums(sums, await raw().first(totalsSelect(this.knex)));
    for (const r of await raw().where('outcome', 'completed').whereNotNull('duration_seconds').select('duration_seconds', 'queue_seconds')) {
      addToHistogram(durations, Number(r.duration_seconds));
      addToHistogram(queues, Number(r.queue_seconds));
    }
    if (rollupDays) {
      addSums(sums, await this.rollups(filter, rollupDays).first(rollupTotalsSelect(this.knex)));
      for (const r of await this.rollups(filter, rollupDays).where('completed', '>', 0).select('durations', 'queues')) {
        for (const [v, c] of JSON.parse(r.durations)) addToHistogram(durations, v, c);
        for (const [v, c] of JSON.parse(r.queues)) addToHistogram(queues, v, c);
      }
    }
    return {
      runs: sums.runs, completed: sums.completed, planned: sums.planned, failed: sums.failed, denied: sums.denied, cancelled: sums.cancelled, running: sums.running,
      opsSecondsSaved: sums.ops_saved, waitSecondsSaved: sums.wait_saved, ticketOpsSecondsBefore: sums.ticket_ops_before, ticketOpsSecondsAfter: sums.ticket_ops_after,
      medianProvisionSeconds: histogramPercentile(durations, 50), p90ProvisionSeconds: histogramPercentile(durations, 90), medianBaselineQueueSeconds: histogramPercentile(queues, 50),
    };
  }

  /** Per UTC day and template: counts and savings (the time series is folded from these rows). */
  async daily(filter: RunFilter): Promise<DailyRow[]> {
    const { rollupDays, rawWhere } = await this.plan(filter);
    const rows: DailyRow[] = [];
    const toDaily = (r: any): DailyRow => ({
      day: Number(r.day), template: r.template_ref, runs: Number(r.runs), completed: Number(r.completed), planned: Number(r.planned),
      failed: Number(r.failed), denied: Number(r.denied), opsSecondsSaved: Number(r.ops_saved), waitSecondsSaved: Number(r.wait_saved),
    });
    const rawRows = await rawWhere(this.filtered(filter))
      .select(this.knex.raw(`${DAY_SQL} as day`), 'template_ref', ...totalsSelect(this.knex))
      .groupByRaw(`${DAY_SQL}, template_ref`);
    rows.push(...rawRows.map(toDaily));
    if (rollupDays) {
      const rolled = await this.rollups(filter, rollupDays).select('day', 'template_ref', ...rollupTotalsSelect(this.knex)).groupBy('day', 'template_ref');
      rows.push(...rolled.map(toDaily));
    }
    return rows;
  }

  /**
   * Rebuilds the roll-ups of dirty days from the runs. A day marked again while it was rebuilt
   * stays dirty (its mark changed from the one read), so concurrent writers never lose a change.
   */
  async refreshRollups(): Promise<number> {
    let refreshed = 0;
    for (;;) {
      const done = await this.knex.transaction(async tx => {
        // Lock the dirty marks being rebuilt; another replica skips them and takes other days.
        let pick = tx(DIRTY).orderBy('day').limit(50).select('day', 'mark');
        if (this.isPostgres) pick = pick.forUpdate().skipLocked();
        const marks = await pick;
        if (!marks.length) return 0;
        const days = marks.map(m => Number(m.day));
        // Day ranges on created_at (not floor(created_at / day)) so the index serves the query.
        const inDays = (q: Knex.QueryBuilder) => q.where(w => days.forEach(day => w.orWhereBetween('created_at', [day * DAY_MS, day * DAY_MS + DAY_MS - 1])));
        const groups = await inDays(tx(TABLE))
          .select(tx.raw(`${DAY_SQL} as day`), 'template_ref', 'owner', ...totalsSelect(tx))
          .groupByRaw(`${DAY_SQL}, template_ref, owner`);
        const hist = await inDays(tx(TABLE))
          .where('outcome', 'completed')
          .whereNotNull('duration_seconds')
          .select(tx.raw(`${DAY_SQL} as day`), 'template_ref', 'owner', 'duration_seconds', 'queue_seconds', tx.raw('count(*) as n'))
          .groupByRaw(`${DAY_SQL}, template_ref, owner, duration_seconds, queue_seconds`);
        const key = (r: any) => `${Number(r.day)}|${r.template_ref}|${r.owner}`;
        const histograms = new Map<string, { durations: Histogram; queues: Histogram }>();
        for (const r of hist) {
          const h = histograms.get(key(r)) ?? { durations: new Map(), queues: new Map() };
          addToHistogram(h.durations, Number(r.duration_seconds), Number(r.n));
          addToHistogram(h.queues, Number(r.queue_seconds), Number(r.n));
          histograms.set(key(r), h);
        }
        const rows = groups.map((g: any) => {
          const h = histograms.get(key(g));
          return {
            day: Number(g.day), template_ref: g.template_ref, owner: g.owner, ...addSums(zeroSums(), g),
            durations: JSON.stringify([...(h?.durations ?? new Map())]),
            queues: JSON.stringify([...(h?.queues ?? new Map())]),
          };
        });
        await tx(DAILY).whereIn('day', days).delete();
        for (let i = 0; i < rows.length; i += 100) {
          await tx(DAILY).insert(rows.slice(i, i + 100)).onConflict(['day', 'template_ref', 'owner']).merge();
        }
        // A day marked again meanwhile keeps its (new) mark and stays dirty.
        for (const m of marks) await tx(DIRTY).where({ day: m.day, mark: m.mark }).delete();
        return days.length;
      });
      if (!done) break;
      refreshed += done;
    }
    // After a bulk rebuild (first backfill, big catch-up) PostgreSQL's planner statistics are
    // stale until autovacuum gets there, and summaries fall back to sequential scans.
    if (this.isPostgres && refreshed >= BULK_DAYS) await this.knex.raw(`ANALYZE ${TABLE}, ${DAILY}`);
    return refreshed;
  }

  private get isPostgres(): boolean {
    return String(this.knex.client.config.client).includes('pg');
  }

  async getState(key: string): Promise<string | undefined> {
    const row = await this.knex('golden_path_collector_state').where({ key }).first();
    return row?.value;
  }

  async setState(key: string, value: string): Promise<void> {
    await this.knex('golden_path_collector_state').insert({ key, value }).onConflict('key').merge();
  }

  async count(): Promise<number> {
    const [{ n }] = await this.knex(TABLE).count({ n: '*' });
    return Number(n);
  }
}
