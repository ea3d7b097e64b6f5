import { createApiRef } from '@backstage/core-plugin-api';
import {
  BreakdownBy,
  BreakdownResponse,
  ExceptionDecisionBody,
  ExceptionItem,
  ExceptionMetricsResponse,
  ExceptionRequestBody,
  ExceptionsQuery,
  ExceptionsResponse,
  LeakageResponse,
  MetricsQuery,
  PolicyResponse,
  RetireCandidatesResponse,
  RunsResponse,
  SummaryResponse,
  TicketImportsResponse,
  TicketTypesResponse,
  TimeseriesBucket,
  TimeseriesResponse,
} from '@golden-path/plugin-golden-path-common/client';

/**
 * What the Impact page, the exceptions page and the template card need from the golden-path backend. The shared
 * `GoldenPathClient` of `@golden-path/plugin-golden-path-common/client` implements it.
 * @public
 */
export interface GoldenPathApi {
  getPolicy(): Promise<PolicyResponse>;
  getSummary(query: MetricsQuery): Promise<SummaryResponse>;
  getTimeseries(
    query: MetricsQuery,
    bucket: TimeseriesBucket,
  ): Promise<TimeseriesResponse>;
  getBreakdown(
    by: BreakdownBy,
    query: MetricsQuery,
  ): Promise<BreakdownResponse>;
  getRuns(query: MetricsQuery, limit: number): Promise<RunsResponse>;
  /** Every run of the period as CSV (authenticated download). */
  exportCsv(query: MetricsQuery): Promise<Blob>;
  /** Exceptions: ask, list, read, decide, and the period's figures. */
  requestException(body: ExceptionRequestBody): Promise<ExceptionItem>;
  listExceptions(query?: ExceptionsQuery): Promise<ExceptionsResponse>;
  getException(id: string): Promise<ExceptionItem>;
  decideException(
    id: string,
    body: ExceptionDecisionBody,
  ): Promise<ExceptionItem>;
  getExceptionMetrics(query: MetricsQuery): Promise<ExceptionMetricsResponse>;
  /**
   * Tickets: measured baselines per type, tickets still opened after a path existed, the types to
   * build a path for next, and the latest imports. Each answers 404 when no tickets are configured.
   */
  getTicketTypes(): Promise<TicketTypesResponse>;
  getTicketLeakage(query?: MetricsQuery): Promise<LeakageResponse>;
  getRetireCandidates(): Promise<RetireCandidatesResponse>;
  listTicketImports(): Promise<TicketImportsResponse>;
}

/** The API ref of the Golden Path Impact API ({@link GoldenPathApi}). @public */
export const goldenPathApiRef = createApiRef<GoldenPathApi>({
  id: 'plugin.golden-path.api',
});
