import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isFromTrustedSource,
  readTrustedSources,
  TrustedSources,
} from './sources';

/** Facts about people and teams, read only from trusted catalog sources. @public */
export interface TrustedDirectory {
  readonly sources: TrustedSources;
  isTrusted(entity: Entity | undefined): boolean;
  /** Group refs the user belongs to, directly, by trusted entities only. */
  groupsOf(userRef: string): Promise<string[]>;
  /** Whether the user belongs to one of `goldenPath.trust.platformGroups`. */
  isPlatformMember(userRef: string): Promise<boolean>;
  /** Trusted catalog entities that name this GitHub repository (`github.com/project-slug`), with their owners. */
  repoClaims(org: string, repo: string): Promise<string[]>;
}

const ref = (value: string, kind: string, namespace = 'default') => {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind: kind, defaultNamespace: namespace }),
    ).toLowerCase();
  } catch {
    return undefined;
  }
};

/**
 * A membership counts when a trusted group lists the user, or a trusted user entity lists a trusted
 * group. A group, user or component registered by a signed-in user (an untrusted location) says
 * nothing: that is how a self-made team is kept out of ownership and budgets.
 * @public
 */
export function createTrustedDirectory(deps: {
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
}): TrustedDirectory {
  const sources = readTrustedSources(deps.config);
  const credentials = (): Promise<BackstageCredentials> =>
    deps.auth.getOwnServiceCredentials();
  const isTrusted = (entity: Entity | undefined) =>
    !!entity && isFromTrustedSource(entity, sources);

  async function groupsOf(userRef: string): Promise<string[]> {
    const user = ref(userRef, 'user');
    if (!user) return [];
    const { namespace } = parseEntityRef(user);
    const creds = await credentials();
    const [userEntity, { items: listing }] = await Promise.all([
      deps.catalog.getEntityByRef(user, { credentials: creds }),
      deps.catalog.getEntities(
        { filter: { kind: 'Group', 'relations.hasMember': user } },
        { credentials: creds },
      ),
    ]);
    const claimedByUser = new Set(
      isTrusted(userEntity)
        ? ((userEntity!.spec?.memberOf as string[] | undefined) ?? []).map(g =>
            ref(g, 'group', namespace),
          )
        : [],
    );
    const groups = new Map<string, Entity>(
      listing
        .filter(isTrusted)
        .map(g => [stringifyEntityRef(g).toLowerCase(), g]),
    );
    // Groups the trusted user entity names but that do not list the user themselves.
    const missing = [...claimedByUser].filter(
      (g): g is string => !!g && !groups.has(g),
    );
    if (missing.length) {
      const { items } = await deps.catalog.getEntitiesByRefs(
        { entityRefs: missing },
        { credentials: creds },
      );
      for (const g of items)
        if (g && isTrusted(g))
          groups.set(stringifyEntityRef(g).toLowerCase(), g);
    }
    const result: string[] = [];
    for (const [groupRef, group] of groups) {
      const members = ((group.spec?.members as string[] | undefined) ?? []).map(
        m => ref(m, 'user', group.metadata.namespace ?? 'default'),
      );
      if (members.includes(user) || claimedByUser.has(groupRef))
        result.push(groupRef);
    }
    return result.sort();
  }

  return {
    sources,
    isTrusted,
    groupsOf,
    async isPlatformMember(userRef) {
      const mine = await groupsOf(userRef);
      return mine.some(g => sources.platformGroups.includes(g));
    },
    async repoClaims(org, repo) {
      const { items } = await deps.catalog.getEntities(
        {
          filter: {
            'metadata.annotations.github.com/project-slug': `${org}/${repo}`,
          },
        },
        { credentials: await credentials() },
      );
      const owners = items
        .filter(isTrusted)
        .map(e =>
          ref(String(e.spec?.owner ?? ''), 'group', e.metadata.namespace),
        );
      return [...new Set(owners.filter((o): o is string => !!o))];
    },
  };
}
