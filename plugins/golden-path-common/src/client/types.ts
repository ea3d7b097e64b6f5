// The domain types come from the package's main entry point, by name, so that they stay part of its
// API (and this entry point's API report refers to them there).
import type {
  ApprovedException,
  BudgetPolicy,
  EnvironmentPolicy,
  EvaluationResult,
  ExceptionMetrics,
  ExceptionRecord,
  ExceptionStatus,
  InventoryItem,
  InventoryStatus,
  MetricsSummary,
  PriceTable,
  RecordBinding,
  ResourceKind,
  ResourceRecord,
  RuleDescription,
  RunOutcome,
  BusinessCalendar,
  LeakedTicket,
  RetireCandidate,
  TicketBaseline,
  TicketMonth,
  TicketSource,
} from '@golden-path/plugin-golden-path-common';

/**
 * Where the golden-path backend is: Backstage's frontend `DiscoveryApi` and backend
 * `DiscoveryService` both have this shape.
 * @public
 */
export interface GoldenPathDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * How requests are sent: Backstage's frontend `FetchApi` (which adds the user's token) has this
 * shape; a backend passes a fetch that adds its service token.
 * @public
 */
export interface GoldenPathFetch {
  fetch: typeof fetch;
}

/** How a {@link GoldenPathClient} finds and calls the golden-path backend. @public */
export interface GoldenPathClientOptions {
  discoveryApi: GoldenPathDiscovery;
  /** Defaults to the global `fetch` (no credentials added). */
  fetchApi?: GoldenPathFetch;
}

/** What `GET /policy` returns (one environment only with `?environment=`). @public */
export interface PolicyResponse {
  mode: 'plan' | 'live';
  environments: Record<string, EnvironmentPolicy>;
  budget: BudgetPolicy;
  /** The price table the cost estimates are made from. */
  prices: PriceTable;
  rules: RuleDescription[];
}

/** Whose request a service asks `POST /policy/evaluate` to judge (ignored for user callers). @public */
export interface EvaluationRequester {
  userRef?: string;
  groups: string[];
}

/** Options of `POST /policy/evaluate`. @public */
export interface EvaluateOptions {
  /** Only honoured for service callers: a user is always judged as themselves. */
  requester?: EvaluationRequester;
}

/** What `POST /policy/evaluate` returns. @public */
export type EvaluateResponse = EvaluationResult;

/** What `GET /budget?owner=` returns. @public */
export interface BudgetResponse {
  owner: string;
  currency: string;
  monthlyBudget: number;
  monthlySpend: number;
  remaining: number;
  maxMonthlyPerRequest: number;
}

/** What `POST /records` returns: the inventory row the record wrote, when it changed one. @public */
export interface WriteRecordResponse {
  item?: InventoryItem;
}

/** Filters and paging of `GET /resources` (sent in the order given; undefined ones left out). @public */
export interface ResourcesQuery {
  owner?: string;
  kind?: ResourceKind;
  environment?: string;
  status?: InventoryStatus;
  taskId?: string;
  /** 1–500, default 100. */
  limit?: number;
  offset?: number;
}

/** One resource of `GET /resources`, with its catalog entity ref for kinds that have one. @public */
export type ResourceItem = InventoryItem & { entityRef?: string };

/** What `GET /resources` returns. @public */
export interface ResourcesResponse {
  items: ResourceItem[];
  totalCount: number;
  offset: number;
  limit: number;
}

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

/** A bucket size of `GET /metrics/timeseries`. @public */
export type TimeseriesBucket = 'day' | 'week' | 'month';

/** One bucket of `GET /metrics/timeseries`. @public */
export interface TimeseriesItem extends RunFigures {
  start: string;
  byTemplate: Record<string, number>;
}

/** `GET /metrics/timeseries`. @public */
export interface TimeseriesResponse {
  bucket: string;
  items: TimeseriesItem[];
}

/** What `GET /metrics/templates` and `GET /metrics/owners` break the figures down by. @public */
export type BreakdownBy = 'templates' | 'owners';

/** One row of `GET /metrics/templates` (with `template`) or `/metrics/owners` (with `owner`). @public */
export interface BreakdownItem extends RunFigures {
  template?: string;
  ticketType?: string;
  owner?: string;
  medianProvisionSeconds: number | null;
  failureRate: number;
  lastRunAt: string;
}

