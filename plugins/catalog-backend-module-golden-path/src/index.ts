/**
 * Catalog backend module: the Golden Path templates as `Template` entities, and a `Resource` entity
 * for every resource a Golden Path created.
 *
 * @packageDocumentation
 */
export { catalogModuleGoldenPathResources as default } from './module';
export { GoldenPathResourceProvider } from './GoldenPathResourceProvider';
export {
  GoldenPathTemplateProvider,
  packagedTemplatesDir,
  readPackagedTemplates,
  readTemplatesConfig,
} from './GoldenPathTemplateProvider';
export type {
  GoldenPathTemplatesConfig,
  PackagedTemplate,
} from './GoldenPathTemplateProvider';
export { InventoryClient } from './InventoryClient';
export type { InventorySource } from './InventoryClient';
export { resourceEntity, ANNOTATIONS } from './resourceEntity';
