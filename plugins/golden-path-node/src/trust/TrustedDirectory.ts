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

/** How long a user's trusted groups are reused when config does not say (`goldenPath.trust.membershipCacheSeconds`). */
const DEFAULT_MEMBERSHIP_CACHE_SECONDS = 10;

/** The entity fields membership needs: the ref, the trusted origin, and who lists whom. */
const MEMBERSHIP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.members',
  'spec.memberOf',
];

/**
 * A membership counts when a trusted group lists the user, or a trusted user entity lists a trusted
 * group. A group, user or component registered by a signed-in user (an untrusted location) says
 * nothing: that is how a self-made team is kept out of ownership and budgets.
 *
 * Each user's groups are read in one catalog query (the user entity and the groups that list the
 * user, together) and reused for that same user for `goldenPath.trust.membershipCacheSeconds`
 * (default 10; 0 reads the catalog every time). The answer is keyed by the normalised user ref
 * only, so one user is never given another's groups; lookups of the same user at the same time
 * share one query; a failed lookup is not kept; a user the catalog does not know yet is not kept.
 * @public
 */
export function createTrustedDirectory(deps: {
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
  /** The clock the membership cache reads (tests). */
  now?: () => number;
}): TrustedDirectory {
  const sources = readTrustedSources(deps.config);
  const ttlSeconds =
    deps.config.getOptionalNumber('goldenPath.trust.membershipCacheSeconds') ??
    DEFAULT_MEMBERSHIP_CACHE_SECONDS;
  if (!(ttlSeconds >= 0) || ttlSeconds > 300)
    throw new Error(
      `Invalid goldenPath.trust.membershipCacheSeconds ${ttlSeconds}: use 0 (no cache) to 300`,
    );
  const ttlMs = ttlSeconds * 1000;
  const now = deps.now ?? Date.now;
  const credentials = (): Promise<BackstageCredentials> =>
    deps.auth.getOwnServiceCredentials();
  const isTrusted = (entity: Entity | undefined) =>
    !!entity && isFromTrustedSource(entity, sources);

  /** The user's trusted groups from the catalog, and whether the catalog knows the user at all. */
  async function lookUp(
    user: string,
  ): Promise<{ groups: string[]; knownUser: boolean }> {
    const { namespace, name } = parseEntityRef(user);
    const creds = await credentials();
    // One query: the user entity, and every group that lists the user.
    const { items } = await deps.catalog.getEntities(
      {
        filter: [
          {
            kind: 'User',
            'metadata.namespace': namespace,
            'metadata.name': name,
          },
          { kind: 'Group', 'relations.hasMember': user },
        ],
        fields: MEMBERSHIP_FIELDS,
      },
      { credentials: creds },
    );
    const refOf = (e: Entity) => stringifyEntityRef(e).toLowerCase();
    const userEntity = items.find(
      e => e.kind.toLowerCase() === 'user' && refOf(e) === user,
    );
    const listing = items.filter(e => e.kind.toLowerCase() === 'group');
    const claimedByUser = new Set(
      isTrusted(userEntity)
        ? ((userEntity!.spec?.memberOf as string[] | undefined) ?? []).map(g =>
            ref(g, 'group', namespace),
          )
        : [],
    );
    const groups = new Map<string, Entity>(
      listing.filter(isTrusted).map(g => [refOf(g), g]),
    );
    // Groups the trusted user entity names but that do not list the user themselves.
    const missing = [...claimedByUser].filter(
      (g): g is string => !!g && !groups.has(g),
    );
    if (missing.length) {
      const { items: named } = await deps.catalog.getEntitiesByRefs(
        { entityRefs: missing, fields: MEMBERSHIP_FIELDS },
        { credentials: creds },
      );
      for (const g of named) if (g && isTrusted(g)) groups.set(refOf(g), g);
    }
    const result: string[] = [];
    for (const [groupRef, group] of groups) {
      const members = ((group.spec?.members as string[] | undefined) ?? []).map(
        m => ref(m, 'user', group.metadata.namespace ?? 'default'),
      );
      if (members.includes(user) || claimedByUser.has(groupRef))
        result.push(groupRef);
    }
    return { groups: result.sort(), knownUser: !!userEntity };
  }

  const cache = new Map<
    string,
    { expiresAt: number; groups: Promise<string[]> }
  >();
  async function groupsOf(userRef: string): Promise<string[]> {
    const user = ref(userRef, 'user');
    if (!user) return [];
    if (ttlMs === 0) return (await lookUp(user)).groups;
    const cached = cache.get(user);
    if (cached && cached.expiresAt > now()) return [...(await cached.groups)];
    const entry = {
      expiresAt: Number.POSITIVE_INFINITY, // until the lookup settles
      groups: lookUp(user).then(
        ({ groups, knownUser }) => {
          if (knownUser && cache.get(user) === entry)
            entry.expiresAt = now() + ttlMs;
          else if (cache.get(user) === entry) cache.delete(user);
          return groups;
        },
        e => {
          if (cache.get(user) === entry) cache.delete(user);
          throw e;
        },
      ),
    };
    cache.set(user, entry);
    // Expired entries of other users go as new ones come, so the map stays small.
    if (cache.size > 1000)
      for (const [key, value] of cache)
        if (value.expiresAt <= now()) cache.delete(key);
    return [...(await entry.groups)];
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
