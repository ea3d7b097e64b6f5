import {
  AuthService,
  PermissionsRegistryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  INVENTORY_RESOURCE_TYPE,
  InventoryItem,
  inventoryResourceRef,
  normaliseGroupRef,
  parseInventoryResourceRef,
  resourcesUpdatePermission,
} from '@golden-path/plugin-golden-path-common';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';

/**
 * One inventory record as the permission rules see it: the stored item plus facts about people read
 * from TRUSTED catalog sources only (never from the record, a request body or a user-registered
 * location). Rules are synchronous, so these facts are computed when the resource is loaded.
 * @public
 */
export interface InventoryPermissionResource extends InventoryItem {
  /** The record's owning group, normalised (`group:<namespace>/<name>`, lower case). */
  owner: string;
  /** User refs (lower case) among those considered that belong to the owning group by trusted sources. */
  trustedOwnerMembers: string[];
  /** User refs (lower case) among those considered that belong to a `goldenPath.trust.platformGroups` group by trusted sources. */
  trustedPlatformMembers: string[];
}

/**
 * The query form of the rules. The inventory list is not filtered by permissions (`GET /resources`
 * is readable by every signed-in user), so nothing translates it into a database query; it only
 * satisfies the permission framework's rule shape.
 * @public
 */
export type InventoryPermissionQuery = {
  rule: 'IS_OWNER_MEMBER' | 'IS_PLATFORM_MEMBER';
  userRef: string;
};

/** The permission resource ref of inventory records (`golden-path-resource`, plugin `golden-path`). @public */
export const inventoryPermissionResourceRef = createPermissionResourceRef<
  InventoryPermissionResource,
  InventoryPermissionQuery
>().with({
  pluginId: 'golden-path',
  resourceType: INVENTORY_RESOURCE_TYPE,
});

/**
 * The parameters of the inventory permission rules: the user the condition is about.
 * @public
 */
export type InventoryRuleParams = {
  /** A user entity ref, e.g. `user:default/jane` (a policy passes `user.info.userEntityRef`). */
  userRef: string;
};

const USER_REF_JSON_SCHEMA: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    userRef: {
      type: 'string',
      description:
        'User entity ref, e.g. user:default/jane (a policy passes the requesting user: user.info.userEntityRef)',
    },
  },
  required: ['userRef'],
  additionalProperties: false,
};

/**
 * The rules' parameter schema, `{ userRef: string }`, as a Standard Schema with its JSON Schema (what
 * the permission framework validates conditions with and serves to policy editors).
 */
export const userRefParams = {
  '~standard': {
    version: 1 as const,
    vendor: 'golden-path',
    validate: (value: unknown) =>
      value &&
      typeof value === 'object' &&
      typeof (value as { userRef?: unknown }).userRef === 'string' &&
      Object.keys(value).length === 1
        ? { value: { userRef: (value as InventoryRuleParams).userRef } }
        : {
            issues: [
              {
                message:
                  'params must be { userRef: string } (a user entity ref, e.g. user:default/jane)',
              },
            ],
          },
    jsonSchema: {
      input: () => USER_REF_JSON_SCHEMA,
      output: () => USER_REF_JSON_SCHEMA,
    },
    types: undefined as
      | { input: InventoryRuleParams; output: InventoryRuleParams }
      | undefined,
  },
};

/** Normalised user ref, or undefined when it is not one. */
export function normaliseUserRef(value: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'user',
        defaultNamespace: 'default',
      }),
    ).toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether a list of normalised user refs holds this user (any spelling of the ref). */
export const hasUser = (list: string[], userRef: string) => {
  const user = normaliseUserRef(userRef);
  return !!user && list.includes(user);
};

/**
 * `IS_OWNER_MEMBER({ userRef })`: the user belongs to the record's owning group according to trusted
 * catalog sources.
 * @public
 */
export const isOwnerMember = createPermissionRule<
  typeof inventoryPermissionResourceRef,
  InventoryRuleParams
>({
  name: 'IS_OWNER_MEMBER',
  description:
    "Allow when the user is a member of the record's owning group, by trusted catalog sources",
  resourceRef: inventoryPermissionResourceRef,
  paramsSchema: userRefParams,
  apply: (resource: InventoryPermissionResource, { userRef }) =>
    hasUser(resource.trustedOwnerMembers, userRef),
  toQuery: ({ userRef }) => ({ rule: 'IS_OWNER_MEMBER', userRef }),
});

