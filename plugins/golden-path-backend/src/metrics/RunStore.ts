import {
  normaliseGroupRef,
  RunRecord,
  RunTotals,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import type { BaselineStore } from './BaselineStore';
import { PeriodPlan, planPeriod } from './periods';
import { fromRow, RunFilter, runsIn, toRow } from './runRows';
import {
  DAILY,
  DIRTY_DAYS,
  DIRTY_MONTHS,
  markStale,
  MONTHLY,
  refreshRollups,
  RUNS,
} from './rollups';
import {
  addJsonHistogram,
  addSums,
  addToHistogram,
  DAY_MS,
  DAY_SQL,
  dayOf,
  Histogram,
  histogramPercentile,
  monthOfDay,
  rollupTotalsSelect,
  Sums,
  totalsSelect,
  zeroSums,
} from './sql';

const TABLE = RUNS;

export type { RunFilter } from './runRows';

/** Counts and sums behind the summary (the same definitions as `summarize`). @public */
export type RunAggregate = RunTotals;

/** A group's totals, with its newest run and that run's ticket type. @public */
export interface GroupAggregate extends RunTotals {
  lastRunAt: number;
  ticketType: string;
}

const EMPTY_TOTALS: RunTotals = {
  runs: 0,
  completed: 0,
  planned: 0,
  failed: 0,
  denied: 0,
  cancelled: 0,
  running: 0,
  opsSecondsSaved: 0,
  waitSecondsSaved: 0,
  ticketOpsSecondsBefore: 0,
  ticketOpsSecondsAfter: 0,
  medianProvisionSeconds: null,
  p90ProvisionSeconds: null,
  medianBaselineQueueSeconds: null,
};

/** One day × template of the time series. @public */
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

/** Golden Path runs, one row per task id (SQLite and PostgreSQL). @public */
export class RunStore {
  /** `baselines`: runs take the measured baseline of their ticket type as they are stored. */
  constructor(
    private readonly knex: Knex,
    private readonly baselines?: BaselineStore,
  ) {}

  /**
   * Inserts or updates a run. A finished run is never turned back into a running one, so events
   * arriving out of order, replays and concurrent replicas converge on the same row.
   */
  async upsert(runs: RunRecord[]): Promise<void> {
    for (let i = 0; i < runs.length; i += 200) {
      const rows = runs.slice(i, i + 200).map(toRow);
      await this.knex(TABLE)
        .insert((await this.baselines?.stamp(rows)) ?? rows)
        .onConflict('task_id')
        .merge([
          'outcome',
          'completed_at',
          'duration_seconds',
          'denied_rules',
          'owner',
          'queue_seconds',
          'ops_seconds',
          'baseline_source',
        ])
        .where(`${TABLE}.outcome`, '=', 'running');
    }
    // Their days' roll-ups are stale until refreshed; until then those days are read raw.
    await markStale(
      this.knex,
      DIRTY_DAYS,
      runs.map(r => dayOf(r.createdAt)),
    );
  }

  /** Task ids among `ids` that are already stored with a final outcome. */
  async finishedAmong(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.knex(TABLE)
      .whereIn('task_id', ids)
      .whereNot('outcome', 'running')
      .select('task_id');
    return new Set(rows.map(r => r.task_id));
  }

  private filtered(filter: RunFilter) {
    return runsIn(this.knex, filter);
  }

  async list(filter: RunFilter): Promise<RunRecord[]> {
    return (
      await this.filtered(filter).orderBy('created_at', 'asc').select()
    ).map(fromRow);
  }

  /** Stale days and months that touch a period; their roll-ups are bypassed. */
  private async plan(
    filter: RunFilter,
    useMonths: boolean,
  ): Promise<PeriodPlan> {
    const [firstDay, endDay] = [
      Math.floor(filter.from / DAY_MS),
      Math.ceil(filter.to / DAY_MS),
    ];
    const days = (
      await this.knex(DIRTY_DAYS)
        .where('day', '>=', firstDay)
        .andWhere('day', '<', endDay)
        .select('day')
    ).map(r => Number(r.day));
    const months = useMonths
      ? (
          await this.knex(DIRTY_MONTHS)
            .where('month', '>=', monthOfDay(firstDay))
            .andWhere('month', '<=', monthOfDay(endDay))
            .select('month')
        ).map(r => Number(r.month))
      : [];
    return planPeriod(filter.from, filter.to, { days, months }, useMonths);
  }

  /** The runs of a plan's raw ranges (none when the plan has none). */
  private rawRuns(filter: RunFilter, plan: PeriodPlan) {
    return this.filtered(filter).andWhere(w => {
      if (!plan.rawRanges.length) w.whereRaw('1 = 0');
      for (const [s, e] of plan.rawRanges)
        w.orWhere(r =>
          r.where('created_at', '>=', s).andWhere('created_at', '<', e),
        );
    });
  }

  /** A roll-up table's rows for a plan: whole months, or the plan's day ranges. */
  private rolled(filter: RunFilter, plan: PeriodPlan, level: 'day' | 'month') {
    let q =
      level === 'month'
        ? this.knex(MONTHLY).whereIn('month', plan.months)
        : this.knex(DAILY).where(w => {
            for (const [s, e] of plan.dayRanges)
              w.orWhere(r => r.where('day', '>=', s).andWhere('day', '<', e));
          });
    if (filter.template) q = q.andWhere('template_ref', filter.template);
    if (filter.owner) q = q.andWhere('owner', normaliseGroupRef(filter.owner));
    return q;
  }

  /**
   * The summary's inputs per group (one group `''` without `by`): sums from the monthly and daily
   * roll-ups plus the runs they do not cover, and exact percentiles from merged histograms. Same
   * definitions as `summarize` (tested).
   */
  async aggregateBy(
    filter: RunFilter,
    by?: 'template_ref' | 'owner',
  ): Promise<Map<string, GroupAggregate>> {
    const plan = await this.plan(filter, true);
    const groups = new Map<
      string,
      {
        sums: Sums;
        last: number;
        ticketType: string;
        durations: Histogram;
        queues: Histogram;
      }
    >();
    const group = (row: any) => {
      const key = by ? String(row[by]) : '';
      const g = groups.get(key) ?? {
        sums: zeroSums(),
        last: 0,
        ticketType: '',
        durations: new Map(),
        queues: new Map(),
      };
      groups.set(key, g);
      return g;
    };
    const cols = by ? [by] : [];
    const grouped = (q: Knex.QueryBuilder, extra: string[] = []) =>
      cols.length + extra.length ? q.groupBy([...cols, ...extra]) : q;
    const addTotals = (rows: any[]) => {
      for (const r of rows) {
        const g = group(r);
        addSums(g.sums, r);
        if (Number(r.last_created_at) >= g.last)
          [g.last, g.ticketType] = [Number(r.last_created_at), r.ticket_type];
      }
    };
    addTotals(
      await grouped(
        this.rawRuns(filter, plan).select(...cols, ...totalsSelect(this.knex)),
      ),
    );
    const histogramRows = this.rawRuns(filter, plan)
      .where('outcome', 'completed')
      .whereNotNull('duration_seconds')
      .select(
        ...cols,
        'duration_seconds',
        'queue_seconds',
        this.knex.raw('count(*) as n'),
      );
    for (const r of await grouped(histogramRows, [
      'duration_seconds',
      'queue_seconds',
    ])) {
      addToHistogram(
        group(r).durations,
        Number(r.duration_seconds),
        Number(r.n),
      );
      addToHistogram(group(r).queues, Number(r.queue_seconds), Number(r.n));
    }
    for (const level of ['month', 'day'] as const) {
      if (level === 'month' ? !plan.months.length : !plan.dayRanges.length)
        continue;
      addTotals(
        await grouped(
          this.rolled(filter, plan, level).select(
            ...cols,
            ...rollupTotalsSelect(this.knex),
          ),
        ),
      );
      for (const r of await this.rolled(filter, plan, level)
        .where('completed', '>', 0)
        .select(...cols, 'durations', 'queues')) {
        addJsonHistogram(group(r).durations, r.durations);
        addJsonHistogram(group(r).queues, r.queues);
      }
    }
    const out = new Map<string, GroupAggregate>();
    for (const [key, g] of groups) {
      if (!g.sums.runs) continue;
      out.set(key, {
        runs: g.sums.runs,
        completed: g.sums.completed,
        planned: g.sums.planned,
        failed: g.sums.failed,
        denied: g.sums.denied,
        cancelled: g.sums.cancelled,
        running: g.sums.running,
        opsSecondsSaved: g.sums.ops_saved,
        waitSecondsSaved: g.sums.wait_saved,
        ticketOpsSecondsBefore: g.sums.ticket_ops_before,
        ticketOpsSecondsAfter: g.sums.ticket_ops_after,
        medianProvisionSeconds: histogramPercentile(g.durations, 50),
        p90ProvisionSeconds: histogramPercentile(g.durations, 90),
        medianBaselineQueueSeconds: histogramPercentile(g.queues, 50),
        lastRunAt: g.last,
        ticketType: g.ticketType,
      });
    }
    return out;
  }

  /** The summary's inputs for the whole filter. */
  async aggregate(filter: RunFilter): Promise<RunAggregate> {
    return (await this.aggregateBy(filter)).get('') ?? { ...EMPTY_TOTALS };
  }

  /** Per UTC day and template: counts and savings (the time series is folded from these rows). */
  async daily(filter: RunFilter): Promise<DailyRow[]> {
    const plan = await this.plan(filter, false);
    const toDaily = (r: any): DailyRow => ({
      day: Number(r.day),
      template: r.template_ref,
      runs: Number(r.runs),
      completed: Number(r.completed),
      planned: Number(r.planned),
      failed: Number(r.failed),
      denied: Number(r.denied),
      opsSecondsSaved: Number(r.ops_saved),
      waitSecondsSaved: Number(r.wait_saved),
    });
    const rawRows = await this.rawRuns(filter, plan)
      .select(
        this.knex.raw(`${DAY_SQL} as day`),
        'template_ref',
        ...totalsSelect(this.knex),
      )
      .groupByRaw(`${DAY_SQL}, template_ref`);
    const rolled = plan.dayRanges.length
      ? await this.rolled(filter, plan, 'day')
          .select('day', 'template_ref', ...rollupTotalsSelect(this.knex))
          .groupBy('day', 'template_ref')
      : [];
    return [...rawRows, ...rolled].map(toDaily);
  }

  /** The newest runs of a filter, newest first. */
  async latest(filter: RunFilter, limit: number): Promise<RunRecord[]> {
    return (
      await this.filtered(filter)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .select()
    ).map(fromRow);
  }

  /** Brings the daily and monthly roll-ups up to date; returns the number of days rebuilt. */
  async refreshRollups(): Promise<number> {
    return refreshRollups(this.knex);
  }

  async getState(key: string): Promise<string | undefined> {
    const row = await this.knex('golden_path_collector_state')
      .where({ key })
      .first();
    return row?.value;
  }

  async setState(key: string, value: string): Promise<void> {
    await this.knex('golden_path_collector_state')
      .insert({ key, value })
      .onConflict('key')
      .merge();
  }

  async count(): Promise<number> {
    const [{ n }] = await this.knex(TABLE).count({ n: '*' });
    return Number(n);
  }
}
