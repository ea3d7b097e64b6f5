import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { GoldenPathResourceProvider } from './GoldenPathResourceProvider';
import { GoldenPathTemplateProvider } from './GoldenPathTemplateProvider';
import { InventoryClient } from './InventoryClient';

/**
 * Catalog module `golden-path`, two entity providers:
 * - the Golden Path templates shipped in this package, as `Template` entities (each one can be
 *   switched off under `goldenPath.templates`; an unknown name stops the backend at start-up);
 * - the Golden Path resource provider. It reads the golden-path plugin's inventory over HTTP and
 *   listens to its events, so the two plugins may run in the same backend or in different ones
 *   (with `@backstage/plugin-events-backend` carrying the events).
 * @public
 */
export const catalogModuleGoldenPathResources = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        events,
      }) {
        // Read (and checked against the packaged templates) now, so a bad name fails start-up.
        catalog.addEntityProvider(
          GoldenPathTemplateProvider.fromConfig(config, { logger }),
        );
        const scheduleConfig = config.getOptionalConfig(
          'catalog.providers.goldenPath.schedule',
        );
        catalog.addEntityProvider(
          new GoldenPathResourceProvider({
            inventory: new InventoryClient({ discovery, auth }),
            logger,
            scheduler,
            events,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
            schedule: scheduleConfig
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  scheduleConfig,
                )
              : {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 5 },
                  initialDelay: { seconds: 15 },
                },
          }),
        );
      },
    });
  },
});
