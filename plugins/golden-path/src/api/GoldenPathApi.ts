import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EnvironmentPolicy,
  RuleDescription,
} from '@golden-path/plugin-golden-path-common';
import {
  BreakdownItem,
  MetricsQuery,
  metricsSearch,
  RunItem,
  SummaryResponse,
  TimeseriesItem,
} from './metricsTypes';

/** What `GET /api/golden-path/policy` returns. @public */
export interface PolicyResponse {
  mode: 'plan' | 'live';
  environments: Record<string, EnvironmentPolicy>;
  budget: {
    currency: string;
    maxMonthlyPerRequest: number;
    teamMonthly: Record<string, number>;
  };
  rules: RuleDescription[];
}

/** Client of the golden-path backend. @public */
export interface GoldenPathApi {
  getPolicy(): Promise<PolicyResponse>;
  getSummary(query: MetricsQuery): Promise<SummaryResponse>;
  getTimeseries(
    query: MetricsQuery,
    bucket: 'day' | 'week' | 'month',
  ): Promise<{ bucket: string; items: TimeseriesItem[] }>;
  getBreakdown(
    by: 'templates' | 'owners',
    query: MetricsQuery,
  ): Promise<{ items: BreakdownItem[] }>;
  getRuns(query: MetricsQuery, limit: number): Promise<{ items: RunItem[] }>;
  /** Every run of the period as CSV (authenticated download). */
  exportCsv(query: MetricsQuery): Promise<Blob>;
}

/** @public */
export const goldenPathApiRef = createApiRef<GoldenPathApi>({
  id: 'plugin.golden-path.api',
});

/** Talks to `/api/golden-path` through Backstage discovery and the authenticated fetch. @public */
export class GoldenPathClient implements GoldenPathApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async fetch(path: string): Promise<Response> {
    const base = await this.deps.discoveryApi.getBaseUrl('golden-path');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }

  private async get<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }

  getPolicy(): Promise<PolicyResponse> {
    return this.get('/policy');
  }

  getSummary(query: MetricsQuery): Promise<SummaryResponse> {
    return this.get(`/metrics/summary${metricsSearch(query)}`);
  }

  getTimeseries(query: MetricsQuery, bucket: 'day' | 'week' | 'month') {
    return this.get<{ bucket: string; items: TimeseriesItem[] }>(
      `/metrics/timeseries${metricsSearch(query, { bucket })}`,
    );
  }

  getBreakdown(by: 'templates' | 'owners', query: MetricsQuery) {
    return this.get<{ items: BreakdownItem[] }>(
      `/metrics/${by}${metricsSearch(query)}`,
    );
  }

  getRuns(query: MetricsQuery, limit: number) {
    return this.get<{ items: RunItem[] }>(
      `/metrics/runs${metricsSearch(query, { limit: String(limit) })}`,
    );
  }

  async exportCsv(query: MetricsQuery): Promise<Blob> {
    return (
      await this.fetch(`/metrics/export.csv${metricsSearch(query)}`)
    ).blob();
  }
}
