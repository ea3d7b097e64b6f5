import { MetricsDefaults, RunRecord } from './runs';

/** The headline numbers, one definition for backend and frontend. @public */
export interface MetricsSummary {
  runs: number;
  completed: number;
  planned: number;
  failed: number;
  denied: number;
  cancelled: number;
  running: number;
  ticketsAvoided: number;
  developerWaitHoursSaved: number;
  opsHoursSaved: number;
  moneySaved: number;
  currency: string;
  medianProvisionSeconds: number | null;
  p90ProvisionSeconds: number | null;
  medianBaselineQueueSeconds: number | null;
  failureRate: number;
  denialRate: number;
  ticketOpsShare: { before: number; after: number; capacityHours: number; ticketHoursBefore: number; ticketHoursAfter: number };
}

/** Ticket-avoided contribution of one run: only completed live runs count. @public */
export function savingsOf(run: Pick<RunRecord, 'outcome' | 'queueSeconds' | 'opsSeconds' | 'durationSeconds'>) {
  if (run.outcome !== 'completed') return { tickets: 0, waitSeconds: 0, opsSeconds: 0 };
  return { tickets: 1, waitSeconds: Math.max(0, run.queueSeconds - (run.durationSeconds ?? 0)), opsSeconds: run.opsSeconds };
}

/** Nearest-rank percentile of sorted numbers. @public */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Folds runs into the summary. TicketOps share: the ops hours the period's tickets would have
 * consumed (every run that replaced a ticket, had it been a ticket) ÷ ops capacity, before; and the
 * ops hours still spent on tickets (runs that did not complete live and went back to a ticket), after.
 * @public
 */
export function summarize(runs: Iterable<RunRecord>, defaults: MetricsDefaults, period: { from: number; to: number }): MetricsSummary {
  const counts = { runs: 0, completed: 0, planned: 0, failed: 0, denied: 0, cancelled: 0, running: 0 };
  let tickets = 0;
  let wait = 0;
  let ops = 0;
  let ticketOpsBefore = 0;
  let ticketOpsAfter = 0;
  const durations: number[] = [];
  const queues: number[] = [];
  for (const run of runs) {
    counts.runs++;
    counts[run.outcome]++;
    const s = savingsOf(run);
    tickets += s.tickets;
    wait += s.waitSeconds;
    ops += s.opsSeconds;
    if (run.outcome === 'planned' || run.outcome === 'running') continue;
    ticketOpsBefore += run.opsSeconds;
    if (run.outcome !== 'completed') ticketOpsAfter += run.opsSeconds;
    if (run.outcome === 'completed' && run.durationSeconds !== undefined) {
      durations.push(run.durationSeconds);
      queues.push(run.queueSeconds);
    }
  }
  durations.sort((a, b) => a - b);
  queues.sort((a, b) => a - b);
  const weeks = Math.max(1 / 7, (period.to - period.from) / (7 * 86400_000));
  const capacityHours = defaults.opsTeamSize * (defaults.opsHoursPerWeek ?? 40) * weeks;
  const finished = counts.completed + counts.failed + counts.denied;
  return {
    ...counts,
    ticketsAvoided: tickets,
    developerWaitHoursSaved: round2(wait / 3600),
    opsHoursSaved: round2(ops / 3600),
    moneySaved: round2((ops / 3600) * defaults.hourlyRate),
    currency: defaults.currency ?? 'USD',
    medianProvisionSeconds: percentile(durations, 50),
    p90ProvisionSeconds: percentile(durations, 90),
    medianBaselineQueueSeconds: percentile(queues, 50),
    failureRate: finished ? round2(counts.failed / finished) : 0,
    denialRate: finished ? round2(counts.denied / finished) : 0,
    ticketOpsShare: {
      before: capacityHours ? round2(ticketOpsBefore / 3600 / capacityHours) : 0,
      after: capacityHours ? round2(ticketOpsAfter / 3600 / capacityHours) : 0,
      capacityHours: round2(capacityHours),
      ticketHoursBefore: round2(ticketOpsBefore / 3600),
      ticketHoursAfter: round2(ticketOpsAfter / 3600),
    },
  };
}
