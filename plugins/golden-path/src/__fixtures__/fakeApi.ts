import { DEFAULT_PRICES } from '@golden-path/plugin-golden-path-common';
import { BreakdownItem, ExceptionItem, ExceptionMetricsResponse, LeakageResponse, MetricsQuery, PolicyResponse, RetireCandidatesResponse, RunItem, SummaryResponse, TicketImportsResponse, TicketTypeItem, TicketTypesResponse, TimeseriesItem } from '@golden-path/plugin-golden-path-common/client';
import { GoldenPathApi } from '../api/GoldenPathApi';

export const policy: PolicyResponse = {
  mode: 'plan',
  environments: { dev: {} as any, prod: {} as any },
  budget: { currency: 'EUR', maxMonthlyPerRequest: 300, teamMonthly: { default: 1000 } },
  prices: DEFAULT_PRICES,
  rules: [{ id: 'GP-S3-PUBLIC-ACCESS-BLOCK' } as any],
};

export function summary(overrides: Partial<SummaryResponse> = {}): SummaryResponse {
  return {
    from: '2026-09-01T00:00:00.000Z', to: '2026-11-29T00:00:00.000Z',
    runs: 120, completed: 80, planned: 10, failed: 8, denied: 12, cancelled: 10, running: 0,
    ticketsAvoided: 80, developerWaitHoursSaved: 5600, opsHoursSaved: 60, developerWaitMoney: 448000, opsEffortMoney: 5700, moneySaved: 453700,
    rates: { developerHourly: 80, opsHourly: 95 }, currency: 'EUR',
    baselines: [
      { ticketType: 'provision-database', templates: ['template:default/postgres-database'], source: 'measured', tickets: 42, waitWorkingHours: 26, opsHours: 1.5 },
      { ticketType: 'provision-bucket', templates: ['template:default/s3-bucket'], source: 'annotations', tickets: 0, waitWorkingHours: 24, opsHours: 0.75, fallbackReason: 'no tickets of this type imported' },
    ],
    medianProvisionSeconds: 420, p90ProvisionSeconds: 900, medianBaselineQueueSeconds: 259200,
    failureRate: 0.08, denialRate: 0.12,
    ticketOpsShare: { before: 0.25, after: 0.05, capacityHours: 2570, ticketHoursBefore: 640, ticketHoursAfter: 130 },
    ...overrides,
  };
}

export const series: TimeseriesItem[] = [
  { start: '2026-11-02T00:00:00.000Z', runs: 3, completed: 2, planned: 1, failed: 0, denied: 0, ticketsAvoided: 2, opsHoursSaved: 1.5, developerWaitHoursSaved: 140, moneySaved: 142.5, byTemplate: { 'template:default/s3-bucket': 2, 'template:default/postgres-database': 1 } },
  { start: '2026-11-09T00:00:00.000Z', runs: 1, completed: 1, planned: 0, failed: 0, denied: 0, ticketsAvoided: 1, opsHoursSaved: 0.75, developerWaitHoursSaved: 70, moneySaved: 71.25, byTemplate: { 'template:default/s3-bucket': 1 } },
];

const row = (name: Partial<BreakdownItem>, runs: number, opsHoursSaved: number): BreakdownItem => ({
  ...name, runs, completed: runs - 1, planned: 1, failed: 0, denied: 0, ticketsAvoided: runs - 1, developerWaitHoursSaved: opsHoursSaved * 90,
  opsHoursSaved, moneySaved: opsHoursSaved * 95, medianProvisionSeconds: 300, failureRate: 0, lastRunAt: '2026-11-20T10:00:00.000Z',
});

export const templates: BreakdownItem[] = [
  row({ template: 'template:default/postgres-database', ticketType: 'provision-database' }, 40, 30),
  row({ template: 'template:default/s3-bucket', ticketType: 'provision-bucket' }, 70, 20),
  row({ template: 'template:default/redis-cache', ticketType: 'provision-cache' }, 10, 10),
];

export const owners: BreakdownItem[] = [row({ owner: 'group:default/payments' }, 90, 45), row({ owner: 'group:default/checkout' }, 30, 15)];

export const runs: RunItem[] = [
  { taskId: 't2', template: 'template:default/s3-bucket', ticketType: 'provision-bucket', owner: 'group:default/payments', createdBy: 'user:default/jane', outcome: 'denied', createdAt: '2026-11-21T09:00:00.000Z', completedAt: '2026-11-21T09:00:02.000Z', durationSeconds: 2, deniedRules: ['GP-S3-PUBLIC-ACCESS-BLOCK'] },
  { taskId: 't1', template: 'template:default/s3-bucket', ticketType: 'provision-bucket', owner: 'group:default/payments', createdBy: 'user:default/jane', outcome: 'completed', createdAt: '2026-11-20T09:00:00.000Z', completedAt: '2026-11-20T09:05:00.000Z', durationSeconds: 300, deniedRules: [] },
];

