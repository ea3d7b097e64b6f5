import { DEFAULT_PRICES } from '@golden-path/plugin-golden-path-common';
import { BreakdownItem, ExceptionItem, ExceptionMetricsResponse, MetricsQuery, PolicyResponse, RunItem, SummaryResponse, TimeseriesItem } from '@golden-path/plugin-golden-path-common/client';
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
      { ticketType: 'provision-database', source: 'measured', tickets: 42, waitWorkingHours: 26, opsHours: 1.5 },
      { ticketType: 'provision-bucket', source: 'annotations', tickets: 0, waitWorkingHours: 24, opsHours: 0.75, fallbackReason: 'no tickets of this type imported' },
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
    ...overrides,
  };
  return { api, calls };
}
