import { BaselineSource, MetricsDefaults, RunRecord } from './runs';

/** How many runs ended how. @public */
export interface OutcomeCounts {
  runs: number;
  completed: number;
  planned: number;
  failed: number;
  denied: number;
  cancelled: number;
  running: number;
}

/** Which baseline a figure used, and from how many tickets (0 unless measured). @public */
export interface BaselineUse {
  ticketType: string;
  /** The templates whose runs in the period used it. */
  templates: string[];
  /** `measured` from imported tickets; otherwise the template's annotations, `time-saved`, or the defaults. */
  source: BaselineSource;
  /** Tickets the measured figures come from. */
  tickets: number;
  /** Developer wait per ticket, in working hours. */
  waitWorkingHours: number;
  /** Ops effort per ticket, in hours. */
  opsHours: number;
  /**
   * Where the ops effort came from when it differs from `source`: a measured wait with the
   * template's own effort, because the type's tickets logged no work.
   */
  opsSource?: BaselineSource;
  /** Why the measured baseline was not used, when it was not. */
  fallbackReason?: string;
}

/** The headline numbers, one definition for backend and frontend. @public */
export interface MetricsSummary extends OutcomeCounts {
  ticketsAvoided: number;
  /** Working hours developers did not wait (business calendar). */
  developerWaitHoursSaved: number;
  opsHoursSaved: number;
  /** developerWaitHoursSaved × rates.developerHourly. */
  developerWaitMoney: number;
  /** opsHoursSaved × rates.opsHourly. */
  opsEffortMoney: number;
  /** developerWaitMoney + opsEffortMoney. */
  moneySaved: number;
  rates: { developerHourly: number; opsHourly: number };
  currency: string;
  /** The baseline each ticket type's figures used (filled by the backend; empty in `summarize`). */
  baselines: BaselineUse[];
  medianProvisionSeconds: number | null;
  p90ProvisionSeconds: number | null;
  medianBaselineQueueSeconds: number | null;
  failureRate: number;
  denialRate: number;
  ticketOpsShare: {
    before: number;
    after: number;
    capacityHours: number;
    ticketHoursBefore: number;
    ticketHoursAfter: number;
  };
}

/** Ticket-avoided contribution of one run: only completed live runs count. @public */
export function savingsOf(
  run: Pick<
    RunRecord,
    'outcome' | 'queueSeconds' | 'opsSeconds' | 'durationSeconds'
  >,
) {
  if (run.outcome !== 'completed')
    return { tickets: 0, waitSeconds: 0, opsSeconds: 0 };
  return {
    tickets: 1,
    waitSeconds: Math.max(0, run.queueSeconds - (run.durationSeconds ?? 0)),
    opsSeconds: run.opsSeconds,
  };
}

/** Nearest-rank percentile of sorted numbers. @public */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The money the saved time stands for, in two parts: the developer's idle wait (working hours ×
 * developer rate) and the ops team's hands-on effort (hours × ops rate). @public
 */
export function moneyOf(
  waitSeconds: number,
  opsSeconds: number,
  defaults: Pick<MetricsDefaults, 'hourlyRate' | 'developerHourlyRate'>,
) {
  const rates = {
    developerHourly: defaults.developerHourlyRate ?? defaults.hourlyRate,
    opsHourly: defaults.hourlyRate,
  };
  const developerWaitMoney = round2(
    (waitSeconds / 3600) * rates.developerHourly,
  );
  const opsEffortMoney = round2((opsSeconds / 3600) * rates.opsHourly);
  return {
    developerWaitMoney,
    opsEffortMoney,
    moneySaved: round2(developerWaitMoney + opsEffortMoney),
    rates,
  };
}

/** Counts and sums a summary is made from: computed in memory (`summarize`) or in SQL. @public */
export interface RunTotals extends OutcomeCounts {
  opsSecondsSaved: number;
  waitSecondsSaved: number;
  /** Ops seconds the finished runs would have cost as tickets. */
  ticketOpsSecondsBefore: number;
  /** Ops seconds still spent on tickets (finished runs that did not complete live). */
  ticketOpsSecondsAfter: number;
  medianProvisionSeconds: number | null;
  p90ProvisionSeconds: number | null;
  medianBaselineQueueSeconds: number | null;
}

/**
 * The summary from totals. TicketOps share: the ops hours the period's tickets would have consumed
 * (every finished run, had it been a ticket) ÷ ops capacity, before; and the ops hours still spent
 * on tickets (runs that did not complete live and went back to a ticket), after.
 * @public
 */
export function summaryFromTotals(
  t: RunTotals,
  defaults: MetricsDefaults,
  period: { from: number; to: number },
): MetricsSummary {
  const weeks = Math.max(1 / 7, (period.to - period.from) / (7 * 86400_000));
  const capacityHours =
    defaults.opsTeamSize * (defaults.opsHoursPerWeek ?? 40) * weeks;
  const finished = t.completed + t.failed + t.denied;
  return {
    runs: t.runs,
    completed: t.completed,
    planned: t.planned,
    failed: t.failed,
    denied: t.denied,
    cancelled: t.cancelled,
    running: t.running,
    ticketsAvoided: t.completed,
    developerWaitHoursSaved: round2(t.waitSecondsSaved / 3600),
    opsHoursSaved: round2(t.opsSecondsSaved / 3600),
    ...moneyOf(t.waitSecondsSaved, t.opsSecondsSaved, defaults),
    currency: defaults.currency ?? 'USD',
    baselines: [],
    medianProvisionSeconds: t.medianProvisionSeconds,
    p90ProvisionSeconds: t.p90ProvisionSeconds,
    medianBaselineQueueSeconds: t.medianBaselineQueueSeconds,
    failureRate: finished ? round2(t.failed / finished) : 0,
    denialRate: finished ? round2(t.denied / finished) : 0,
    ticketOpsShare: {
      before: capacityHours
        ? round2(t.ticketOpsSecondsBefore / 3600 / capacityHours)
        : 0,
      after: capacityHours
        ? round2(t.ticketOpsSecondsAfter / 3600 / capacityHours)
        : 0,
      capacityHours: round2(capacityHours),
      ticketHoursBefore: round2(t.ticketOpsSecondsBefore / 3600),
      ticketHoursAfter: round2(t.ticketOpsSecondsAfter / 3600),
    },
  };
}

/** Folds runs (in memory) into the summary. @public */
export function summarize(
  runs: Iterable<RunRecord>,
  defaults: MetricsDefaults,
  period: { from: number; to: number },
): MetricsSummary {
  const t: RunTotals = {
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
  const durations: number[] = [];
  const queues: number[] = [];
  for (const run of runs) {
    t.runs++;
    t[run.outcome]++;
    const s = savingsOf(run);
    t.waitSecondsSaved += s.waitSeconds;
    t.opsSecondsSaved += s.opsSeconds;
    if (run.outcome === 'planned' || run.outcome === 'running') continue;
    t.ticketOpsSecondsBefore += run.opsSeconds;
    if (run.outcome !== 'completed') t.ticketOpsSecondsAfter += run.opsSeconds;
    if (run.outcome === 'completed' && run.durationSeconds !== undefined) {
      durations.push(run.durationSeconds);
      queues.push(run.queueSeconds);
    }
  }
  durations.sort((a, b) => a - b);
  queues.sort((a, b) => a - b);
  t.medianProvisionSeconds = percentile(durations, 50);
  t.p90ProvisionSeconds = percentile(durations, 90);
  t.medianBaselineQueueSeconds = percentile(queues, 50);
  return summaryFromTotals(t, defaults, period);
}
