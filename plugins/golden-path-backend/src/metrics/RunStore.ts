import { normaliseGroupRef, RunRecord } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';

const TABLE = 'golden_path_runs';

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

  async list(filter: RunFilter): Promise<RunRecord[]> {
    let q = this.knex(TABLE).where('created_at', '>=', filter.from).andWhere('created_at', '<', filter.to);
    if (filter.template) q = q.andWhere('template_ref', filter.template);
    if (filter.owner) q = q.andWhere('owner', normaliseGroupRef(filter.owner));
    return (await q.orderBy('created_at', 'asc').select()).map(fromRow);
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
