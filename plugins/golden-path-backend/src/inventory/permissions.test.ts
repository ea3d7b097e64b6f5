import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  inventoryResourceRef,
  parseInventoryResourceRef,
  resourcesUpdatePermission,
} from '@golden-path/plugin-golden-path-common';
import { createTrustedDirectory } from '@golden-path/plugin-golden-path-node';
import knexFactory, { Knex } from 'knex';
import { ResourceRow, ResourceStore } from '../service/ResourceStore';
import {
  createInventoryConditionalDecision,
  InventoryPermissionResource,
  InventoryPermissionResources,
  inventoryConditions,
  inventoryOwnerOrPlatform,
  inventoryPermissionRules,
  isOwnerMember,
  isPlatformMember,
  userRefsIn,
} from './permissions';
import { orgEntities, trustConfig } from './testOrg';

const row = (taskId: string, name: string, owner: string): ResourceRow => ({
  taskId,
  kind: 's3-bucket',
  name,
  owner,
  environment: 'dev',
  status: 'active',
  monthlyCost: 3,
  requester: 'user:default/alice',
  templateRef: 'template:default/s3-bucket',
  createdAt: '2026-11-01T00:00:00.000Z',
});

describe('golden-path-resource permissions', () => {
  let knex: Knex;
  let store: ResourceStore;
  let resources: InventoryPermissionResources;
  const directory = createTrustedDirectory({
    config: new ConfigReader({ goldenPath: { trust: trustConfig } }),
    catalog: catalogServiceMock({ entities: orgEntities() }),
    auth: mockServices.auth(),
  });

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    store = await ResourceStore.create({ getClient: async () => knex } as any);
    await store.upsertMany([
      row('t1', 'checkout-logs', 'group:default/checkout'),
      row('t2', 'payments/with-slash', 'Payments'),
    ]);
    resources = new InventoryPermissionResources({
      store,
      directory,
      catalog: catalogServiceMock({ entities: orgEntities() }),
      auth: mockServices.auth(),
    });
  });
  afterAll(() => knex.destroy());

  it('makes golden-path.resources.update a resource permission of golden-path-resource, name unchanged', () => {
    expect(resourcesUpdatePermission).toEqual({
      type: 'resource',
      name: 'golden-path.resources.update',
      attributes: { action: 'update' },
      resourceType: 'golden-path-resource',
    });
  });

  it('refers to a record as <taskId>/<kind>/<name>, a name may hold slashes', () => {
    const key = {
      taskId: 't2',
      kind: 'github-secret',
      name: 'payments-api/DATABASE_URL',
    };
    expect(inventoryResourceRef(key)).toBe(
      't2/github-secret/payments-api/DATABASE_URL',
    );
    expect(parseInventoryResourceRef(inventoryResourceRef(key))).toEqual(key);
    for (const bad of [
      '',
      't2',
      't2/kind',
      't2/kind/',
      '/kind/name',
      't2//name',
    ])
      expect(parseInventoryResourceRef(bad)).toBeUndefined();
  });

  it('loads records with the members of the owning and platform groups by trusted sources only', async () => {
    const [checkout, payments, missing] = await resources.getResources([
      't1/s3-bucket/checkout-logs',
      't2/s3-bucket/payments/with-slash',
      't9/s3-bucket/nope',
    ]);
    expect(checkout).toMatchObject({
      taskId: 't1',
      owner: 'group:default/checkout',
      trustedPlatformMembers: ['user:default/pat'],
    });
    // alice is listed by the group; carol's trusted user entity names it; mallory's self-registered one does not count.
    expect(checkout!.trustedOwnerMembers.sort()).toEqual([
      'user:default/alice',
      'user:default/carol',
    ]);
    expect(payments).toMatchObject({
      owner: 'group:default/payments',
      trustedOwnerMembers: ['user:default/bob'],
      trustedPlatformMembers: ['user:default/pat'],
    });
    expect(missing).toBeUndefined();
  });

  it('agrees with TrustedDirectory.groupsOf for every user, whichever way the facts are loaded', async () => {
    const [item] = await store.ofTasks(['t1']);
    const [loaded] = await resources.getResources([
      't1/s3-bucket/checkout-logs',
    ]);
    for (const name of [
      'alice',
      'bob',
      'carol',
      'pat',
      'mallory',
      'eve',
      'nobody',
    ]) {
      const userRef = `user:default/${name}`;
      const groups = await directory.groupsOf(userRef);
      const expected = {
        owner: groups.includes('group:default/checkout'),
        platform: groups.some(g =>
          directory.sources.platformGroups.includes(g),
        ),
      };
      const forUser = await resources.forUsers(item, [userRef]);
      for (const resource of [loaded!, forUser]) {
        expect({
          name,
          owner: isOwnerMember.apply(resource, { userRef }),
          platform: isPlatformMember.apply(resource, { userRef }),
        }).toEqual({ name, ...expected });
      }
    }
  });

  it('rules are about the user they name, whatever the spelling of the ref', () => {
    const resource = {
      owner: 'group:default/checkout',
      trustedOwnerMembers: ['user:default/alice'],
      trustedPlatformMembers: ['user:default/pat'],
    } as InventoryPermissionResource;
    expect(
      isOwnerMember.apply(resource, { userRef: 'User:default/Alice' }),
    ).toBe(true);
    expect(isOwnerMember.apply(resource, { userRef: 'alice' })).toBe(true);
    expect(isOwnerMember.apply(resource, { userRef: 'user:default/pat' })).toBe(
      false,
    );
    expect(
      isPlatformMember.apply(resource, { userRef: 'user:default/pat' }),
    ).toBe(true);
    expect(isPlatformMember.apply(resource, { userRef: 'not a ref:' })).toBe(
      false,
    );
  });

  it('exports conditions a policy composes into a conditional decision', () => {
    const decision = createInventoryConditionalDecision(
      resourcesUpdatePermission,
      inventoryOwnerOrPlatform('user:default/alice'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'golden-path',
      resourceType: 'golden-path-resource',
      conditions: {
        anyOf: [
          {
            rule: 'IS_OWNER_MEMBER',
            resourceType: 'golden-path-resource',
            params: { userRef: 'user:default/alice' },
          },
          {
            rule: 'IS_PLATFORM_MEMBER',
            resourceType: 'golden-path-resource',
            params: { userRef: 'user:default/alice' },
          },
        ],
      },
    });
    expect(
      userRefsIn({
        allOf: [
          inventoryConditions.isOwnerMember({ userRef: 'a' }),
          { not: inventoryConditions.isPlatformMember({ userRef: 'b' }) },
        ],
      }),
    ).toEqual(['a', 'b']);
    const authorize = createConditionAuthorizer(
      Object.values(inventoryPermissionRules),
    );
    const resource = {
      trustedOwnerMembers: ['user:default/alice'],
      trustedPlatformMembers: [],
    } as unknown as InventoryPermissionResource;
    expect(authorize(decision, resource)).toBe(true);
    expect(
      authorize(
        createInventoryConditionalDecision(
          resourcesUpdatePermission,
          inventoryOwnerOrPlatform('user:default/bob'),
        ),
        resource,
      ),
    ).toBe(false);
  });

  it('validates rule parameters', () => {
    const authorize = createConditionAuthorizer(
      Object.values(inventoryPermissionRules),
    );
    const resource = {
      trustedOwnerMembers: [],
      trustedPlatformMembers: [],
    } as unknown as InventoryPermissionResource;
    const bad = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'golden-path',
      resourceType: 'golden-path-resource',
      conditions: {
        rule: 'IS_OWNER_MEMBER',
        resourceType: 'golden-path-resource',
        params: { user: 'x' },
      },
    } as const;
    expect(() => authorize(bad, resource)).toThrow(
      /Parameters to rule are invalid/,
    );
  });
});
