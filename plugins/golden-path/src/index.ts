/**
 * Golden Path frontend plugin (legacy frontend system). The new frontend system is in `./alpha`.
 *
 * @packageDocumentation
 */
export {
  goldenPathPlugin,
  GoldenPathImpactPage,
  EntityGoldenPathTemplateCard,
} from './plugin';
export { goldenPathApiRef } from './api/GoldenPathApi';
export type { GoldenPathApi } from './api/GoldenPathApi';
// The client and its types live in `@golden-path/plugin-golden-path-common/client`; re-exported
// here for code that imported them from the plugin.
export { GoldenPathClient } from '@golden-path/plugin-golden-path-common/client';
export type {
  BreakdownItem,
  BudgetResponse,
  MetricsQuery,
  PolicyResponse,
  RunFigures,
  RunItem,
  SummaryResponse,
  TimeseriesItem,
} from '@golden-path/plugin-golden-path-common/client';
export { rootRouteRef } from './routes';
export * from './fields';
export {
  GoldenPathFormClient,
  goldenPathFormApiRef,
} from './api/GoldenPathFormApi';
export type {
  GoldenPathFormApi,
  FormPolicyResponse,
} from './api/GoldenPathFormApi';
