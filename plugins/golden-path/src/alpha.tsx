import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  ExtensionDefinition,
  OverridableFrontendPlugin,
  RouteRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import { GoldenPathClient } from '@golden-path/plugin-golden-path-common/client';
import { goldenPathApiRef } from './api/GoldenPathApi';
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
    loader: () =>
      import('./components/GoldenPathPages').then(m => <m.GoldenPathPages />),
  },
});

const templateCard = EntityCardBlueprint.make({
  name: 'template-impact',
  params: {
    filter: 'kind:template',
    loader: () =>
      import('./components/TemplateCard').then(m => <m.TemplateImpactCard />),
  },
});

// The type is spelled out because the entity card's inferred config type points into a nested copy
// of @backstage/filter-predicates that declaration files cannot name. The API and page extensions
// keep their exact types (what `ApiBlueprint.make` and `PageBlueprint.make` return), so adopters can
// override them with typed params.
/**
 * The Golden Path plugin for the new frontend system: the Impact page (with its nav item), the
 * template entity card, the API, and the policy-driven scaffolder form fields (with their API).
 * @alpha
 */
const plugin: OverridableFrontendPlugin<
  { root: RouteRef<undefined> },
  {},
  {
    'api:golden-path': ReturnType<
      typeof ApiBlueprint.make<undefined, any, any>
    >;
    'page:golden-path': ReturnType<
      typeof PageBlueprint.make<undefined, any, any>
    >;
    'entity-card:golden-path/template-impact': ExtensionDefinition;
    'api:golden-path/form': ExtensionDefinition;
    'scaffolder-form-field:golden-path/environment-picker': ExtensionDefinition;
    'scaffolder-form-field:golden-path/policy-picker': ExtensionDefinition;
    'scaffolder-form-field:golden-path/cost-estimate': ExtensionDefinition;
  }
> = createFrontendPlugin({
  pluginId: 'golden-path',
  title: 'Golden Path Impact',
  icon: <TrendingDownIcon />,
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [
    goldenPathApi,
    impactPage,
    templateCard,
    ...goldenPathFormExtensions,
  ],
});

export default plugin;
