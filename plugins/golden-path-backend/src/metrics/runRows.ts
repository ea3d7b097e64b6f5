import {
  normaliseGroupRef,
  RunRecord,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { RUNS } from './rollups';

/** Filters every metrics query takes. @public */
export interface RunFilter {
  from: number;
  to: number;
  template?: string;
  owner?: string;
}

export function toRow(r: RunRecord) {
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
    fallback_source: r.fallback.source,
    fallback_queue: r.fallback.queue,
    fallback_ops: r.fallback.ops,
    denied_rules: r.deniedRules.join(','),
  };
}

export function fromRow(row: any): RunRecord {
  return {
    taskId: row.task_id,
    templateRef: row.template_ref,
    ticketType: row.ticket_type,
    owner: row.owner,
    createdBy: row.created_by,
    outcome: row.outcome,
    createdAt: Number(row.created_at),
    ...(row.completed_at !== null && { completedAt: Number(row.completed_at) }),
    ...(row.duration_seconds !== null && {
      durationSeconds: Number(row.duration_seconds),
    }),
    queueSeconds: Number(row.queue_seconds),
    opsSeconds: Number(row.ops_seconds),
    baselineSource: row.baseline_source,
    fallback: {
      source: row.fallback_source ?? row.baseline_source,
      queue: row.fallback_queue ?? `PT${row.queue_seconds}S`,
      ops: row.fallback_ops ?? `PT${row.ops_seconds}S`,
    },
    deniedRules: row.denied_rules ? String(row.denied_rules).split(',') : [],
  };
}

/** The runs of a period (created in [from, to)), of one template or owner when the filter says. */
export function runsIn(knex: Knex, filter: RunFilter) {
  let q = knex(RUNS)
    .where('created_at', '>=', filter.from)
    .andWhere('created_at', '<', filter.to);
  if (filter.template) q = q.andWhere('template_ref', filter.template);
  if (filter.owner) q = q.andWhere('owner', normaliseGroupRef(filter.owner));
  return q;
}
