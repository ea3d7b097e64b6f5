import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTrustedDirectory } from './TrustedDirectory';

const TRUSTED = 'url:https://github.com/acme/org-data/blob/main/org.yaml';
const USER_REGISTERED =
  'url:https://github.com/mallory/notes/blob/main/catalog-info.yaml';
const origin = (location: string) => ({
  'backstage.io/managed-by-origin-location': location,
  'backstage.io/managed-by-location': location,
});

/** A group as the catalog stores it: hasMember comes from its own list and from users naming it. */
const group = (
  name: string,
  members: string[],
  location = TRUSTED,
  claimedBy: string[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations: origin(location) },
  spec: { type: 'team', children: [], members },
  relations: [...members, ...claimedBy].map(m => ({
    type: 'hasMember',
    targetRef: `user:default/${m}`,
  })),
});
const user = (
  name: string,
  memberOf: string[],
  location = TRUSTED,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default', annotations: origin(location) },
  spec: { memberOf },
  relations: memberOf.map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

/**
 * alice in checkout, bob in payments (trusted); carol is a trusted user naming checkout, which does
 * not list her; mallory registered a user claiming checkout; eve registered a group listing herself.
 */
const org = (): Entity[] => [
  group('checkout', ['alice'], TRUSTED, ['carol', 'mallory']),
  group('payments', ['bob']),
  group('selfmade', ['eve'], USER_REGISTERED),
  user('alice', ['checkout']),
  user('bob', ['payments']),
  user('carol', ['checkout']),
  user('mallory', ['checkout'], USER_REGISTERED),
  user('eve', ['selfmade'], USER_REGISTERED),
];

/** The catalog mock, with entities that can change between calls and a count of catalog reads. */
function changingCatalog(initial: Entity[]) {
  let mock = catalogServiceMock({ entities: initial });
  let failNext = false;
  const reads: string[] = [];
  const catalog = {
    async getEntities(request: any, options: any) {
      reads.push(`getEntities ${JSON.stringify(request.filter)}`);
      if (failNext) {
        failNext = false;
        throw new Error('catalog unavailable');
      }
      return mock.getEntities(request, options);
    },
    async getEntitiesByRefs(request: any, options: any) {
      reads.push(`getEntitiesByRefs ${request.entityRefs.join(',')}`);
      return mock.getEntitiesByRefs(request, options);
    },
  } as unknown as CatalogService;
  return {
    catalog,
    reads,
    replace(entities: Entity[]) {
      mock = catalogServiceMock({ entities });
    },
    failOnce() {
      failNext = true;
    },
  };
}

function directoryOn(entities: Entity[], trust: Record<string, unknown> = {}) {
  const catalog = changingCatalog(entities);
  let clock = 1_000_000;
  const directory = createTrustedDirectory({
    config: new ConfigReader({
      goldenPath: { trust: { catalogLocations: [TRUSTED], ...trust } },
    }),
    catalog: catalog.catalog,
    auth: mockServices.auth(),
    now: () => clock,
  });
  return {
    directory,
    ...catalog,
    advance(ms: number) {
      clock += ms;
    },
  };
}

describe('createTrustedDirectory', () => {
  it('counts memberships by trusted entities only, in one catalog query per user', async () => {
    const { directory, reads } = directoryOn(org());
    expect(await directory.groupsOf('user:default/alice')).toEqual([
      'group:default/checkout',
    ]);
    expect(reads).toHaveLength(1);
    expect(await directory.groupsOf('user:default/bob')).toEqual([
      'group:default/payments',
    ]);
    // A trusted user naming a trusted group counts, though the group does not list her.
    expect(await directory.groupsOf('user:default/carol')).toEqual([
      'group:default/checkout',
    ]);
    // A user-registered user entity, or a user-registered group, says nothing.
    expect(await directory.groupsOf('user:default/mallory')).toEqual([]);
    expect(await directory.groupsOf('user:default/eve')).toEqual([]);
    expect(await directory.groupsOf('user:default/nobody')).toEqual([]);
    expect(await directory.groupsOf('not a ref:')).toEqual([]);
  });

  it('still finds a trusted group the trusted user names when that group does not name the user', async () => {
    // The catalog has not (yet) related carol to checkout: only her own entity names it.
    const entities = org().map(e =>
      e.metadata.name === 'checkout'
        ? group('checkout', ['alice'], TRUSTED, ['mallory'])
        : e,
    );
    const { directory, reads } = directoryOn(entities);
    expect(await directory.groupsOf('user:default/carol')).toEqual([
      'group:default/checkout',
    ]);
    expect(reads).toEqual([
      expect.stringMatching(/^getEntities /),
      'getEntitiesByRefs group:default/checkout',
    ]);
  });

  it('reuses a user’s groups within membershipCacheSeconds and sees a membership change after it', async () => {
    const { directory, reads, replace, advance } = directoryOn(org(), {
      membershipCacheSeconds: 10,
    });
    expect(await directory.groupsOf('user:default/alice')).toEqual([
      'group:default/checkout',
    ]);
    // alice moves from checkout to payments in the trusted source.
    replace([
      group('checkout', [], TRUSTED, ['carol', 'mallory']),
      group('payments', ['bob', 'alice']),
      user('alice', ['payments']),
      ...org().filter(
        e => !['checkout', 'payments', 'alice'].includes(e.metadata.name),
      ),
    ]);
    advance(9_999);
    expect(await directory.groupsOf('User:default/Alice')).toEqual([
      'group:default/checkout',
    ]);
    expect(reads).toHaveLength(1);
    advance(1);
    expect(await directory.groupsOf('user:default/alice')).toEqual([
      'group:default/payments',
    ]);
    expect(await directory.isPlatformMember('user:default/alice')).toBe(false);
    expect(reads).toHaveLength(2);
  });

  it('never gives one user another user’s groups, one after the other or at the same time', async () => {
    const { directory } = directoryOn(org());
    expect(await directory.groupsOf('user:default/alice')).toEqual([
      'group:default/checkout',
    ]);
    expect(await directory.groupsOf('user:default/bob')).toEqual([
      'group:default/payments',
    ]);
    expect(await directory.groupsOf('user:default/mallory')).toEqual([]);
    const users = ['alice', 'bob', 'carol', 'mallory', 'eve', 'nobody'];
    const answers = await Promise.all(
      [...users, ...users].map(u => directory.groupsOf(`user:default/${u}`)),
    );
    const expected: Record<string, string[]> = {
      alice: ['group:default/checkout'],
      bob: ['group:default/payments'],
      carol: ['group:default/checkout'],
    };
    expect(answers).toEqual([...users, ...users].map(u => expected[u] ?? []));
    // A caller changing its copy changes nobody else's answer.
    (await directory.groupsOf('user:default/alice')).push('group:default/x');
    expect(await directory.groupsOf('user:default/alice')).toEqual([
      'group:default/checkout',
    ]);
  });

  it('lets lookups of one user at the same time share one catalog query', async () => {
    const { directory, reads } = directoryOn(org());
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => directory.groupsOf('user:default/bob')),
    );
    expect(answers).toEqual(
      Array.from({ length: 5 }, () => ['group:default/payments']),
    );
    expect(reads).toHaveLength(1);
  });

  it('keeps neither a failed lookup nor a user the catalog does not know yet', async () => {
    const { directory, reads, replace, failOnce } = directoryOn(org());
    failOnce();
    await expect(directory.groupsOf('user:default/bob')).rejects.toThrow(
      'catalog unavailable',
    );
    expect(await directory.groupsOf('user:default/bob')).toEqual([
      'group:default/payments',
    ]);
    expect(await directory.groupsOf('user:default/dave')).toEqual([]);
    replace([
      ...org().filter(e => e.metadata.name !== 'payments'),
      group('payments', ['bob', 'dave']),
      user('dave', ['payments']),
    ]);
    expect(await directory.groupsOf('user:default/dave')).toEqual([
      'group:default/payments',
    ]);
    expect(reads).toHaveLength(4);
  });

  it('reads the catalog every time with membershipCacheSeconds 0, and refuses a bad value', async () => {
    const { directory, reads } = directoryOn(org(), {
      membershipCacheSeconds: 0,
    });
    await directory.groupsOf('user:default/alice');
    await directory.groupsOf('user:default/alice');
    expect(reads).toHaveLength(2);
    for (const bad of [-1, 301])
      expect(() =>
        createTrustedDirectory({
          config: new ConfigReader({
            goldenPath: {
              trust: {
                catalogLocations: [TRUSTED],
                membershipCacheSeconds: bad,
              },
            },
          }),
          catalog: changingCatalog([]).catalog,
          auth: mockServices.auth(),
        }),
      ).toThrow(/membershipCacheSeconds/);
  });
});
