/**
 * The golden-path backend plugin.
 *
 * @packageDocumentation
 */
export { goldenPathPlugin as default } from './plugin';
export { ResourceStore, migratedClient } from './service/ResourceStore';
export type { ResourceRow, ResourceFilter } from './service/ResourceStore';
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
} from './inventory/permissions';
export { RESOURCE_OWNER_RULE, RESOURCE_UPDATE_EVENT } from './inventory/router';
export { RunStore } from './metrics/RunStore';
export type { RunFilter } from './metrics/RunStore';
export { RunCollector } from './metrics/RunCollector';
export type { TaskSource } from './metrics/RunCollector';
