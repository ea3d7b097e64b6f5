import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { ExceptionStore } from '../exceptions/ExceptionStore';
import {
  MetricsDefaults,
  summaryFromTotals,
} from '@golden-path/plugin-golden-path-common';
import Router from 'express-promise-router';
import { parseBucket, parseFilter, parseLimit } from './query';
import { requireMetricsRead } from './readAccess';
import { breakdown, runView, timeseries, toCsv } from './report';
import type { BaselineStore } from './BaselineStore';
import { RunStore } from './RunStore';

/** `/metrics/*`: summary, time series, breakdowns and CSV, behind golden-path.metrics.read. */
export function createMetricsRouter(deps: {
  store: RunStore;
  /** Which baseline each ticket type's figures used (`baselines` of the summary). */
  baselines?: Pick<BaselineStore, 'uses'>;
  defaults: MetricsDefaults;
  /** Exceptions asked for, per rule, and how long approval took (`GET /metrics/exceptions`). */
  exceptions?: Pick<ExceptionStore, 'metrics'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { store, defaults } = deps;
  const router = Router();

  router.use(async (req, _res, next) => {
    await requireMetricsRead(deps, req);
    next();
  });

  router.get('/exceptions', async (req, res) => {
    const filter = parseFilter(req.query as Record<string, unknown>);
    if (!deps.exceptions)
      throw new NotFoundError('Exceptions are not kept here');
    res.json(
      await deps.exceptions.metrics(new Date(filter.from), new Date(filter.to)),
    );
  });

  router.get('/summary', async (req, res) => {
    const filter = parseFilter(req.query as Record<string, unknown>);
    const totals = await store.aggregate(filter);
    res.json({
      from: new Date(filter.from).toISOString(),
      to: new Date(filter.to).toISOString(),
      ...summaryFromTotals(totals, defaults, filter),
      baselines: (await deps.baselines?.uses(filter)) ?? [],
    });
  });

  router.get('/timeseries', async (req, res) => {
    const bucket = parseBucket(req.query.bucket);
    const filter = parseFilter(req.query as Record<string, unknown>);
    res.json({
      bucket,
      items: timeseries(await store.daily(filter), bucket, defaults),
    });
  });

  router.get('/templates', async (req, res) => {
    const filter = parseFilter(req.query as Record<string, unknown>);
    res.json({
      items: breakdown(
        await store.aggregateBy(filter, 'template_ref'),
        'template',
        defaults,
        filter,
      ),
    });
  });

  router.get('/owners', async (req, res) => {
    const filter = parseFilter(req.query as Record<string, unknown>);
    res.json({
      items: breakdown(
        await store.aggregateBy(filter, 'owner'),
        'owner',
        defaults,
        filter,
      ),
    });
  });

  // The newest runs (e.g. of one template, for its entity card).
  router.get('/runs', async (req, res) => {
    const filter = parseFilter(req.query as Record<string, unknown>);
    const limit = parseLimit(req.query.limit);
    res.json({ items: (await store.latest(filter, limit)).map(runView) });
  });

  router.get('/export.csv', async (req, res) => {
    const rs = await store.list(
      parseFilter(req.query as Record<string, unknown>),
    );
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader(
      'content-disposition',
      'attachment; filename="golden-path-runs.csv"',
    );
    res.send(toCsv(rs, defaults));
  });

  return router;
}
