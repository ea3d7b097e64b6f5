import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { GoldenPathClient, goldenPathApiRef } from './api/GoldenPathApi';
import { rootRouteRef } from './routes';

/** The Golden Path plugin for the legacy frontend system. @public */
export const goldenPathPlugin = createPlugin({
  id: 'golden-path',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: goldenPathApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new GoldenPathClient(deps),
    }),
  ],
});

/** The Golden Path Impact page (mount at /golden-path). @public */
export const GoldenPathImpactPage = goldenPathPlugin.provide(
  createRoutableExtension({
    name: 'GoldenPathImpactPage',
    component: () => import('./components/ImpactPage').then(m => m.ImpactPage),
    mountPoint: rootRouteRef,
  }),
);
