import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { GoldenPathClient } from '@golden-path/plugin-golden-path-common/client';
import type { JSX } from 'react';
import { goldenPathApiRef } from './api/GoldenPathApi';
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
export const GoldenPathImpactPage: () => JSX.Element = goldenPathPlugin.provide(
  createRoutableExtension({
    name: 'GoldenPathImpactPage',
    component: () => import('./components/ImpactPage').then(m => m.ImpactPage),
    mountPoint: rootRouteRef,
  }),
);

/** Card for `kind: Template` entity pages: the path's runs, tickets avoided, hours saved and latest runs. @public */
export const EntityGoldenPathTemplateCard: () => JSX.Element =
  goldenPathPlugin.provide(
    createComponentExtension({
      name: 'EntityGoldenPathTemplateCard',
      component: {
        lazy: () =>
          import('./components/TemplateCard').then(m => m.TemplateImpactCard),
      },
    }),
  );
