import { MetricsDefaults, RunRecord, savingsOf, summarize } from '@golden-path/plugin-golden-path-common';
import { Bucket, bucketStart } from './query';
import { DailyRow, RunFilter } from './RunStore';

/** Summary per key (template or owner), biggest saving first. */
export function breakdown(runs: RunRecord[], key: 'templateRef' | 'owner', defaults: MetricsDefaults, filter: RunFilter) {
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) groups.set(r[key], [...(groups.get(r[key]) ?? []), r]);
  return [...groups.entries()]
    .map(([name, rs]) => {
      const s = summarize(rs, defaults, filter);
      return {
        [key === 'templateRef' ? 'template' : 'owner']: name,
        ...(key === 'templateRef' && { ticketType: rs[0].ticketType }),
        runs: s.runs, completed: s.completed, planned: s.planned, failed: s.failed, denied: s.denied,
        ticketsAvoided: s.ticketsAvoided, developerWaitHoursSaved: s.developerWaitHoursSaved, opsHoursSaved: s.opsHoursSaved,
        moneySaved: s.moneySaved, medianProvisionSeconds: s.medianProvisionSeconds,
        lastRunAt: new Date(Math.max(...rs.map(r => r.createdAt))).toISOString(),
      };
    })
    .sort((a, b) => b.opsHoursSaved - a.opsHoursSaved || b.runs - a.runs);
}

/** Runs and savings per day/week/month, with runs per template for stacking, from daily rows. */
export function timeseries(daily: DailyRow[], bucket: Bucket, defaults: MetricsDefaults) {
  type Item = { start: string; runs: number; completed: number; planned: number; failed: number; denied: number; ticketsAvoided: number; opsHoursSaved: number; developerWaitHoursSaved: number; moneySaved: number; byTemplate: Record<string, number> };
  const buckets = new Map<number, Item>();
  for (const d of daily) {
    const start = bucketStart(d.day * 86400_000, bucket);
    const b = buckets.get(start) ?? { start: new Date(start).toISOString(), runs: 0, completed: 0, planned: 0, failed: 0, denied: 0, ticketsAvoided: 0, opsHoursSaved: 0, developerWaitHoursSaved: 0, moneySaved: 0, byTemplate: {} };
    b.runs += d.runs;
    b.completed += d.completed;
    b.planned += d.planned;
    b.failed += d.failed;
    b.denied += d.denied;
    b.ticketsAvoided += d.completed;
    b.opsHoursSaved += d.opsSecondsSaved / 3600;
    b.developerWaitHoursSaved += d.waitSecondsSaved / 3600;
    b.moneySaved += (d.opsSecondsSaved / 3600) * defaults.hourlyRate;
    b.byTemplate[d.template] = (b.byTemplate[d.template] ?? 0) + d.runs;
    buckets.set(start, b);
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, b]) => ({ ...b, opsHoursSaved: round(b.opsHoursSaved), developerWaitHoursSaved: round(b.developerWaitHoursSaved), moneySaved: round(b.moneySaved) }));
}

/** A cell that spreadsheets will not execute (formula injection) and that survives commas/quotes. */
function cell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every run with its figures, one line each. */
export function toCsv(runs: RunRecord[], defaults: MetricsDefaults): string {
  const header = ['task_id', 'template', 'ticket_type', 'owner', 'created_by', 'outcome', 'created_at', 'completed_at', 'duration_seconds', 'baseline_queue_seconds', 'baseline_ops_seconds', 'baseline_source', 'ticket_avoided', 'developer_wait_hours_saved', 'ops_hours_saved', `money_saved_${defaults.currency ?? 'USD'}`, 'denied_rules'];
  const lines = runs.map(r => {
    const s = savingsOf(r);
    return [
      r.taskId, r.templateRef, r.ticketType, r.owner, r.createdBy, r.outcome, new Date(r.createdAt).toISOString(),
      r.completedAt ? new Date(r.completedAt).toISOString() : '', r.durationSeconds ?? '', r.queueSeconds, r.opsSeconds, r.baselineSource,
      s.tickets, (s.waitSeconds / 3600).toFixed(2), (s.opsSeconds / 3600).toFixed(2), ((s.opsSeconds / 3600) * defaults.hourlyRate).toFixed(2), r.deniedRules.join(' '),
    ].map(cell).join(',');
  });
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
