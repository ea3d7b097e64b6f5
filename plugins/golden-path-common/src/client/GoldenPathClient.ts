import { ResponseError } from '@backstage/errors';
import { GuardrailViolationError } from '../errors';
import type {
  RecordBinding,
  ResourceRecord,
  Violation,
} from '@golden-path/plugin-golden-path-common';
import type {
  BreakdownBy,
  BreakdownResponse,
  BudgetResponse,
  EvaluateOptions,
  EvaluateResponse,
  GoldenPathClientOptions,
  MetricsQuery,
  PolicyResponse,
  ResourcesQuery,
  ResourcesResponse,
  RunsResponse,
  SummaryResponse,
  TimeseriesBucket,
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
  LeakageResponse,
  RetireCandidatesResponse,
  TicketImportItem,
  TicketImportsResponse,
  TicketSyncResponse,
  TicketTypesResponse,
} from './types';

/** The backend plugin id: routes under `/api/golden-path`. */
const PLUGIN_ID = 'golden-path';

/** Query string of a metrics call (empty values left out). */
function metricsSearch(
  query: MetricsQuery,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...extra }))
    if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Query string of `GET /resources` or `GET /exceptions`, in the order given (undefined and empty values left out; 0 kept). */
function resourcesSearch(query: ResourcesQuery | ExceptionsQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '')
      params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The one typed client of the `golden-path` backend API (`/api/golden-path`), for frontends and
 * backends alike: give it Backstage's discovery, and a fetch that carries the caller's credentials
 * (the frontend `FetchApi`; in a backend, a fetch adding the plugin's service token).
 *
 * Every failed call throws a `ResponseError` (from `@backstage/errors`), except a ledger refusal
 * of {@link GoldenPathClient.writeRecord}, which throws a `GuardrailViolationError`.
 * @public
 */
export class GoldenPathClient {
  private readonly discoveryApi: GoldenPathClientOptions['discoveryApi'];
  private readonly fetchApi: NonNullable<GoldenPathClientOptions['fetchApi']>;

  constructor(options: GoldenPathClientOptions) {
    this.discoveryApi = options.discoveryApi;
    // Called through a wrapper: a bare global fetch throws "Illegal invocation" in browsers when
    // called as a method of another object.
    this.fetchApi = options.fetchApi ?? {
      fetch: (input, init) => fetch(input, init),
    };
  }

  /** Sends one request; a non-2xx answer is left to the caller. */
  private async send(path: string, init?: RequestInit): Promise<Response> {
    const base = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    return init === undefined
      ? this.fetchApi.fetch(`${base}${path}`)
      : this.fetchApi.fetch(`${base}${path}`, init);
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const res = await this.send(path, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  private postJson<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** `GET /policy`: the effective policy of every environment, or of `environment` only (404 when not configured). */
  getPolicy(environment?: string): Promise<PolicyResponse> {
    return this.json(
      environment
        ? `/policy?environment=${encodeURIComponent(environment)}`
        : '/policy',
    );
  }

  /**
   * `POST /policy/evaluate` with `{ requests }`: judges requests as the guardrails step will. A
   * user is judged with their own groups; a service may name the requester.
   */
  evaluate(
    requests: unknown[],
    options: EvaluateOptions = {},
  ): Promise<EvaluateResponse> {
    return this.postJson(
      '/policy/evaluate',
      options.requester
        ? { requests, requester: options.requester }
        : { requests },
    );
  }

  /** `GET /budget?owner=`: the owning group's monthly budget and what it already spends. */
  getBudget(owner: string): Promise<BudgetResponse> {
    return this.json(`/budget?owner=${encodeURIComponent(owner)}`);
  }

  /**
   * `POST /records`: writes one resource record to the spend ledger and inventory (the
   * scaffolder's service principal only). A budget refusal (409 with `violations`) throws a
   * `GuardrailViolationError` and nothing is recorded.
   */
  async writeRecord(
    binding: RecordBinding,
    record: ResourceRecord,
  ): Promise<WriteRecordResponse> {
    const body: WriteRecordRequest = { ...binding, record };
    const res = await this.send('/records', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 409) {
      const refusal = (await res
        .clone()
        .json()
        .catch(() => ({}))) as { violations?: Violation[] };
      if (Array.isArray(refusal.violations) && refusal.violations.length)
        throw new GuardrailViolationError(refusal.violations);
    }
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as WriteRecordResponse;
  }

  /**
   * `POST /records/step-failures`: records how a golden-path step of a running task failed (the
   * scaffolder's service principal only), so the metrics need not read the task's log to tell a
   * refusal from a failure.
   */
  async recordStepFailure(failure: StepFailureRequest): Promise<void> {
    await this.request('/records/step-failures', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(failure),
    });
  }

  /** `GET /resources`: one page of the inventory, newest first. */
  listResources(query: ResourcesQuery = {}): Promise<ResourcesResponse> {
    return this.json(`/resources${resourcesSearch(query)}`);
  }

  /** `GET /metrics/summary`. */
  getSummary(query: MetricsQuery): Promise<SummaryResponse> {
    return this.json(`/metrics/summary${metricsSearch(query)}`);
  }

  /** `GET /metrics/timeseries?bucket=`. */
  getTimeseries(
    query: MetricsQuery,
    bucket: TimeseriesBucket,
  ): Promise<TimeseriesResponse> {
    return this.json(`/metrics/timeseries${metricsSearch(query, { bucket })}`);
  }

  /** `GET /metrics/templates` or `GET /metrics/owners`. */
  getBreakdown(
    by: BreakdownBy,
    query: MetricsQuery,
  ): Promise<BreakdownResponse> {
    return this.json(`/metrics/${by}${metricsSearch(query)}`);
  }

  /** `GET /metrics/runs?limit=`: the newest runs first. */
  getRuns(query: MetricsQuery, limit: number): Promise<RunsResponse> {
    return this.json(
      `/metrics/runs${metricsSearch(query, { limit: String(limit) })}`,
    );
  }

  /** `GET /metrics/export.csv`: every run of the period as CSV (an authenticated download). */
  async exportCsv(query: MetricsQuery): Promise<Blob> {
    return (
      await this.request(`/metrics/export.csv${metricsSearch(query)}`)
    ).blob();
  }

  /**
   * `POST /exceptions`: asks the environment's approvers for a time-boxed exception to the rules
   * refusing one request. The backend judges the request itself (as the signed-in user); a request
   * refused by any rule that cannot be excepted is a 400 naming it.
   */
  requestException(body: ExceptionRequestBody): Promise<ExceptionItem> {
    return this.postJson('/exceptions', body);
  }

  /** `GET /exceptions`: newest first, with whether the caller may decide each. */
  listExceptions(query: ExceptionsQuery = {}): Promise<ExceptionsResponse> {
    return this.json(`/exceptions${resourcesSearch({ ...query })}`);
  }

  /** `GET /exceptions/:id`. */
  getException(id: string): Promise<ExceptionItem> {
    return this.json(`/exceptions/${encodeURIComponent(id)}`);
  }

  /** `POST /exceptions/:id/decision`: an approver (not the requester) approves or denies. */
  decideException(
    id: string,
    body: ExceptionDecisionBody,
  ): Promise<ExceptionItem> {
    return this.postJson(
      `/exceptions/${encodeURIComponent(id)}/decision`,
      body,
    );
  }

  /** `GET /metrics/exceptions`: exceptions asked for in the period, per rule, and how long approval took. */
  getExceptionMetrics(query: MetricsQuery): Promise<ExceptionMetricsResponse> {
    return this.json(`/metrics/exceptions${metricsSearch(query)}`);
  }

  /**
   * `POST /records/exceptions` (the scaffolder's service principal only): the approved exception
   * this run may use for a refused request, bound to the run unless it is a dry run.
   */
  redeemException(
    body: RedeemExceptionRequest,
  ): Promise<RedeemExceptionResponse> {
    return this.postJson('/records/exceptions', body);
  }

  /** `GET /tickets/types`: each configured ticket type with its measured baseline and months. */
  getTicketTypes(): Promise<TicketTypesResponse> {
    return this.json('/tickets/types');
  }

  /** `GET /tickets/leakage`: tickets opened in the period for types whose path already existed. */
  getTicketLeakage(query: MetricsQuery = {}): Promise<LeakageResponse> {
    return this.json(`/tickets/leakage${metricsSearch(query)}`);
  }

  /** `GET /tickets/next`: ticket types without a path, ranked by volume × effort × wait. */
  getRetireCandidates(): Promise<RetireCandidatesResponse> {
    return this.json('/tickets/next');
  }

  /** `GET /tickets/imports`: the latest imports (scheduled reads and CSV uploads), newest first. */
  listTicketImports(): Promise<TicketImportsResponse> {
    return this.json('/tickets/imports');
  }

  /**
   * `POST /tickets/sync`: reads the configured ticket sources now, each from where its last read
   * stopped. Ticket importers only; 409 while a sync runs on the same backend instance.
   */
  syncTickets(): Promise<TicketSyncResponse> {
    return this.json('/tickets/sync', { method: 'POST' });
  }

  /**
   * `POST /tickets/imports?format=`: uploads a CSV export (Jira's or ServiceNow's standard columns).
   * Ticket importers only; a re-upload updates what changed and creates no duplicates.
   */
  importTicketsCsv(
    format: 'jira' | 'servicenow',
    csv: string,
  ): Promise<TicketImportItem> {
    return this.json(`/tickets/imports?format=${encodeURIComponent(format)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
  }
}
