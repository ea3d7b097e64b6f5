import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTrustedDirectory } from '@golden-path/plugin-golden-path-node';
import {
  TRUSTED_ORIGIN,
  trustConfig,
  USER_ORIGIN,
} from '../../inventory/testOrg';

export { TRUSTED_ORIGIN, USER_ORIGIN, trustConfig };

const origin = (location: string) => ({
  'backstage.io/managed-by-origin-location': location,
  'backstage.io/managed-by-location': location,
});

function user(
  name: string,
  memberOf: string[],
  location: string,
  profile: { email?: string; displayName?: string; login?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        ...origin(location),
        ...(profile.login && { 'github.com/user-login': profile.login }),
      },
    },
    spec: {
      profile: { email: profile.email, displayName: profile.displayName },
      memberOf,
    },
    relations: memberOf.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

function group(name: string, members: string[], location: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', annotations: origin(location) },
    spec: { type: 'team', children: [], members },
    relations: members.map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
  };
}

export function template(
  name: string,
  location: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      annotations: { ...origin(location), ...annotations },
    },
    spec: { type: 'service', steps: [] },
  };
}

/**
 * Reporters and their teams: alice (checkout) and bob (payments, listed first) from the trusted
 * org data, pat (platform, the importers). The trusted payments group lists a `mallory`, whose user
 * entity someone registered with dana's email and a GitHub login: that entity must not give dana's
 * tickets a team. dana is nobody in the trusted sources.
 */
export function ticketOrg(extra: Entity[] = []): Entity[] {
  return [
    group('checkout', ['alice'], TRUSTED_ORIGIN),
    // Lists a mallory, but the mallory user entity is one someone registered.
    group('payments', ['bob', 'mallory'], TRUSTED_ORIGIN),
    group('platform', ['pat', 'bob'], TRUSTED_ORIGIN),
    group('data', ['carol'], TRUSTED_ORIGIN),
    user('alice', ['checkout'], TRUSTED_ORIGIN, {
      email: 'alice@acme.test',
      displayName: 'Alice Archer',
      login: 'alice-gh',
    }),
    user('bob', ['payments', 'platform'], TRUSTED_ORIGIN, {
      email: 'bob@acme.test',
      displayName: 'Bob Baker',
      login: 'bobb',
    }),
    user('pat', ['platform'], TRUSTED_ORIGIN, {
      email: 'pat@acme.test',
      displayName: 'Pat Platform',
    }),
    user('carol', ['data'], TRUSTED_ORIGIN, {
      email: 'carol@acme.test',
      displayName: 'Carol Cole',
    }),
    user('mallory', ['checkout'], USER_ORIGIN, {
      email: 'dana@acme.test',
      displayName: 'Dana Doe',
      login: 'carol-gh',
    }),
    ...extra,
  ];
}

/** The catalog, auth and trusted directory the ticket code reads people from. */
export function orgServices(entities: Entity[] = ticketOrg()) {
  const catalog = catalogServiceMock({ entities });
  const auth = mockServices.auth();
  const directory = createTrustedDirectory({
    config: new ConfigReader({ goldenPath: { trust: trustConfig } }),
    catalog,
    auth,
  });
  return { catalog, auth, directory };
}