/** paula asked for a bigger production database; pat may decide it. */
export function exceptionItem(overrides: Partial<ExceptionItem> = {}): ExceptionItem {
  return {
    id: 'exc-1', status: 'pending', ruleIds: ['GP-RDS-INSTANCE-CLASS'],
    request: { kind: 'rds-instance', name: 'payments-migration-db', owner: 'group:default/payments', environment: 'prod', instanceClass: 'db.m6g.large' },
    kind: 'rds-instance', name: 'payments-migration-db', owner: 'group:default/payments', environment: 'prod',
    monthlyCost: 270.5, currency: 'EUR', teamMonthlySpend: 400, teamMonthlyBudget: 1000,
    deviations: [{ ruleId: 'GP-RDS-INSTANCE-CLASS', field: 'instanceClass', message: 'instance class "db.m6g.large" is not allowed in this environment' }],
    requester: 'user:default/paula.payments', justification: 'Migration week: the import needs more memory.', durationDays: 3,
    approvers: 'group:default/platform', createdAt: '2026-11-20T09:00:00.000Z', canDecide: true,
    ...overrides,
  };
}

export const exceptionMetrics: ExceptionMetricsResponse = {
  requested: 4, approved: 2, denied: 1, used: 1, expired: 0, pending: 1,
  byRule: [{ ruleId: 'GP-RDS-INSTANCE-CLASS', requested: 3, approved: 2 }, { ruleId: 'GP-RDS-STORAGE', requested: 1, approved: 0 }],
  approvalWaitHours: { median: 2.5, p90: 20, decided: 3 },
};

const H = 3600;
const month = (m: string, opened: number, waitHours: number | null = null): TicketTypeItem['months'][number] => ({
  month: m, opened, resolved: opened, backlog: 0, opsEffortSeconds: opened * 1.5 * H,
  waitToStart: null, waitToResolve: waitHours === null ? null : { median: waitHours * H, p90: waitHours * 2 * H, tickets: opened },
});
const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

/**
 * Ticket types: databases went live in June 2026 (8 tickets a month before, 1 a month since: 6 leaked
 * over six months); buckets in March 2026 with too few tickets to measure; certificates have no path.
 */
export const ticketTypes: TicketTypesResponse = {
  calendar: { timeZone: 'Europe/Berlin', workdayStart: '09:00', hoursPerDay: 8, workdays: [1, 2, 3, 4, 5], holidays: ['2026-12-24'] },
  items: [
    {
      name: 'provision-database', title: 'Provision a database', templates: ['template:default/postgres-database'], sources: ['jira', 'csv-servicenow'], hasPath: true,
      baseline: {
        ticketType: 'provision-database', liveSince: '2026-06-01T00:00:00.000Z', tickets: 42,
        waitToStart: { median: 10 * H, p90: 30 * H, tickets: 42 }, waitToResolve: { median: 26 * H, p90: 60 * H, tickets: 40 },
        opsEffort: { meanSeconds: 1.5 * H, tickets: 30 },
      },
      months: MONTHS.map((m, i) => month(m, i < 6 ? 8 : [2, 1, 1, 0, 1, 1][i - 6], 26)),
      leaked: 6, tickets: 54, lastImportAt: '2026-11-28T06:00:00.000Z',
    },
    {
      name: 'provision-bucket', title: 'Create an S3 bucket', templates: ['template:default/s3-bucket'], sources: ['github'], hasPath: true,
      baseline: { ticketType: 'provision-bucket', liveSince: '2026-03-01T00:00:00.000Z', tickets: 3, waitToStart: null, waitToResolve: { median: 20 * H, p90: 30 * H, tickets: 3 }, opsEffort: null },
      months: MONTHS.map((m, i) => month(m, i < 3 ? 1 : 0)),
      leaked: 1, tickets: 4, lastImportAt: '2026-11-28T06:00:00.000Z',
    },
    {
      name: 'rotate-certificate', title: 'Rotate a TLS certificate', templates: [], sources: ['jira'], hasPath: false,
      baseline: { ticketType: 'rotate-certificate', liveSince: null, tickets: 144, waitToStart: { median: 6 * H, p90: 20 * H, tickets: 144 }, waitToResolve: { median: 16 * H, p90: 40 * H, tickets: 144 }, opsEffort: { meanSeconds: 2 * H, tickets: 100 } },
      months: MONTHS.map(m => month(m, 12, 16)),
      leaked: 0, tickets: 144, lastImportAt: '2026-11-28T06:00:00.000Z',
    },
  ],
};

