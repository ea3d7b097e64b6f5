import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import goldenPathPlugin from '@golden-path/plugin-golden-path-backend';
import { ResourceStore } from '@golden-path/plugin-golden-path-backend/testUtils';
import { resourcesUpdatePermission } from '@golden-path/plugin-golden-path-common';
import knexFactory from 'knex';
import request from 'supertest';
import goldenPathTestPermissionPolicy, {
  mockHttpAuthWithActors,
} from './permissionPolicy';

const TRUSTED = 'url:https://github.com/acme/org-data/blob/main/org.yaml';
const USER_REGISTERED =
  'url:https://github.com/mallory/notes/blob/main/catalog-info.yaml';

const entity = (
  kind: 'User' | 'Group',
  name: string,
  location: string,
  spec: Entity['spec'],
  relations: Array<[string, string]>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-origin-location': location,
      'backstage.io/managed-by-location': location,
    },
  },
  spec,
  relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
});

/** alice in checkout, bob in payments, pat in platform; mallory's own user entity claims checkout. */
const org: Entity[] = [
  entity(
    'Group',
    'checkout',
    TRUSTED,
    { type: 'team', children: [], members: ['alice'] },
    [
      ['hasMember', 'user:default/alice'],
      ['hasMember', 'user:default/mallory'],
    ],
  ),
  entity(
    'Group',
    'payments',
    TRUSTED,
    { type: 'team', children: [], members: ['bob'] },
    [['hasMember', 'user:default/bob']],
  ),
  entity(
    'Group',
    'platform',
    TRUSTED,
    { type: 'team', children: [], members: ['pat'] },
    [['hasMember', 'user:default/pat']],
  ),
  entity('User', 'alice', TRUSTED, { memberOf: ['checkout'] }, [
    ['memberOf', 'group:default/checkout'],
  ]),
  entity('User', 'bob', TRUSTED, { memberOf: ['payments'] }, [
    ['memberOf', 'group:default/payments'],
  ]),
  entity('User', 'pat', TRUSTED, { memberOf: ['platform'] }, [
    ['memberOf', 'group:default/platform'],
  ]),
  entity('User', 'mallory', USER_REGISTERED, { memberOf: ['checkout'] }, [
    ['memberOf', 'group:default/checkout'],
  ]),
];

const rows = ['checkout', 'payments', 'checkout'].map((team, i) => ({
  taskId: `task-${i}`,
  kind: 's3-bucket' as const,
  name: `${team}-bucket-${i}`,
  owner: `group:default/${team}`,
  environment: 'dev',
  status: 'active' as const,
  monthlyCost: 5,
  requester: 'user:default/alice',
  templateRef: 'template:default/s3-bucket',
  createdAt: '2026-11-01T00:00:00.000Z',
}));

const as = (name: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});

describe('the Golden Path test permission policy, through the real permission backend', () => {
  let server: any;
  let store: ResourceStore;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        goldenPathTestPermissionPolicy,
        goldenPathPlugin,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            goldenPath: {
              github: { org: 'acme' },
              aws: { region: 'eu-west-1' },
              trust: { catalogLocations: [TRUSTED] },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        mockHttpAuthWithActors(),
        catalogServiceMock.factory({ entities: org }),
      ],
    });
    server = backend.server;
    store = await ResourceStore.create({ getClient: async () => knex } as any);
    await store.upsertMany(rows);
    stop = async () => {
      await backend.stop();
      await knex.destroy();
    };
  });
  afterAll(() => stop?.());

  const authorize = (
    who: string,
    items: Array<{ permission: string; resourceRef?: string }>,
  ) => {
    const byName: Record<string, unknown> = {
      [resourcesUpdatePermission.name]: resourcesUpdatePermission,
    };
    return request(server)
      .post('/api/permission/authorize')
      .set(as(who))
      .send({
        items: items.map((item, i) => ({
          id: String(i),
          permission: byName[item.permission] ?? {
            type: 'basic',
            name: item.permission,
            attributes: {},
          },
          ...(item.resourceRef ? { resourceRef: item.resourceRef } : {}),
        })),
      });
  };
  const results = async (
    who: string,
    items: Array<{ permission: string; resourceRef?: string }>,
  ) =>
    (await authorize(who, items).expect(200)).body.items.map(
      (i: { result: string }) => i.result,
    );

  it('allows reads and task creation, denies what it does not know', async () => {
    expect(
      await results('bob', [
        { permission: 'catalog.entity.read' },
        { permission: 'scaffolder.task.create' },
        { permission: 'golden-path.metrics.read' },
        { permission: 'catalog.location.delete' },
        { permission: 'some-plugin.admin' },
      ]),
    ).toEqual(['ALLOW', 'ALLOW', 'ALLOW', 'DENY', 'DENY']);
  });

  it('answers golden-path.resources.update per record: owner member or platform member, by trusted sources', async () => {
    const update = (resourceRef: string) => ({
      permission: resourcesUpdatePermission.name,
      resourceRef,
    });
    const checkout = 'task-0/s3-bucket/checkout-bucket-0';
    const payments = 'task-1/s3-bucket/payments-bucket-1';
    expect(
      await results('alice', [update(checkout), update(payments)]),
    ).toEqual(['ALLOW', 'DENY']);
    expect(await results('bob', [update(checkout), update(payments)])).toEqual([
      'DENY',
      'ALLOW',
    ]);
    expect(await results('pat', [update(checkout), update(payments)])).toEqual([
      'ALLOW',
      'ALLOW',
    ]);
    expect(
      await results('mallory', [update(checkout), update(payments)]),
    ).toEqual(['DENY', 'DENY']);
  });

  it('PATCH applies the conditional decision, and the floor holds on its own', async () => {
    const patch = (who: string, row: (typeof rows)[number]) =>
      request(server)
        .patch(
          `/api/golden-path/resources/${row.taskId}/${row.kind}/${row.name}`,
        )
        .set(as(who))
        .send({ status: 'deleted' });
    expect((await patch('mallory', rows[0])).body.error.message).toMatch(
      /^GP-RESOURCE-OWNER: .*user:default\/mallory is not one of them$/,
    );
    expect((await patch('bob', rows[0])).status).toBe(403);
    expect((await patch('alice', rows[0])).status).toBe(200);
    expect((await patch('pat', rows[1])).status).toBe(200);
    expect(
      (await store.ofTasks(['task-0', 'task-1', 'task-2'])).map(i => i.status),
    ).toEqual(['deleted', 'deleted', 'active']);
  });
});
