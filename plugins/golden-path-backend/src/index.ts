/**
 * The golden-path backend plugin.
 *
 * @packageDocumentation
 */
export { goldenPathPlugin as default } from './plugin';
export {
  inventoryPermissionResourceRef,
  inventoryPermissionRules,
  inventoryConditions,
  createInventoryConditionalDecision,
  inventoryOwnerOrPlatform,
  InventoryPermissionResources,
  registerInventoryPermissions,
} from './inventory/permissions';
export type {
  InventoryPermissionResource,
  InventoryPermissionQuery,
  InventoryRecordSource,
  InventoryRuleParams,
} from './inventory/permissions';
export { RESOURCE_OWNER_RULE, RESOURCE_UPDATE_EVENT } from './inventory/router';
export {
  exceptionPermissionResourceRef,
  exceptionPermissionRules,
  exceptionConditions,
  createExceptionConditionalDecision,
  exceptionApproverNotRequester,
} from './exceptions/permissions';
export type {
  ExceptionPermissionResource,
  ExceptionPermissionQuery,
} from './exceptions/permissions';
export {
  APPROVER_RULE as EXCEPTION_APPROVER_RULE,
  SELF_APPROVAL_RULE as EXCEPTION_SELF_APPROVAL_RULE,
} from './exceptions/router';
