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
