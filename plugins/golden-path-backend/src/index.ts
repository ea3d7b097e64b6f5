/**
 * The golden-path backend plugin.
 *
 * @packageDocumentation
 */
export { goldenPathPlugin as default } from './plugin';
export { ResourceStore, migratedClient } from './service/ResourceStore';
export type { ResourceRow, ResourceFilter } from './service/ResourceStore';
export { InventoryRecorder } from './inventory/InventoryRecorder';
export { RunStore } from './metrics/RunStore';
export type { RunFilter } from './metrics/RunStore';
export { RunCollector } from './metrics/RunCollector';
export type { TaskSource } from './metrics/RunCollector';
