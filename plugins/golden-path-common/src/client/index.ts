/**
 * The typed client of the `golden-path` backend API, for frontends and backends alike.
 *
 * @packageDocumentation
 */
export { GoldenPathClient } from './GoldenPathClient';
export type {
  BreakdownBy,
  BreakdownItem,
  BreakdownResponse,
  BudgetResponse,
  EvaluateOptions,
  EvaluateResponse,
  EvaluationRequester,
  GoldenPathClientOptions,
  GoldenPathDiscovery,
  GoldenPathFetch,
  MetricsQuery,
  PolicyResponse,
  ResourceItem,
  ResourcesQuery,
  ResourcesResponse,
  RunFigures,
  RunItem,
  RunsResponse,
  SummaryResponse,
  TimeseriesBucket,
  TimeseriesItem,
  TimeseriesResponse,
  WriteRecordRequest,
  StepFailureRequest,
  WriteRecordResponse,
  ExceptionDecisionBody,
  ExceptionItem,
  ExceptionMetricsResponse,
  ExceptionRequestBody,
  ExceptionsQuery,
  ExceptionsResponse,
  RedeemExceptionRequest,
  RedeemExceptionResponse,
} from './types';
