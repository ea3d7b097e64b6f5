import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  GoldenPathRecordsDoor,
  goldenPathRecordsDoorServiceRef,
} from '@golden-path/plugin-golden-path-node';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { goldenPathPlugin } from './plugin';
import { ResourceStore } from './service/ResourceStore';

const ORG = 'url:https://github.com/acme/org-data/blob/main/org.yaml';
const origin = (location: string) => ({
  'backstage.io/managed-by-origin-location': location,
});
const guest = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default', annotations: origin(ORG) },
  spec: { memberOf: ['payments'] },
  relations: [
    { type: 'memberOf', targetRef: 'group:default/payments' },
    { type: 'memberOf', targetRef: 'group:default/crew' },
  ],
};
const group = (name: string, location: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations: origin(location) },
  spec: { type: 'team', children: [], members: ['guest'] },
  relations: [{ type: 'hasMember', targetRef: 'user:default/guest' }],
});
// `crew` lists guest too, but was registered by a user: it makes nobody a member of anything.
const entities = [
  guest,
  group('payments', ORG),
  group('crew', 'url:https://example.com/mine.yaml'),
];

const goldenPath = {
  github: { org: 'acme' },
  aws: { region: 'eu-west-1' },
  environments: {
    dev: {
      rds: { requireDeletionProtection: false },
      relax: [
        {
          rule: 'GP-RDS-DELETION-PROTECTION',
          reason: 'dev data is disposable',
        },
      ],
    },
  },
  budget: { teamMonthly: { default: 100, payments: 60 } },
  trust: { catalogLocations: [ORG] },
};

const user = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
const db = {
  kind: 'rds-instance',
  name: 'payments-db',
  environment: 'dev',
  owner: 'group:default/payments',
};

/** Each plugin's view of the in-process records door, taken by a module of that plugin. */
const doors: Record<string, GoldenPathRecordsDoor> = {};
const doorOf = (pluginId: string) =>
  createBackendModule({
    pluginId,
    moduleId: 'door-test',
    register(env) {
      env.registerInit({
        deps: { door: goldenPathRecordsDoorServiceRef },
        async init({ door }) {
          doors[pluginId] = door;
        },
      });
    },
  });

