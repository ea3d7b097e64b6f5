import { normaliseGroupRef, RunRecord, RunTotals } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';

const TABLE = 'golden_path_runs';

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
   * The summary's inputs computed in the database (counts and sums in one pass, percentiles by
   * offset), so the summary does not load every run. Same definitions as `summarize`.
   */
  async aggregate(filter: RunFilter): Promise<RunAggregate> {
    const k = this.knex;
    const completed = "outcome = 'completed'";
    const counted = "outcome IN ('completed', 'failed', 'denied', 'cancelled')";
    const [row] = await this.filtered(filter).select(
      k.raw('count(*) as runs'),
      ...(['completed', 'planned', 'failed', 'denied', 'cancelled', 'running'] as const).map(o => k.raw(`sum(case when outcome = '${o}' then 1 else 0 end) as ${o}`)),
      k.raw(`sum(case when ${completed} then ops_seconds else 0 end) as ops_saved`),
      k.raw(`sum(case when ${completed} and queue_seconds > coalesce(duration_seconds, 0) then queue_seconds - coalesce(duration_seconds, 0) else 0 end) as wait_saved`),
      k.raw(`sum(case when ${counted} then ops_seconds else 0 end) as ticket_ops_before`),
      k.raw(`sum(case when ${counted} and outcome <> 'completed' then ops_seconds else 0 end) as ticket_ops_after`),
      k.raw(`sum(case when ${completed} and duration_seconds is not null then 1 else 0 end) as timed`),
    );
    const n = (v: unknown) => Number(v ?? 0);
    const timed = n(row.timed);
    const nth = async (column: 'duration_seconds' | 'queue_seconds', p: number) => {
      if (!timed) return null;
      const offset = Math.min(timed - 1, Math.max(0, Math.ceil((p / 100) * timed) - 1));
      const [r] = await this.filtered(filter).where('outcome', 'completed').whereNotNull('duration_seconds').orderBy(column, 'asc').offset(offset).limit(1).select(column);
      return r ? Number(r[column]) : null;
    };
    return {
      runs: n(row.runs), completed: n(row.completed), planned: n(row.planned), failed: n(row.failed), denied: n(row.denied), cancelled: n(row.cancelled), running: n(row.running),
      opsSecondsSaved: n(row.ops_saved), waitSecondsSaved: n(row.wait_saved), ticketOpsSecondsBefore: n(row.ticket_ops_before), ticketOpsSecondsAfter: n(row.ticket_ops_after),
      medianProvisionSeconds: await nth('duration_seconds', 50), p90ProvisionSeconds: await nth('duration_seconds', 90), medianBaselineQueueSeconds: await nth('queue_seconds', 50),
    };
  }

  /** Per UTC day and template: counts and savings (the time series is folded from these rows). */
  async daily(filter: RunFilter): Promise<DailyRow[]> {
    const k = this.knex;
    const completed = "outcome = 'completed'";
    const rows = await this.filtered(filter)
      .select(
        k.raw('floor(created_at / 86400000) as day'),
        'template_ref',
        k.raw('count(*) as runs'),
        ...(['completed', 'planned', 'failed', 'denied'] as const).map(o => k.raw(`sum(case when outcome = '${o}' then 1 else 0 end) as ${o}`)),
        k.raw(`sum(case when ${completed} then ops_seconds else 0 end) as ops_saved`),
        k.raw(`sum(case when ${completed} and queue_seconds > coalesce(duration_seconds, 0) then queue_seconds - coalesce(duration_seconds, 0) else 0 end) as wait_saved`),
      )
      .groupByRaw('floor(created_at / 86400000), template_ref');
    return rows.map((r: any) => ({
      day: Number(r.day), template: r.template_ref, runs: Number(r.runs), completed: Number(r.completed), planned: Number(r.planned),
      failed: Number(r.failed), denied: Number(r.denied), opsSecondsSaved: Number(r.ops_saved), waitSecondsSaved: Number(r.wait_saved),
    }));
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