/**
 * `IS_PLATFORM_MEMBER({ userRef })`: the user belongs to one of `goldenPath.trust.platformGroups`
 * according to trusted catalog sources.
 * @public
 */
export const isPlatformMember = createPermissionRule<
  typeof inventoryPermissionResourceRef,
  InventoryRuleParams
>({
  name: 'IS_PLATFORM_MEMBER',
  description:
    'Allow when the user is a member of a platform group (goldenPath.trust.platformGroups), by trusted catalog sources',
  resourceRef: inventoryPermissionResourceRef,
  paramsSchema: userRefParams,
  apply: (resource: InventoryPermissionResource, { userRef }) =>
    hasUser(resource.trustedPlatformMembers, userRef),
  toQuery: ({ userRef }) => ({ rule: 'IS_PLATFORM_MEMBER', userRef }),
});

/** The rules of `golden-path-resource`, by name. @public */
export const inventoryPermissionRules = { isOwnerMember, isPlatformMember };

const conditionExports = createConditionExports({
  resourceRef: inventoryPermissionResourceRef,
  rules: inventoryPermissionRules,
});

/**
 * Condition factories of the inventory rules for permission policies, e.g.
 * `inventoryConditions.isOwnerMember({ userRef })`.
 * @public
 */
export const inventoryConditions = conditionExports.conditions;

/**
 * Wraps inventory conditions in a conditional decision for permission policies:
 *
 * ```ts
 * if (isPermission(request.permission, resourcesUpdatePermission)) {
 *   return createInventoryConditionalDecision(request.permission, inventoryOwnerOrPlatform(user.info.userEntityRef));
 * }
 * ```
 * @public
 */
export const createInventoryConditionalDecision =
  conditionExports.createConditionalDecision;

/**
 * `{ anyOf: [IS_OWNER_MEMBER, IS_PLATFORM_MEMBER] }` for one user: the usual condition for
 * `golden-path.resources.update`.
 * @public
 */
export function inventoryOwnerOrPlatform(
  userRef: string,
): PermissionCriteria<PermissionCondition<typeof INVENTORY_RESOURCE_TYPE>> {
  return {
    anyOf: [
      inventoryConditions.isOwnerMember({ userRef }),
      inventoryConditions.isPlatformMember({ userRef }),
    ],
  };
}

/** Every `params.userRef` named in a criteria tree (to know whose memberships to look up). */
export function userRefsIn(
  criteria: PermissionCriteria<PermissionCondition>,
): string[] {
  const found = new Set<string>();
  const walk = (c: any) => {
    if (!c || typeof c !== 'object') return;
    if (Array.isArray(c.allOf)) c.allOf.forEach(walk);
    else if (Array.isArray(c.anyOf)) c.anyOf.forEach(walk);
    else if (c.not) walk(c.not);
    else if (typeof c.params?.userRef === 'string') found.add(c.params.userRef);
  };
  walk(criteria);
  return [...found];
}

const CONCURRENCY = 8;