describe('golden-path backend plugin', () => {
  let knex: Knex;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const backend = await startTestBackend({
      features: [
        goldenPathPlugin,
        mockServices.rootConfig.factory({ data: { goldenPath } }),
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities }),
        doorOf('scaffolder'),
        doorOf('catalog'),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop();
    await knex.destroy();
  });

  it('opens the in-process records door to the scaffolder only, bound to a running step', async () => {
    const binding = {
      taskId: 'no-such-task',
      stepId: 'db',
      actionId: 'golden-path:aws:rds:create',
    };
    const record = {
      ...db,
      kind: 'rds-instance' as const,
      state: 'requested' as const,
      monthlyCost: 10,
    };
    expect(doors.scaffolder.isOpen()).toBe(true);
    await expect(doors.catalog.write(binding, record)).rejects.toThrow(
      'Only plugin:scaffolder may write Golden Path resource records',
    );
    await expect(doors.scaffolder.write(binding, record)).rejects.toThrow(
      'Task no-such-task is not running a golden-path:aws:rds:create step db',
    );
    await expect(
      doors.scaffolder.write(binding, { ...record, monthlyCost: -1 }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(await knex('golden_path_resources').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);
  });

  it('answers /health without credentials', async () => {
    const res = await request(server).get('/api/golden-path/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the effective policy with the rule catalogue, to signed-in callers only', async () => {
    await request(server).get('/api/golden-path/policy').expect(401);
    const res = await request(server)
      .get('/api/golden-path/policy')
      .set(user)
      .expect(200);
    expect(res.body.mode).toBe('plan');
    expect(res.body.environments.dev.relaxations).toEqual([
      { rule: 'GP-RDS-DELETION-PROTECTION', reason: 'dev data is disposable' },
    ]);
    expect(
      res.body.rules.find((r: any) => r.id === 'GP-S3-PUBLIC-ACCESS-BLOCK'),
    ).toMatchObject({
      relaxable: false,
      controls: expect.arrayContaining(['FSBP S3.8']),
    });
  });

  it('serves one environment when asked, and 404 for an environment that is not configured', async () => {
    const res = await request(server)
      .get('/api/golden-path/policy?environment=dev')
      .set(user)
      .expect(200);
    expect(Object.keys(res.body.environments)).toEqual(['dev']);
    expect(res.body.environments.dev.rds.instanceClasses).toEqual([
      'db.t4g.micro',
      'db.t4g.small',
      'db.t4g.medium',
    ]);
    expect(res.body.budget).toMatchObject({
      currency: 'USD',
      teamMonthly: { payments: 60 },
    });
    expect(res.body.prices.hoursPerMonth).toBe(730);
    const missing = await request(server)
      .get('/api/golden-path/policy?environment=nope')
      .set(user)
      .expect(404);
    expect(missing.body.error.message).toContain('configured: dev');
    await request(server)
      .get('/api/golden-path/policy?environment=dev&environment=prod')
      .set(user)
      .expect(404);
  });

  it('judges a user by their trusted catalog groups, never by what the body or a user-registered group claims', async () => {
    const crew = await request(server)
      .post('/api/golden-path/policy/evaluate')
      .set(user)
      .send({ request: { ...db, owner: 'group:default/crew' } })
      .expect(200);
    expect(crew.body.violations.map((v: any) => v.ruleId)).toEqual([
      'GP-OWNERSHIP',
    ]);
    expect(crew.body.violations[0].allowed).toEqual(['group:default/payments']);
    const res = await request(server)
      .post('/api/golden-path/policy/evaluate')
      .set(user)
      .send({
        request: { ...db, owner: 'group:default/checkout' },
        requester: { groups: ['group:default/checkout'] },
      })
      .expect(200);
    expect(res.body.allowed).toBe(false);
    expect(res.body.violations.map((v: any) => v.ruleId)).toEqual([
      'GP-OWNERSHIP',
    ]);
    const ok = await request(server)
      .post('/api/golden-path/policy/evaluate')
      .set(user)
      .send({ requests: [db] })
      .expect(200);
    expect(ok.body).toMatchObject({
      allowed: true,
      violations: [],
      exceptions: [{ ruleId: 'GP-RDS-DELETION-PROTECTION' }],
    });
    expect(ok.body.evaluated[0].request).toMatchObject({
      storageEncrypted: true,
      publiclyAccessible: false,
      manageMasterUserPassword: true,
    });
  });

  it('lets a service caller name the requester', async () => {
    const res = await request(server)
      .post('/api/golden-path/policy/evaluate')
      .set({ Authorization: mockCredentials.service.header() })
      .send({
        request: { ...db, owner: 'group:default/checkout' },
        requester: {
          userRef: 'user:default/ci',
          groups: ['group:default/checkout'],
        },
      })
      .expect(200);
    expect(res.body.allowed).toBe(true);
  });

  it('rejects malformed bodies with 400', async () => {
    const res = await request(server)
      .post('/api/golden-path/policy/evaluate')
      .set(user)
      .send({ nope: 1 })
      .expect(400);
    expect(res.body.error.name).toBe('InputError');
    await request(server)
      .post('/api/golden-path/policy/evaluate')
      .set(user)
      .set('content-type', 'application/json')
      .send('{oops')
      .expect(400);
    await request(server).get('/api/golden-path/budget').set(user).expect(400);
  });

  it('counts what the team already provisioned against its budget', async () => {
    const store = await ResourceStore.create({
      getClient: async () => knex,
    } as any);
    await store.upsert({
      taskId: 't1',
      kind: 'rds-instance',
      name: 'old-db',
      owner: 'payments',
      environment: 'dev',
      status: 'active',
      monthlyCost: 50,
    });
    await store.upsert({
      taskId: 't1',
      kind: 'rds-instance',
      name: 'old-db',
      owner: 'payments',
      environment: 'dev',
      status: 'active',
      monthlyCost: 50,
    });
    await store.upsert({
      taskId: 't2',
      kind: 'rds-instance',
      name: 'gone-db',
      owner: 'payments',
      environment: 'dev',
      status: 'deleted',
      monthlyCost: 500,
    });
    const budget = await request(server)
      .get('/api/golden-path/budget?owner=payments')
      .set(user)
      .expect(200);
    expect(budget.body).toMatchObject({
      owner: 'group:default/payments',
      monthlyBudget: 60,
      monthlySpend: 50,
      remaining: 10,
    });
    const res = await request(server)
      .post('/api/golden-path/policy/evaluate')
      .set(user)
      .send({ request: db })
      .expect(200);
    expect(res.body.violations.map((v: any) => v.ruleId)).toEqual([
      'GP-BUDGET-TEAM-MONTHLY',
    ]);
    expect(res.body.violations[0].message).toMatch(
      /group:default\/payments has USD 50.00\/month provisioned/,
    );
  });
});
