/**
 * Catalog backend module: a `Resource` entity for every resource a Golden Path created.
 *
 * @packageDocumentation
 */
export { catalogModuleGoldenPathResources as default } from './module';
export { GoldenPathResourceProvider } from './GoldenPathResourceProvider';
export { InventoryClient } from './InventoryClient';
export type { InventorySource } from './InventoryClient';
export { resourceEntity, ANNOTATIONS } from './resourceEntity';
