import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory from 'knex';
import request from 'supertest';
import { goldenPathPlugin } from '../plugin';
import { ResourceRow, ResourceStore } from '../service/ResourceStore';

const user = { Authorization: mockCredentials.user.header('user:default/guest') };
const service = { Authorization: mockCredentials.service.header() };

/** 30 resources over three days: kinds, owners and environments in turn. */
function seedRows(): ResourceRow[] {
  const kinds = ['s3-bucket', 'rds-instance', 'github-repo'];
  const owners = ['group:default/payments', 'group:default/checkout'];
  return Array.from({ length: 30 }, (_, i) => ({
    taskId: `task-${String(i).padStart(2, '0')}`,
    kind: kinds[i % 3],
    name: `res-${i}`,
    owner: owners[i % 2],
    environment: i % 5 === 0 ? 'prod' : 'dev',
    status: i % 4 === 0 ? 'failed' : 'active',
    monthlyCost: i,
    requester: 'user:default/guest',
    templateRef: 'template:default/s3-bucket',
    createdAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 3600_000).toISOString(),
  }));
}

/** The plugin on an in-memory SQLite holding the seeded rows, with permission decisions fixed to `result`. */
async function backendWith(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const backend = await startTestBackend({
    features: [
      goldenPathPlugin,
      mockServices.rootConfig.factory({ data: { goldenPath: { github: { org: 'acme' }, aws: { region: 'eu-west-1' } } } }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.permissions.factory({ result }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  const store = await ResourceStore.create({ getClient: async () => knex } as any);
  await store.upsertMany(seedRows());
  return { server: backend.server, store, stop: async () => { await backend.stop(); await knex.destroy(); } };
}

describe('GET /api/golden-path/resources', () => {
  let server: any;
  let stop: () => Promise<void>;
  const get = (query: string, headers: Record<string, string> = user) => request(server).get(`/api/golden-path/resources${query}`).set(headers);

  beforeAll(async () => {
    ({ server, stop } = await backendWith(AuthorizeResult.ALLOW));
  });

  afterAll(() => stop());

  it('needs credentials; users and services may read', async () => {
    expect((await get('', {})).status).toBe(401);
    expect((await get('', service)).body.totalCount).toBe(30);
  });

  it('pages newest first, with the total and the catalog entity ref of each resource', async () => {
    const first = await get('?limit=4').expect(200);
    expect(first.body).toMatchObject({ totalCount: 30, offset: 0, limit: 4 });
    expect(first.body.items.map((i: any) => i.name)).toEqual(['res-29', 'res-28', 'res-27', 'res-26']);
    expect(first.body.items[0]).toEqual({
      taskId: 'task-29', kind: 'github-repo', name: 'res-29', owner: 'group:default/checkout', environment: 'dev', status: 'active', monthlyCost: 29,
      requester: 'user:default/guest', templateRef: 'template:default/s3-bucket', createdAt: '2026-11-02T05:00:00.000Z', entityRef: 'resource:default/repo-res-29',
    });
    const pages = [];
    for (let offset = 0; offset < 30; offset += 7) pages.push(...(await get(`?limit=7&offset=${offset}`).expect(200)).body.items);
    expect(new Set(pages.map((i: any) => i.taskId)).size).toBe(30);
    expect((await get('?offset=30').expect(200)).body.items).toEqual([]);
  });

  it('filters by owner (ref or name), kind, environment and status, together', async () => {
    const payments = (await get('?owner=payments&limit=500').expect(200)).body;
    expect(payments.totalCount).toBe(15);
    expect(payments.items.every((i: any) => i.owner === 'group:default/payments')).toBe(true);
    expect((await get('?owner=group:default/payments').expect(200)).body.totalCount).toBe(15);
    const rows = seedRows();
    const expected = rows.filter(r => r.owner === 'group:default/checkout' && r.kind === 'rds-instance' && r.environment === 'dev' && r.status === 'active');
    const res = (await get('?owner=checkout&kind=rds-instance&environment=dev&status=active').expect(200)).body;
    expect(res.items.map((i: any) => i.name).sort()).toEqual(expected.map(r => r.name).sort());
    expect(res.totalCount).toBe(expected.length);
    expect((await get('?taskId=task-03').expect(200)).body.items.map((i: any) => i.name)).toEqual(['res-3']);
  });

  it.each([
    ['?kind=vm', /kind must be one of github-repo, github-secret, s3-bucket, rds-instance, elasticache-redis/],
    ['?status=gone', /status must be one of planned, active, failed, deleted/],
    ['?limit=0', /limit must be a whole number from 1 to 500/],
    ['?limit=501', /limit must be a whole number/],
    ['?limit=ten', /limit must be a whole number/],
    ['?offset=-1', /offset must be a whole number/],
    ['?owner=a&owner=b', /owner must be given once/],
    [`?environment=${'x'.repeat(65)}`, /environment is longer than 64 characters/],
  ])('answers 400 for %s', async (query, message) => {
    const res = await get(query).expect(400);
    expect(res.body.error).toMatchObject({ name: 'InputError', message: expect.stringMatching(message) });
  });
});

describe('PATCH /api/golden-path/resources/:taskId/:kind/:name', () => {
  const patch = (server: any, path: string, body: unknown) => request(server).patch(`/api/golden-path/resources/${path}`).set(user).send(body as object);

  it('marks a resource deleted: it leaves the team spend and collecting its run again does not revive it', async () => {
    const b = await backendWith(AuthorizeResult.ALLOW);
    try {
      const row = seedRows()[7]; // an active rds-instance of checkout, 7 a month
      const before = (await b.store.monthlySpendByOwner(['group:default/checkout']))['group:default/checkout'];
      const res = await patch(b.server, `${row.taskId}/${row.kind}/${row.name}`, { status: 'deleted' }).expect(200);
      expect(res.body).toMatchObject({ taskId: row.taskId, kind: 'rds-instance', name: 'res-7', status: 'deleted', entityRef: 'resource:default/db-res-7' });
      expect((await b.store.monthlySpendByOwner(['group:default/checkout']))['group:default/checkout']).toBe(before - 7);
      await b.store.upsertMany([row]);
      expect((await b.store.ofTasks([row.taskId]))[0].status).toBe('deleted');
    } finally {
      await b.stop();
    }
  });

  it('answers 404 for an unknown resource and 400 for any other change', async () => {
    const b = await backendWith(AuthorizeResult.ALLOW);
    try {
      expect((await patch(b.server, 'task-99/s3-bucket/nope', { status: 'deleted' }).expect(404)).body.error.message).toMatch(/No resource s3-bucket nope from task task-99/);
      expect((await patch(b.server, 'task-01/rds-instance/res-1', { status: 'active' }).expect(400)).body.error.message).toMatch(/only marking a resource deleted/);
      expect((await b.store.ofTasks(['task-01']))[0].status).toBe('active');
    } finally {
      await b.stop();
    }
  });

  it('requires golden-path.resources.update', async () => {
    const b = await backendWith(AuthorizeResult.DENY);
    try {
      const res = await patch(b.server, 'task-01/rds-instance/res-1', { status: 'deleted' }).expect(403);
      expect(res.body.error.message).toMatch(/golden-path\.resources\.update/);
      expect((await b.store.ofTasks(['task-01']))[0].status).toBe('active');
    } finally {
      await b.stop();
    }
  });
});
