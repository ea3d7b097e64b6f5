import type {
  MetricsSummary,
  RunOutcome,
} from '@golden-path/plugin-golden-path-common';

/** Filters every metrics call takes (ISO dates; template and owner as entity refs). @public */
export interface MetricsQuery {
  from?: string;
  to?: string;
  template?: string;
  owner?: string;
}

/** `GET /metrics/summary`. @public */
export interface SummaryResponse extends MetricsSummary {
  from: string;
  to: string;
}

/** Counts and savings every metrics row carries. @public */
export interface RunFigures {
  runs: number;
  completed: number;
  planned: number;
  failed: number;
  denied: number;
  ticketsAvoided: number;
  opsHoursSaved: number;
  developerWaitHoursSaved: number;
  moneySaved: number;
}

/** One bucket of `GET /metrics/timeseries`. @public */
export interface TimeseriesItem extends RunFigures {
  start: string;
  byTemplate: Record<string, number>;
}

/** One row of `GET /metrics/templates` (with `template`) or `/metrics/owners` (with `owner`). @public */
export interface BreakdownItem extends RunFigures {
  template?: string;
  ticketType?: string;
  owner?: string;
  medianProvisionSeconds: number | null;
  failureRate: number;
  lastRunAt: string;
}

/** One run of `GET /metrics/runs`. @public */
export interface RunItem {
  taskId: string;
  template: string;
  ticketType: string;
  owner: string;
  createdBy: string;
  outcome: RunOutcome;
  createdAt: string;
  completedAt: string | null;
  durationSeconds: number | null;
  deniedRules: string[];
}

/** Query string of a metrics call (empty values left out). */
export function metricsSearch(
  query: MetricsQuery,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...extra }))
    if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
