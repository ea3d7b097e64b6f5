import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { classifyRun } from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { goldenPathPlugin } from '../plugin';
import { migratedClient } from '../service/ResourceStore';
import { BaselineStore } from './BaselineStore';
import { RunStore } from './RunStore';

const metrics = {
  hourlyRate: 100,
  defaultTicketQueue: 'P3D',
  defaultOpsEffort: 'PT1H',
  opsTeamSize: 1,
  opsHoursPerWeek: 40,
};
const user = {
  Authorization: mockCredentials.user.header('user:default/jane'),
};

async function backend(
  knex: Knex,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return startTestBackend({
    features: [
      goldenPathPlugin,
      mockServices.rootConfig.factory({
        data: {
          goldenPath: {
            metrics,
            budget: { currency: 'EUR' },
            trust: { catalogLocations: ['file:/org.yaml'] },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      mockServices.permissions.factory({ result }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
}

describe('/api/golden-path/metrics', () => {
  let knex: Knex;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const b = await backend(knex);
    server = b.server;
    stop = () => b.stop();
    const store = new RunStore(
      await migratedClient({ getClient: async () => knex } as any),
    );
    const spec: Array<[string, string, string, any]> = [
      [
        '2026-11-02T09:00:00Z',
        'postgres-database',
        'completed',
        { seconds: 600 },
      ],
      [
        '2026-11-03T09:00:00Z',
        'postgres-database',
        'completed',
        { seconds: 1200 },
      ],
      [
        '2026-11-10T09:00:00Z',
        's3-bucket',
        'failed',
        { deniedBy: ['GP-S3-PUBLIC-ACCESS-BLOCK'] },
      ],
      ['2026-11-11T09:00:00Z', 's3-bucket', 'completed', { mode: 'plan' }],
      [
        '2026-12-01T09:00:00Z',
        'redis-cache',
        'failed',
        { error: 'ThrottlingException' },
      ],
    ];
    await store.upsert(
      spec.map(([at, template, status, options], i) => {
        const task = makeTask({
          id: `t${i}`,
          status: status as any,
          createdAt: at,
          template,
          owner: i === 1 ? 'group:default/checkout' : 'group:default/payments',
          seconds: options.seconds,
        });
        return classifyRun(task, makeEvents(task, options), metrics)!;
      }),
    );
  });
  afterAll(async () => {
    await stop();
    await knex.destroy();
  });

  it('summarises a period', async () => {
    const res = await request(server)
      .get('/api/golden-path/metrics/summary?from=2026-11-01&to=2026-11-30')
      .set(user)
      .expect(200);
    expect(res.body).toMatchObject({
      runs: 4,
      completed: 2,
      planned: 1,
      denied: 1,
      failed: 0,
      ticketsAvoided: 2,
      opsHoursSaved: 2,
      // P3D = 3 working days of 8 h; the runs took 600 and 1200 s.
      developerWaitHoursSaved: 47.5,
      developerWaitMoney: 4750,
      opsEffortMoney: 200,
      moneySaved: 4950,
      rates: { developerHourly: 100, opsHourly: 100 },
      currency: 'EUR',
      medianProvisionSeconds: 600,
    });
    expect(res.body.baselines).toEqual([
      {
        ticketType: 'provision-database',
        // Every fixture template claims the type; none is configured for it.
        templates: [
          'template:default/postgres-database',
          'template:default/s3-bucket',
        ],
        source: 'annotations',
        tickets: 0,
        waitWorkingHours: 24,
        opsHours: 1,
        fallbackReason:
          'no ticket type of this name in goldenPath.tickets.types',
      },
    ]);
  });

  it('uses the baseline measured from tickets for the templates its type names, and says from how many', async () => {
    const baselines = new BaselineStore(knex, metrics);
    await baselines.replace([
      {
        ticketType: 'provision-database',
        templates: ['template:default/postgres-database'],
        waitSeconds: 10 * 3600,
        opsSeconds: 2 * 3600,
        tickets: 12,
        resolvedTickets: 11,
        opsTickets: 9,
        liveSince: Date.parse('2026-10-01T00:00:00Z'),
      },
    ]);
    expect(await baselines.restamp()).toBe(2);
    try {
      const res = await request(server)
        .get(
          '/api/golden-path/metrics/summary?from=2026-11-01&to=2026-11-30&template=template:default/postgres-database',
        )
        .set(user)
        .expect(200);
      // (10 h - 600 s) + (10 h - 1200 s) of wait; 2 × 2 h of ops effort.
      expect(res.body).toMatchObject({
        completed: 2,
        developerWaitHoursSaved: 19.5,
        opsHoursSaved: 4,
        developerWaitMoney: 1950,
        opsEffortMoney: 400,
        moneySaved: 2350,
      });
      expect(res.body.baselines).toEqual([
        {
          ticketType: 'provision-database',
          templates: ['template:default/postgres-database'],
          source: 'measured',
          tickets: 12,
          waitWorkingHours: 10,
          opsHours: 2,
        },
      ]);
    } finally {
      await baselines.replace([]);
      expect(await baselines.restamp()).toBe(2);
    }
  });

  it('filters by template and owner', async () => {
    const byTemplate = await request(server)
      .get(
        '/api/golden-path/metrics/summary?from=2026-01-01&to=2027-01-01&template=template:default/s3-bucket',
      )
      .set(user)
      .expect(200);
    expect(byTemplate.body).toMatchObject({
      runs: 2,
      denied: 1,
      planned: 1,
      ticketsAvoided: 0,
    });
    const byOwner = await request(server)
      .get(
        '/api/golden-path/metrics/summary?from=2026-01-01&to=2027-01-01&owner=checkout',
      )
      .set(user)
      .expect(200);
    expect(byOwner.body).toMatchObject({ runs: 1, completed: 1 });
  });

  it('buckets a time series and breaks down by template and owner', async () => {
    const ts = await request(server)
      .get(
        '/api/golden-path/metrics/timeseries?from=2026-11-01&to=2026-12-31&bucket=month',
      )
      .set(user)
      .expect(200);
    expect(
      ts.body.items.map((i: any) => [i.start, i.runs, i.ticketsAvoided]),
    ).toEqual([
      ['2026-11-01T00:00:00.000Z', 4, 2],
      ['2026-12-01T00:00:00.000Z', 1, 0],
    ]);
    expect(ts.body.items[0].byTemplate).toEqual({
      'template:default/postgres-database': 2,
      'template:default/s3-bucket': 2,
    });
    const weeks = await request(server)
      .get(
        '/api/golden-path/metrics/timeseries?from=2026-11-01&to=2026-11-30&bucket=week',
      )
      .set(user)
      .expect(200);
    expect(weeks.body.items.map((i: any) => i.start)).toEqual([
      '2026-11-02T00:00:00.000Z',
      '2026-11-09T00:00:00.000Z',
    ]);
    const templates = await request(server)
      .get('/api/golden-path/metrics/templates?from=2026-01-01&to=2027-01-01')
      .set(user)
      .expect(200);
    expect(templates.body.items[0]).toMatchObject({
      template: 'template:default/postgres-database',
      ticketType: 'provision-database',
      runs: 2,
      ticketsAvoided: 2,
      opsHoursSaved: 2,
      failureRate: 0,
      lastRunAt: '2026-11-03T09:00:00.000Z',
    });
    const owners = await request(server)
      .get('/api/golden-path/metrics/owners?from=2026-01-01&to=2027-01-01')
      .set(user)
      .expect(200);
    expect(owners.body.items.map((o: any) => [o.owner, o.runs])).toEqual([
      ['group:default/payments', 4],
      ['group:default/checkout', 1],
    ]);
  });

  it('lists the newest runs of a template', async () => {
    const res = await request(server)
      .get(
        '/api/golden-path/metrics/runs?from=2026-01-01&to=2027-01-01&template=template:default/s3-bucket&limit=5',
      )
      .set(user)
      .expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        taskId: 't3',
        outcome: 'planned',
        createdAt: '2026-11-11T09:00:00.000Z',
        deniedRules: [],
      }),
      expect.objectContaining({
        taskId: 't2',
        outcome: 'denied',
        deniedRules: ['GP-S3-PUBLIC-ACCESS-BLOCK'],
        template: 'template:default/s3-bucket',
        owner: 'group:default/payments',
      }),
    ]);
    const one = await request(server)
      .get(
        '/api/golden-path/metrics/runs?from=2026-01-01&to=2027-01-01&limit=1',
      )
      .set(user)
      .expect(200);
    expect(one.body.items.map((r: any) => r.taskId)).toEqual(['t4']);
  });

  it('exports every run as CSV', async () => {
    const res = await request(server)
      .get('/api/golden-path/metrics/export.csv?from=2026-01-01&to=2027-01-01')
      .set(user)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(
      /^task_id,template,ticket_type,owner,created_by,outcome,/,
    );
    expect(lines[1]).toMatch(
      /^t0,template:default\/postgres-database,provision-database,group:default\/payments,user:default\/jane,completed,2026-11-02T09:00:00.000Z,2026-11-02T09:10:00.000Z,600,86400,3600,annotations,"annotations: wait P3D, ops PT1H",1,23.83,1.00,2383.33,100.00,2483.33,$/,
    );
    expect(lines[0]).toContain(
      'developer_wait_money_EUR (= developer_wait_working_hours_saved × 100),ops_effort_money_EUR (= ops_hours_saved × 100)',
    );
  });

  it.each([
    ['from=yesterday', /from must be an ISO-8601 date/],
    ['from=2026-12-01&to=2026-11-01', /from must be before to/],
    ['from=2020-01-01&to=2026-01-01', /at most three years/],
    ['bucket=hour', /bucket must be day, week or month/],
    ['owner=a&owner=b', /owner must be one entity ref/],
    ['limit=0', /limit must be a whole number from 1 to 100/],
    ['limit=abc', /limit must be a whole number from 1 to 100/],
  ])('answers 400 for %s', async (query, message) => {
    const path =
      { bucket: 'timeseries', limit: 'runs' }[query.split('=')[0]] ?? 'summary';
    const res = await request(server)
      .get(`/api/golden-path/metrics/${path}?${query}`)
      .set(user)
      .expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('requires golden-path.metrics.read', async () => {
    const otherKnex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const denied = await backend(otherKnex, AuthorizeResult.DENY);
    const res = await request(denied.server)
      .get('/api/golden-path/metrics/summary')
      .set(user)
      .expect(403);
    expect(res.body.error.message).toMatch(/golden-path\.metrics\.read/);
    await denied.stop();
    await otherKnex.destroy();
  });
});
