import { Entity } from '@backstage/catalog-model';

/** The organisation's own catalog location: the only source trusted in the inventory tests. */
export const TRUSTED_ORIGIN =
  'url:https://github.com/acme/org-data/blob/main/org.yaml';
/** A location a signed-in user registered. */
export const USER_ORIGIN =
  'url:https://github.com/mallory/notes/blob/main/catalog-info.yaml';

/** Config for the tests: trust only the org-data location; `sre` is named a platform group but only a user-registered entity of that name exists. */
export const trustConfig = {
  catalogLocations: [TRUSTED_ORIGIN],
  platformGroups: ['group:default/platform', 'group:default/sre'],
};

const origin = (location: string) => ({
  'backstage.io/managed-by-origin-location': location,
  'backstage.io/managed-by-location': location,
});

function group(
  name: string,
  members: string[],
  location: string,
  extraMembers: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', annotations: origin(location) },
    spec: { type: 'team', children: [], members },
    // The catalog derives hasMember from the group's own list AND from any user entity's memberOf,
    // so a user-registered user entity adds itself here.
    relations: [...members, ...extraMembers].map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
  };
}

function user(name: string, memberOf: string[], location: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default', annotations: origin(location) },
    spec: { memberOf },
    relations: memberOf.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/**
 * alice in checkout, bob in payments, pat in platform (all trusted); mallory registered a user
 * entity claiming checkout; eve registered a group `sre` (a configured platform group name) listing
 * herself; carol is a trusted user who claims checkout but whom checkout does not list (still a member:
 * a trusted user entity naming a trusted group counts).
 */
export function orgEntities(): Entity[] {
  return [
    group('checkout', ['alice'], TRUSTED_ORIGIN, ['mallory', 'carol']),
    group('payments', ['bob'], TRUSTED_ORIGIN),
    group('platform', ['pat'], TRUSTED_ORIGIN),
    group('sre', ['eve'], USER_ORIGIN),
    user('alice', ['checkout'], TRUSTED_ORIGIN),
    user('bob', ['payments'], TRUSTED_ORIGIN),
    user('pat', ['platform'], TRUSTED_ORIGIN),
    user('carol', ['checkout'], TRUSTED_ORIGIN),
    user('mallory', ['checkout'], USER_ORIGIN),
    user('eve', ['sre'], USER_ORIGIN),
  ];
}
