import {
  moneyOf,
  MetricsDefaults,
  RunRecord,
  savingsOf,
  summaryFromTotals,
} from '@golden-path/plugin-golden-path-common';
import { Bucket, bucketStart } from './query';
import { DailyRow, GroupAggregate, RunFilter } from './RunStore';

/** Summary per group (template or owner), biggest saving first. */
export function breakdown(
  groups: Map<string, GroupAggregate>,
  key: 'template' | 'owner',
  defaults: MetricsDefaults,
  filter: RunFilter,
) {
  return [...groups.entries()]
    .map(([name, totals]) => {
      const s = summaryFromTotals(totals, defaults, filter);
      return {
        name,
        ...(key === 'template'
          ? { template: name, ticketType: totals.ticketType }
          : { owner: name }),
        runs: s.runs,
        completed: s.completed,
        planned: s.planned,
        failed: s.failed,
        denied: s.denied,
        ticketsAvoided: s.ticketsAvoided,
        developerWaitHoursSaved: s.developerWaitHoursSaved,
        opsHoursSaved: s.opsHoursSaved,
        moneySaved: s.moneySaved,
        medianProvisionSeconds: s.medianProvisionSeconds,
        failureRate: s.failureRate,
        lastRunAt: new Date(totals.lastRunAt).toISOString(),
      };
    })
    .sort(
      (a, b) =>
        b.opsHoursSaved - a.opsHoursSaved ||
        b.runs - a.runs ||
        a.name.localeCompare(b.name),
    )
    .map(({ name: _name, ...item }) => item);
}

/** Runs and savings per day/week/month, with runs per template for stacking, from daily rows. */
export function timeseries(
  daily: DailyRow[],
  bucket: Bucket,
  defaults: MetricsDefaults,
) {
  type Item = {
    start: string;
    runs: number;
    completed: number;
    planned: number;
    failed: number;
    denied: number;
    ticketsAvoided: number;
    opsHoursSaved: number;
    developerWaitHoursSaved: number;
    moneySaved: number;
    byTemplate: Record<string, number>;
  };
  const buckets = new Map<number, Item>();
  for (const d of daily) {
    const start = bucketStart(d.day * 86400_000, bucket);
    const b = buckets.get(start) ?? {
      start: new Date(start).toISOString(),
      runs: 0,
      completed: 0,
      planned: 0,
      failed: 0,
      denied: 0,
      ticketsAvoided: 0,
      opsHoursSaved: 0,
      developerWaitHoursSaved: 0,
      moneySaved: 0,
      byTemplate: {},
    };
    b.runs += d.runs;
    b.completed += d.completed;
    b.planned += d.planned;
    b.failed += d.failed;
    b.denied += d.denied;
    b.ticketsAvoided += d.completed;
    b.opsHoursSaved += d.opsSecondsSaved / 3600;
    b.developerWaitHoursSaved += d.waitSecondsSaved / 3600;
    b.moneySaved += moneyOf(
      d.waitSecondsSaved,
      d.opsSecondsSaved,
      defaults,
    ).moneySaved;
    b.byTemplate[d.template] = (b.byTemplate[d.template] ?? 0) + d.runs;
    buckets.set(start, b);
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, b]) => ({
      ...b,
      opsHoursSaved: round(b.opsHoursSaved),
      developerWaitHoursSaved: round(b.developerWaitHoursSaved),
      moneySaved: round(b.moneySaved),
    }));
}

/** One run as the API shows it. */
export function runView(r: RunRecord) {
  return {
    taskId: r.taskId,
    template: r.templateRef,
    ticketType: r.ticketType,
    owner: r.owner,
    createdBy: r.createdBy,
    outcome: r.outcome,
    createdAt: new Date(r.createdAt).toISOString(),
    completedAt: r.completedAt ? new Date(r.completedAt).toISOString() : null,
    durationSeconds: r.durationSeconds ?? null,
    deniedRules: r.deniedRules,
  };
}

/** A cell that spreadsheets will not execute (formula injection) and that survives commas/quotes. */
function cell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every run with its figures, one line each. */
export function toCsv(runs: RunRecord[], defaults: MetricsDefaults): string {
  const currency = defaults.currency ?? 'USD';
  const { rates } = moneyOf(0, 0, defaults);
  const header = [
    'task_id',
    'template',
    'ticket_type',
    'owner',
    'created_by',
    'outcome',
    'created_at',
    'completed_at',
    'duration_seconds',
    'baseline_queue_seconds',
    'baseline_ops_seconds',
    'baseline_source',
    'baseline_claimed_by_template',
    'ticket_avoided',
    'developer_wait_working_hours_saved',
    'ops_hours_saved',
    `developer_wait_money_${currency} (= developer_wait_working_hours_saved × ${rates.developerHourly})`,
    `ops_effort_money_${currency} (= ops_hours_saved × ${rates.opsHourly})`,
    `money_saved_${currency} (= developer wait + ops effort)`,
    'denied_rules',
  ];
  const lines = runs.map(r => {
    const s = savingsOf(r);
    const money = moneyOf(s.waitSeconds, s.opsSeconds, defaults);
    return [
      r.taskId,
      r.templateRef,
      r.ticketType,
      r.owner,
      r.createdBy,
      r.outcome,
      new Date(r.createdAt).toISOString(),
      r.completedAt ? new Date(r.completedAt).toISOString() : '',
      r.durationSeconds ?? '',
      r.queueSeconds,
      r.opsSeconds,
      r.baselineSource,
      `${r.fallback.source}: wait ${r.fallback.queue}, ops ${r.fallback.ops}`,
      s.tickets,
      (s.waitSeconds / 3600).toFixed(2),
      (s.opsSeconds / 3600).toFixed(2),
      money.developerWaitMoney.toFixed(2),
      money.opsEffortMoney.toFixed(2),
      money.moneySaved.toFixed(2),
      r.deniedRules.join(' '),
    ]
      .map(cell)
      .join(',');
  });
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