/** Who still opens tickets: payments twice for databases, checkout once for each type. */
export const leakage: LeakageResponse = {
  items: [
    { ticketType: 'provision-database', source: 'jira', externalId: 'OPS-107', createdAt: '2026-11-12T10:00:00.000Z', reporterTeam: 'group:default/payments' },
    { ticketType: 'provision-bucket', source: 'github', externalId: 'acme/ops#45', createdAt: '2026-11-03T08:30:00.000Z', reporterTeam: 'group:default/checkout' },
    { ticketType: 'provision-database', source: 'csv-servicenow', externalId: 'RITM0010042', createdAt: '2026-10-20T14:00:00.000Z', reporterTeam: 'group:default/checkout' },
    { ticketType: 'provision-database', source: 'jira', externalId: 'OPS-101', createdAt: '2026-09-30T09:15:00.000Z', reporterTeam: 'group:default/payments' },
  ],
  byTeam: [
    { team: 'group:default/checkout', ticketType: 'provision-bucket', tickets: 1 },
    { team: 'group:default/payments', ticketType: 'provision-database', tickets: 2 },
    { team: 'group:default/checkout', ticketType: 'provision-database', tickets: 1 },
  ],
};

/** Ticket types without a path, as the backend ranks them (score = volume × ops hours × wait hours). */
export const retireCandidates: RetireCandidatesResponse = {
  items: [
    { ticketType: 'rotate-certificate', title: 'Rotate a TLS certificate', monthlyVolume: 12, opsHoursPerTicket: 2, opsEffortSource: 'measured', waitHours: 16, score: 384, tickets: 144 },
    { ticketType: 'create-dns-record', title: 'Create a DNS record', monthlyVolume: 20, opsHoursPerTicket: 0.5, opsEffortSource: 'defaults', waitHours: 8, score: 80, tickets: 240 },
    { ticketType: 'grant-db-access', title: 'Grant database access', monthlyVolume: 4, opsHoursPerTicket: 1, opsEffortSource: 'measured', waitHours: 12, score: 48, tickets: 48 },
  ],
};

export const ticketImports: TicketImportsResponse = {
  items: [{ id: 'imp-1', source: 'jira', read: 12, created: 2, updated: 1, unchanged: 9, skipped: [], startedAt: '2026-11-28T06:00:00.000Z', finishedAt: '2026-11-28T06:00:04.000Z', status: 'succeeded', by: 'scheduler' }],
};

/** What the client throws for a 404 (a ResponseError with the response's status). */
export function notFoundError(path: string) {
  return Object.assign(new Error(`Request failed with 404 Not Found, ${path}`), {
    name: 'ResponseError',
    statusCode: 404,
    response: { status: 404 },
    body: { error: { name: 'NotFoundError', message: 'Not Found' } },
  });
}

/** The ticket calls of a backend without tickets configured: every one answers 404. */
export const noTickets = {
  getTicketTypes: async () => { throw notFoundError('/tickets/types'); },
  getTicketLeakage: async () => { throw notFoundError('/tickets/leakage'); },
  getRetireCandidates: async () => { throw notFoundError('/tickets/next'); },
  listTicketImports: async () => { throw notFoundError('/tickets/imports'); },
};

/** The API client with every call recorded; override any method per test. */
export function fakeApi(overrides: Partial<GoldenPathApi> = {}) {
  const calls: Array<{ method: string; query?: MetricsQuery; extra?: unknown }> = [];
  const api: GoldenPathApi = {
    getPolicy: async () => policy,
    getSummary: async query => {
      calls.push({ method: 'getSummary', query });
      return summary();
    },
    getTimeseries: async (query, bucket) => {
      calls.push({ method: 'getTimeseries', query, extra: bucket });
      return { bucket, items: series };
    },
    getBreakdown: async (by, query) => {
      calls.push({ method: 'getBreakdown', query, extra: by });
      return { items: by === 'templates' ? templates : owners };
    },
    getRuns: async (query, limit) => {
      calls.push({ method: 'getRuns', query, extra: limit });
      return { items: runs };
    },
    exportCsv: async query => {
      calls.push({ method: 'exportCsv', query });
      return new Blob(['task_id\n'], { type: 'text/csv' });
    },
    requestException: async body => {
      calls.push({ method: 'requestException', extra: body });
      return exceptionItem({ id: 'exc-new', canDecide: false });
    },
    listExceptions: async query => {
      calls.push({ method: 'listExceptions', extra: query });
      return { items: [exceptionItem()] };
    },
    getException: async id => {
      calls.push({ method: 'getException', extra: id });
      return exceptionItem({ id });
    },
    decideException: async (id, body) => {
      calls.push({ method: 'decideException', extra: { id, ...body } });
      return exceptionItem({ id, status: body.decision === 'approve' ? 'approved' : 'denied', canDecide: false });
    },
    getExceptionMetrics: async query => {
      calls.push({ method: 'getExceptionMetrics', query });
      return exceptionMetrics;
    },
    getTicketTypes: async () => {
      calls.push({ method: 'getTicketTypes' });
      return ticketTypes;
    },
    getTicketLeakage: async query => {
      calls.push({ method: 'getTicketLeakage', query });
      return leakage;
    },
    getRetireCandidates: async () => {
      calls.push({ method: 'getRetireCandidates' });
      return retireCandidates;
    },
    listTicketImports: async () => {
      calls.push({ method: 'listTicketImports' });
      return ticketImports;
    },
    ...overrides,
  };
  return { api, calls };
}