async function mapLimited<T, R>(
  items: T[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  for (let i = 0; i < items.length; i += CONCURRENCY) {
    const chunk = await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
    chunk.forEach((r, j) => (out[i + j] = r));
  }
  return out;
}

/**
 * The distinct users a set of conditions names (normalised; bad refs dropped) and, for each, their
 * groups by trusted catalog sources: the facts permission rules about people are applied to.
 */
export async function trustedGroupsOfUsers(
  directory: Pick<TrustedDirectory, 'groupsOf'>,
  userRefs: string[],
): Promise<{ users: string[]; groups: string[][] }> {
  const users = [
    ...new Set(userRefs.map(normaliseUserRef).filter((u): u is string => !!u)),
  ];
  return { users, groups: await mapLimited(users, u => directory.groupsOf(u)) };
}

/**
 * Where the permission loader reads inventory records: every record of the given scaffolder tasks.
 * @public
 */
export interface InventoryRecordSource {
  /** The records of these task ids, in any order. */
  ofTasks(taskIds: string[]): Promise<InventoryItem[]>;
}

/**
 * Loads inventory records with the trusted facts the rules need. Every membership is decided by
 * `TrustedDirectory.groupsOf` (the one definition of trusted membership); this only chooses whose
 * memberships to look up.
 * @public
 */
export class InventoryPermissionResources {
  constructor(
    private readonly deps: {
      store: InventoryRecordSource;
      directory: TrustedDirectory;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  /**
   * The record with facts about the given users (the users a set of conditions names): exact for
   * each of them, and any other user counts as a member of nothing.
   */
  async forUsers(
    item: InventoryItem,
    userRefs: string[],
  ): Promise<InventoryPermissionResource> {
    const { users, groups } = await trustedGroupsOfUsers(
      this.deps.directory,
      userRefs,
    );
    return this.build(item, users, groups);
  }

  /**
   * Records by permission resource ref (`<taskId>/<kind>/<name>`), for the permission backend's
   * conditional decisions: here the user is not known, so the candidates are every user the owning
   * and platform groups name or who name those groups, each then checked through the directory.
   */
  async getResources(
    refs: string[],
  ): Promise<Array<InventoryPermissionResource | undefined>> {
    const keys = refs.map(parseInventoryResourceRef);
    const taskIds = [...new Set(keys.filter(k => !!k).map(k => k!.taskId))];
    const items = await this.deps.store.ofTasks(taskIds);
    const byRef = new Map(items.map(i => [inventoryResourceRef(i), i]));
    const candidatesByGroup = new Map<string, Promise<string[]>>();
    const candidatesOf = (group: string) => {
      if (!candidatesByGroup.has(group))
        candidatesByGroup.set(group, this.candidates(group));
      return candidatesByGroup.get(group)!;
    };
    const groupsByUser = new Map<string, Promise<string[]>>();
    const groupsOf = (user: string) => {
      if (!groupsByUser.has(user))
        groupsByUser.set(user, this.deps.directory.groupsOf(user));
      return groupsByUser.get(user)!;
    };
    return Promise.all(
      refs.map(async ref => {
        const item = byRef.get(ref);
        if (!item) return undefined;
        const groups = [
          normaliseGroupRef(item.owner),
          ...this.deps.directory.sources.platformGroups,
        ];
        const users = [
          ...new Set((await Promise.all(groups.map(candidatesOf))).flat()),
        ];
        return this.build(item, users, await mapLimited(users, groupsOf));
      }),
    );
  }

  private build(
    item: InventoryItem,
    users: string[],
    groupsOfUsers: string[][],
  ): InventoryPermissionResource {
    const owner = normaliseGroupRef(item.owner);
    const platform = this.deps.directory.sources.platformGroups;
    return {
      ...item,
      owner,
      trustedOwnerMembers: users.filter((_, i) =>
        groupsOfUsers[i].includes(owner),
      ),
      trustedPlatformMembers: users.filter((_, i) =>
        groupsOfUsers[i].some(g => platform.includes(g)),
      ),
    };
  }

  /** Users a group names, or who name it (by catalog relation): candidates only, never trusted as such. */
  async candidates(groupRef: string): Promise<string[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const [group, { items: users }] = await Promise.all([
      this.deps.catalog.getEntityByRef(groupRef, { credentials }),
      this.deps.catalog.getEntities(
        {
          filter: { kind: 'User', 'relations.memberOf': groupRef },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      ),
    ]);
    const namespace = group?.metadata.namespace ?? 'default';
    const named = ((group?.spec?.members as string[] | undefined) ?? []).map(
      m => {
        try {
          return stringifyEntityRef(
            parseEntityRef(m, {
              defaultKind: 'user',
              defaultNamespace: namespace,
            }),
          ).toLowerCase();
        } catch {
          return undefined;
        }
      },
    );
    const claiming = users.map(u => stringifyEntityRef(u).toLowerCase());
    return [...new Set([...named, ...claiming])].filter(
      (u): u is string => !!u && u.startsWith('user:'),
    );
  }
}

/**
 * Registers `golden-path-resource` (its permission, rules and loader) with the plugin's permission
 * registry, so a policy can answer `golden-path.resources.update` conditionally.
 * @public
 */
export function registerInventoryPermissions(
  permissionsRegistry: PermissionsRegistryService,
  resources: InventoryPermissionResources,
): void {
  permissionsRegistry.addResourceType({
    resourceRef: inventoryPermissionResourceRef,
    permissions: [resourcesUpdatePermission],
    rules: Object.values(inventoryPermissionRules),
    getResources: refs => resources.getResources(refs),
  });
}