/** `GET /metrics/templates` or `GET /metrics/owners`. @public */
export interface BreakdownResponse {
  items: BreakdownItem[];
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

/** `GET /metrics/runs`. @public */
export interface RunsResponse {
  items: RunItem[];
}

/** The body of `POST /records`. @public */
export type WriteRecordRequest = RecordBinding & { record: ResourceRecord };

/**
 * The body of `POST /records/step-failures`: a golden-path step of a running task failed — refused
 * by these rules, or (empty `refusedBy`) for another reason. The action is the one the task's spec
 * runs in that step.
 * @public
 */
export interface StepFailureRequest {
  taskId: string;
  stepId: string;
  refusedBy: string[];
}

/** The body of `POST /exceptions`: ask approvers to set aside the refusing rules for one request. @public */
export interface ExceptionRequestBody {
  /** One resource request, as for `POST /policy/evaluate`. */
  request: Record<string, unknown>;
  /** Why the request needs to deviate from the policy (20 to 2,000 characters). */
  justification: string;
  /** How long it stays usable once approved, in whole days (at most the environment's maxDays). */
  durationDays: number;
}

/** One exception as the caller sees it: `canDecide` says whether they may approve or deny it now. @public */
export type ExceptionItem = ExceptionRecord & { canDecide: boolean };

/** `GET /exceptions`. @public */
export interface ExceptionsResponse {
  items: ExceptionItem[];
}

/** Filters of `GET /exceptions`. @public */
export interface ExceptionsQuery {
  status?: ExceptionStatus;
  /** `me`: only the caller's own requests. */
  requester?: 'me';
}

/** The body of `POST /exceptions/:id/decision`. @public */
export interface ExceptionDecisionBody {
  decision: 'approve' | 'deny';
  /** Shown to the requester (1 to 2,000 characters). */
  comment: string;
}

/**
 * The body of `POST /records/exceptions` (the scaffolder's service principal only): is there an
 * approved exception for this requester and this request, covering these rules? Outside a dry run it
 * is bound to the task (used once: by this run only); a dry run only looks.
 * @public
 */
export interface RedeemExceptionRequest {
  taskId: string;
  stepId: string;
  /** The normalised request the evaluator refused. */
  request: Record<string, unknown>;
  /** The rules it would need set aside. */
  ruleIds: string[];
  dryRun: boolean;
  /** A dry run's user (dry runs have no stored task); ignored otherwise, where the task says. */
  userRef?: string;
}

/** `POST /records/exceptions`: the exception this run may use, if any. @public */
export interface RedeemExceptionResponse {
  exception?: ApprovedException & { approvedBy: string; expiresAt: string };
}

/** `GET /metrics/exceptions`: exceptions asked for in the period. @public */
export type ExceptionMetricsResponse = ExceptionMetrics;

/** One configured ticket type with its measured figures (`GET /tickets/types`). @public */
export interface TicketTypeItem {
  name: string;
  title: string;
  templates: string[];
  /** Where its tickets come from (configured sources and CSV imports seen). */
  sources: TicketSource[];
  /** Whether a template that replaces it has run (plan mode counts). */
  hasPath: boolean;
  /** The measured baseline: tickets from before `liveSince`. */
  baseline: TicketBaseline;
  /** The last twelve months of its tickets (before and after the path). */
  months: TicketMonth[];
  /** Tickets opened since the path went live. */
  leaked: number;
  /** All its tickets stored. */
  tickets: number;
  lastImportAt: string | null;
}

/** `GET /tickets/types`. @public */
export interface TicketTypesResponse {
  calendar: BusinessCalendar;
  items: TicketTypeItem[];
}

/** `GET /tickets/leakage`: tickets still opened after a path exists, and by which teams. @public */
export interface LeakageResponse {
  items: LeakedTicket[];
  byTeam: Array<{ team: string; ticketType: string; tickets: number }>;
}

/** `GET /tickets/next`: ticket types without a path, best to retire first. @public */
export interface RetireCandidatesResponse {
  items: RetireCandidate[];
}

/** The result of one import (`POST /tickets/imports` or a scheduled read of a source). @public */
export interface TicketImportResult {
  source: TicketSource;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not imported, and why (no matching type, unreadable date …). */
  skipped: Array<{ row: number; reason: string }>;
}

/** One import as `GET /tickets/imports` lists it. @public */
export interface TicketImportItem extends TicketImportResult {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed';
  error?: string;
  /** Who uploaded it (CSV), or `scheduler`. */
  by: string;
}

/** `GET /tickets/imports`. @public */
export interface TicketImportsResponse {
  items: TicketImportItem[];
}

/** `POST /tickets/sync`: one import per source read (Jira, GitHub), as recorded. @public */
export interface TicketSyncResponse {
  items: TicketImportItem[];
}
