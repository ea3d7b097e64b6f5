import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
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
  EXCEPTION_RESOURCE_TYPE,
  exceptionApprovePermission,
  ExceptionRecord,
} from '@golden-path/plugin-golden-path-common';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import {
  hasUser,
  InventoryRuleParams,
  normaliseUserRef,
  trustedGroupsOfUsers,
  userRefParams,
} from '../inventory/permissions';

/**
 * One exception as the permission rules see it: the stored exception plus which of the users
 * considered belong to its approver group by TRUSTED catalog sources. @public
 */
export interface ExceptionPermissionResource extends ExceptionRecord {
  trustedApprovers: string[];
}

/** The query form of the rules (exceptions are not listed through permission filters). @public */
export type ExceptionPermissionQuery = {
  rule: 'IS_EXCEPTION_APPROVER' | 'IS_NOT_EXCEPTION_REQUESTER';
  userRef: string;
};

/** The permission resource ref of exceptions (`golden-path-exception`, plugin `golden-path`). @public */
export const exceptionPermissionResourceRef = createPermissionResourceRef<
  ExceptionPermissionResource,
  ExceptionPermissionQuery
>().with({ pluginId: 'golden-path', resourceType: EXCEPTION_RESOURCE_TYPE });

/**
 * `IS_EXCEPTION_APPROVER({ userRef })`: the user belongs to the exception's approver group by
 * trusted catalog sources. @public
 */
export const isExceptionApprover = createPermissionRule<
  typeof exceptionPermissionResourceRef,
  InventoryRuleParams
>({
  name: 'IS_EXCEPTION_APPROVER',
  description:
    "Allow when the user is a member of the exception's approver group, by trusted catalog sources",
  resourceRef: exceptionPermissionResourceRef,
  paramsSchema: userRefParams,
  apply: (resource: ExceptionPermissionResource, { userRef }) =>
    hasUser(resource.trustedApprovers, userRef),
  toQuery: ({ userRef }) => ({ rule: 'IS_EXCEPTION_APPROVER', userRef }),
});

/** `IS_NOT_EXCEPTION_REQUESTER({ userRef })`: the user did not ask for the exception. @public */
export const isNotExceptionRequester = createPermissionRule<
  typeof exceptionPermissionResourceRef,
  InventoryRuleParams
>({
  name: 'IS_NOT_EXCEPTION_REQUESTER',
  description: 'Allow when the user is not the one who asked for the exception',
  resourceRef: exceptionPermissionResourceRef,
  paramsSchema: userRefParams,
  apply: (resource: ExceptionPermissionResource, { userRef }) => {
    const user = normaliseUserRef(userRef);
    return !!user && user !== normaliseUserRef(resource.requester);
  },
  toQuery: ({ userRef }) => ({ rule: 'IS_NOT_EXCEPTION_REQUESTER', userRef }),
});

/** The rules of `golden-path-exception`, by name. @public */
export const exceptionPermissionRules = {
  isExceptionApprover,
  isNotExceptionRequester,
};

const conditionExports = createConditionExports({
  resourceRef: exceptionPermissionResourceRef,
  rules: exceptionPermissionRules,
});

/** Condition factories of the exception rules for permission policies. @public */
export const exceptionConditions = conditionExports.conditions;

/** Wraps exception conditions in a conditional decision for permission policies. @public */
export const createExceptionConditionalDecision =
  conditionExports.createConditionalDecision;

/**
 * `{ allOf: [IS_EXCEPTION_APPROVER, IS_NOT_EXCEPTION_REQUESTER] }` for one user: the rule of
 * `golden-path.exception.approve`, for a policy to return (the backend enforces it regardless).
 * @public
 */
export function exceptionApproverNotRequester(
  userRef: string,
): PermissionCriteria<PermissionCondition<typeof EXCEPTION_RESOURCE_TYPE>> {
  return {
    allOf: [
      exceptionConditions.isExceptionApprover({ userRef }),
      exceptionConditions.isNotExceptionRequester({ userRef }),
    ],
  };
}

/** Loads exceptions with trusted facts about approvers; memberships come from `TrustedDirectory.groupsOf` only. */
export class ExceptionPermissionResources {
  constructor(
    private readonly deps: {
      get(id: string): Promise<ExceptionRecord | undefined>;
      directory: Pick<TrustedDirectory, 'groupsOf'>;
      /** Users a group names or who name it: candidates, each checked through the directory. */
      candidates(groupRef: string): Promise<string[]>;
    },
  ) {}

  /** The exception with facts about the given users (those a decision's conditions name). */
  async forUsers(
    record: ExceptionRecord,
    userRefs: string[],
  ): Promise<ExceptionPermissionResource> {
    const { users, groups } = await trustedGroupsOfUsers(
      this.deps.directory,
      userRefs,
    );
    return {
      ...record,
      trustedApprovers: users.filter((_, i) =>
        groups[i].includes(record.approvers),
      ),
    };
  }

  /** Exceptions by id for the permission backend: the candidates are the approver group's users. */
  async getResources(
    ids: string[],
  ): Promise<Array<ExceptionPermissionResource | undefined>> {
    return Promise.all(
      ids.map(async id => {
        const record = await this.deps.get(id);
        if (!record) return undefined;
        return this.forUsers(
          record,
          await this.deps.candidates(record.approvers),
        );
      }),
    );
  }
}

/** Registers `golden-path-exception` (its permission, rules and loader) with the permission registry. @public */
export function registerExceptionPermissions(
  permissionsRegistry: PermissionsRegistryService,
  resources: ExceptionPermissionResources,
): void {
  permissionsRegistry.addResourceType({
    resourceRef: exceptionPermissionResourceRef,
    permissions: [exceptionApprovePermission],
    rules: Object.values(exceptionPermissionRules),
    getResources: ids => resources.getResources(ids),
  });
}
