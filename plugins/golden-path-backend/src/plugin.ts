import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { goldenPathPolicyServiceRef } from '@golden-path/plugin-golden-path-node';
import { createRouter } from './service/router';
import { ResourceStore } from './service/ResourceStore';

/**
 * The `golden-path` backend plugin: policy API, budgets and (later) metrics and inventory.
 * @public
 */
export const goldenPathPlugin = createBackendPlugin({
  pluginId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        database: coreServices.database,
        catalog: catalogServiceRef,
        policy: goldenPathPolicyServiceRef,
      },
      async init({ logger, httpRouter, httpAuth, database, catalog, policy }) {
        const store = await ResourceStore.create(database);
        const environments = Object.keys(policy.getPolicy().environments);
        logger.info(`Golden Path policy loaded: environments ${environments.join(', ')}; mode ${policy.decideMode('github', true).mode}`);
        httpRouter.use(await createRouter({ logger, httpAuth, catalog, policy, store }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
