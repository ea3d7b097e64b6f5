import {
  BasicPermission,
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Read Golden Path run metrics (summary, time series, breakdowns, CSV export). @public */
export const metricsReadPermission = createPermission({
  name: 'golden-path.metrics.read',
  attributes: { action: 'read' },
});

/**
 * The resource type of one inventory record (one resource of one run). Its resource refs are
 * `<taskId>/<kind>/<name>` (see `inventoryResourceRef`). @public
 */
export const INVENTORY_RESOURCE_TYPE = 'golden-path-resource';

/**
 * Mark an inventory resource deleted (it was removed outside Golden Path). A resource permission:
 * policies may answer it conditionally with the rules the backend registers for
 * `golden-path-resource` (`IS_OWNER_MEMBER`, `IS_PLATFORM_MEMBER`). Whatever the policy answers,
 * the backend also requires the caller to be a member of the record's owning group or of a
 * platform group by trusted catalog sources (rule GP-RESOURCE-OWNER).
 * @public
 */
export const resourcesUpdatePermission = createPermission({
  name: 'golden-path.resources.update',
  attributes: { action: 'update' },
  resourceType: INVENTORY_RESOURCE_TYPE,
});

/** The permission resource ref of one inventory record: `<taskId>/<kind>/<name>` (the name may hold `/`). @public */
export function inventoryResourceRef(key: {
  taskId: string;
  kind: string;
  name: string;
}): string {
  return `${key.taskId}/${key.kind}/${key.name}`;
}

/** The key of an inventory record from its permission resource ref; undefined when malformed. @public */
export function parseInventoryResourceRef(
  ref: string,
): { taskId: string; kind: string; name: string } | undefined {
  const first = ref.indexOf('/');
  const second = first < 0 ? -1 : ref.indexOf('/', first + 1);
  if (first <= 0 || second <= first + 1 || second === ref.length - 1)
    return undefined;
  return {
    taskId: ref.slice(0, first),
    kind: ref.slice(first + 1, second),
    name: ref.slice(second + 1),
  };
}

/** The resource type of one exception; its resource ref is the exception's id. @public */
export const EXCEPTION_RESOURCE_TYPE = 'golden-path-exception';

/**
 * Approve or deny an exception. A resource permission: policies may answer it conditionally with
 * the rules the backend registers for `golden-path-exception` (`IS_EXCEPTION_APPROVER`,
 * `IS_NOT_EXCEPTION_REQUESTER`). Whatever the policy answers, the backend also requires the caller
 * to be a member of the exception's approver group by trusted catalog sources, and not its requester.
 * @public
 */
export const exceptionApprovePermission = createPermission({
  name: 'golden-path.exception.approve',
  attributes: { action: 'update' },
  resourceType: EXCEPTION_RESOURCE_TYPE,
});

/** Every permission the golden-path plugin defines. @public */
export const goldenPathPermissions: Array<
  | BasicPermission
  | ResourcePermission<typeof INVENTORY_RESOURCE_TYPE>
  | ResourcePermission<typeof EXCEPTION_RESOURCE_TYPE>
> = [
  metricsReadPermission,
  resourcesUpdatePermission,
  exceptionApprovePermission,
];
