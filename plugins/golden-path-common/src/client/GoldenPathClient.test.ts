/**
 * @jest-environment node
 */
import { ResponseError } from '@backstage/errors';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { GuardrailViolationError, isGuardrailViolation } from '../errors';
import { violationOf } from '../rules/catalogue';
import { GoldenPathClient } from './GoldenPathClient';

interface Seen {
  method: string;
  url: string;
  auth?: string;
  contentType?: string;
  body: string;
}

type Answer = {
  status?: number;
  type?: string;
  body: unknown;
};

/**
 * A stand-in golden-path backend on a real port: answers by `METHOD path` (without the query),
 * records every request it gets.
 */
async function serve(answers: Record<string, Answer> = {}) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const path = new URL(req.url!, 'http://x').pathname.replace(
        /^\/api\/golden-path/,
        '',
      );
      const answer = answers[`${req.method} ${path}`] ?? { body: { ok: true } };
      const type = answer.type ?? 'application/json; charset=utf-8';
      res.writeHead(answer.status ?? 200, { 'content-type': type });
      res.end(
        typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body),
      );
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/golden-path`;
  const getBaseUrl = jest.fn(async (_pluginId: string) => base);
  return {
    base,
    seen,
    getBaseUrl,
    client: (fetchApi?: { fetch: typeof fetch }) =>
      new GoldenPathClient({ discoveryApi: { getBaseUrl }, fetchApi }),
    close: () => new Promise(r => server.close(r)),
  };
}

/** Backstage's standard error JSON, as its error handler answers. */
const backstageError = (name: string, message: string, statusCode: number) => ({
  error: { name, message },
  request: { method: 'GET', url: '/x' },
  response: { statusCode },
});

describe('GoldenPathClient', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  afterEach(async () => {
    await s?.close();
  });

  it('asks discovery for the golden-path plugin and calls the routes under its base URL', async () => {
    s = await serve({
      'GET /policy': { body: { mode: 'plan', environments: {} } },
    });
    const policy = await s.client().getPolicy();
    expect(policy).toEqual({ mode: 'plan', environments: {} });
    expect(s.getBaseUrl).toHaveBeenCalledWith('golden-path');
    expect(s.seen).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: '/api/golden-path/policy',
      }),
    ]);
  });

  it('reads one environment of the policy, encoded', async () => {
    s = await serve();
    await s.client().getPolicy('dev & test');
    await s.client().getPolicy('');
    expect(s.seen.map(r => r.url)).toEqual([
      '/api/golden-path/policy?environment=dev%20%26%20test',
      '/api/golden-path/policy',
    ]);
  });

  it('posts requests to evaluate as JSON, with a requester only when a service names one', async () => {
    s = await serve({
      'POST /policy/evaluate': {
        body: { allowed: false, violations: [], evaluated: [] },
      },
    });
    const result = await s.client().evaluate([{ kind: 's3-bucket' }]);
    expect(result.allowed).toBe(false);
    await s.client().evaluate([], {
      requester: { userRef: 'user:default/jane', groups: ['group:default/a'] },
    });
    expect(s.seen.map(r => [r.method, r.url, r.contentType])).toEqual([
      ['POST', '/api/golden-path/policy/evaluate', 'application/json'],
      ['POST', '/api/golden-path/policy/evaluate', 'application/json'],
    ]);
    expect(JSON.parse(s.seen[0].body)).toEqual({
      requests: [{ kind: 's3-bucket' }],
    });
    expect(JSON.parse(s.seen[1].body)).toEqual({
      requests: [],
      requester: { userRef: 'user:default/jane', groups: ['group:default/a'] },
    });
  });

  it('reads a budget with the owner encoded', async () => {
    s = await serve({
      'GET /budget': {
        body: { owner: 'group:default/payments', monthlySpend: 12 },
      },
    });
    const budget = await s.client().getBudget('group:default/payments');
    expect(budget.monthlySpend).toBe(12);
    expect(s.seen[0].url).toBe(
      '/api/golden-path/budget?owner=group%3Adefault%2Fpayments',
    );
  });

  it('builds the metrics query strings (empty filters left out, extra parameters last)', async () => {
    s = await serve({
      'GET /metrics/export.csv': {
        type: 'text/csv; charset=utf-8',
        body: 'taskId,template\nt-1,template:default/s3-bucket\n',
      },
    });
    const c = s.client();
    const query = {
      from: '2026-09-01T00:00:00.000Z',
      to: '',
      template: 'template:default/s3-bucket',
    };
    await c.getSummary(query);
    await c.getSummary({});
    await c.getTimeseries({ owner: 'group:default/payments' }, 'week');
    await c.getBreakdown('templates', {});
    await c.getBreakdown('owners', { template: 'template:default/x' });
    await c.getRuns({ template: 'template:default/x' }, 5);
    const csv = await c.exportCsv(query);
    expect(await csv.text()).toBe(
      'taskId,template\nt-1,template:default/s3-bucket\n',
    );
    expect(s.seen.map(r => r.url)).toEqual([
      '/api/golden-path/metrics/summary?from=2026-09-01T00%3A00%3A00.000Z&template=template%3Adefault%2Fs3-bucket',
      '/api/golden-path/metrics/summary',
      '/api/golden-path/metrics/timeseries?owner=group%3Adefault%2Fpayments&bucket=week',
      '/api/golden-path/metrics/templates',
      '/api/golden-path/metrics/owners?template=template%3Adefault%2Fx',
      '/api/golden-path/metrics/runs?template=template%3Adefault%2Fx&limit=5',
      '/api/golden-path/metrics/export.csv?from=2026-09-01T00%3A00%3A00.000Z&template=template%3Adefault%2Fs3-bucket',
    ]);
    expect(s.seen.every(r => r.method === 'GET')).toBe(true);
  });

  it('lists resources with the query in the order given, keeping offset 0', async () => {
    const page = {
      items: [{ name: 'b' }],
      totalCount: 1,
      offset: 0,
      limit: 500,
    };
    s = await serve({ 'GET /resources': { body: page } });
    const c = s.client();
    expect(
      await c.listResources({ status: 'active', limit: 500, offset: 0 }),
    ).toEqual(page);
    await c.listResources();
    await c.listResources({ owner: 'group:default/a b', kind: undefined });
    expect(s.seen.map(r => r.url)).toEqual([
      '/api/golden-path/resources?status=active&limit=500&offset=0',
      '/api/golden-path/resources',
      '/api/golden-path/resources?owner=group%3Adefault%2Fa+b',
    ]);
  });

  it('writes a record as the binding plus the record', async () => {
    s = await serve({ 'POST /records': { body: { item: { name: 'b' } } } });
    const record = {
      state: 'requested' as const,
      kind: 's3-bucket' as const,
      name: 'b',
      owner: 'group:default/payments',
      environment: 'dev',
      monthlyCost: 1,
    };
    const answer = await s
      .client()
      .writeRecord({ taskId: 't', stepId: 's', actionId: 'a' }, record);
    expect(answer).toEqual({ item: { name: 'b' } });
    expect(s.seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/golden-path/records',
      contentType: 'application/json',
    });
    expect(JSON.parse(s.seen[0].body)).toEqual({
      taskId: 't',
      stepId: 's',
      actionId: 'a',
      record,
    });
  });

  it('passes the credentials of the given fetch through, and sends none without one', async () => {
    s = await serve();
    const token = 'service-token-123';
    const withToken = s.client({
      fetch: (url, init) =>
        fetch(url, {
          ...init,
          headers: { ...init?.headers, Authorization: `Bearer ${token}` },
        }),
    });
    await withToken.getBudget('a');
    await withToken.evaluate([]);
    await s.client().getBudget('a');
    expect(s.seen.map(r => r.auth)).toEqual([
      'Bearer service-token-123',
      'Bearer service-token-123',
      undefined,
    ]);
    // The caller's headers survive the token being added.
    expect(s.seen[1].contentType).toBe('application/json');
  });

  it('maps a Backstage error answer to a ResponseError with its status and cause', async () => {
    s = await serve({
      'GET /policy': {
        status: 404,
        body: backstageError(
          'NotFoundError',
          'Environment "qa" is not configured; configured: dev, prod',
          404,
        ),
      },
    });
    const error = await s
      .client()
      .getPolicy('qa')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.cause.message).toMatch(/"qa" is not configured/);
    expect(error.message).toMatch(/404/);
  });

  it('maps a non-JSON failure to a ResponseError too', async () => {
    s = await serve({
      'GET /resources': { status: 503, type: 'text/plain', body: 'down' },
      'GET /metrics/export.csv': {
        status: 403,
        body: backstageError('NotAllowedError', 'no metrics', 403),
      },
    });
    const error = await s
      .client()
      .listResources()
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(503);
    expect(error.cause.message).toMatch(/down/);
    await expect(s.client().exportCsv({})).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
    });
  });

  it('turns a ledger refusal (409 with violations) into a GuardrailViolationError', async () => {
    const violation = violationOf('GP-BUDGET-TEAM-MONTHLY', {
      kind: 's3-bucket',
      resource: 'b',
      field: 'cost',
      message: 'over the team budget',
    });
    s = await serve({
      'POST /records': {
        status: 409,
        body: {
          error: { name: 'GuardrailViolationError', message: 'Refused' },
          violations: [violation],
        },
      },
    });
    const error = await s
      .client()
      .writeRecord(
        { taskId: 't', stepId: 's', actionId: 'a' },
        {
          state: 'requested',
          kind: 's3-bucket',
          name: 'b',
          owner: 'group:default/payments',
          environment: 'dev',
          monthlyCost: 5000,
        },
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(GuardrailViolationError);
    expect(isGuardrailViolation(error)).toBe(true);
    expect(error.violations).toEqual([violation]);
    expect(error.message).toMatch(/GP-BUDGET-TEAM-MONTHLY/);
  });

  it('maps other failures of a record write (409 without violations, 403) to ResponseErrors', async () => {
    s = await serve({
      'POST /records': {
        status: 409,
        body: backstageError('ConflictError', 'busy', 409),
      },
    });
    const record = {
      state: 'created' as const,
      kind: 's3-bucket' as const,
      name: 'b',
      owner: 'group:default/payments',
      environment: 'dev',
      monthlyCost: 1,
    };
    const binding = { taskId: 't', stepId: 's', actionId: 'a' };
    const conflict = await s
      .client()
      .writeRecord(binding, record)
      .catch(e => e);
    expect(conflict).toBeInstanceOf(ResponseError);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.cause.name).toBe('ConflictError');
    await s.close();

    s = await serve({
      'POST /records': {
        status: 403,
        body: backstageError('NotAllowedError', 'only plugin:scaffolder', 403),
      },
    });
    const refused = await s
      .client()
      .writeRecord(binding, record)
      .catch(e => e);
    expect(refused).toBeInstanceOf(ResponseError);
    expect(refused.statusCode).toBe(403);
    expect(isGuardrailViolation(refused)).toBe(false);
  });
});
