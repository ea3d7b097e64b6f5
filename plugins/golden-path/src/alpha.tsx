import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import { GoldenPathClient, goldenPathApiRef } from './api/GoldenPathApi';
import { rootRouteRef } from './routes';
import { goldenPathFormExtensions } from './fields/alpha';

const goldenPathApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: goldenPathApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new GoldenPathClient(deps),
    }),
});

const impactPage = PageBlueprint.make({
  params: {
    path: '/golden-path',
    title: 'Golden Path Impact',
    icon: <TrendingDownIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/ImpactContent').then(m => <m.ImpactContent />),
  },
});

/**
 * The Golden Path plugin for the new frontend system: the Impact page (with its nav item), the API,
 * and the policy-driven scaffolder form fields (with their API).
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'golden-path',
  title: 'Golden Path Impact',
  icon: <TrendingDownIcon />,
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [goldenPathApi, impactPage, ...goldenPathFormExtensions],
});
