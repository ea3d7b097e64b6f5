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
export { goldenPathApiRef, GoldenPathClient } from './api/GoldenPathApi';
export type { GoldenPathApi, PolicyResponse } from './api/GoldenPathApi';
export type {
  BreakdownItem,
  MetricsQuery,
  RunFigures,
  RunItem,
  SummaryResponse,
  TimeseriesItem,
} from './api/metricsTypes';
export { rootRouteRef } from './routes';
export * from './fields';
export {
  GoldenPathFormClient,
  goldenPathFormApiRef,
} from './api/GoldenPathFormApi';
export type {
  GoldenPathFormApi,
  FormPolicyResponse,
  BudgetResponse,
} from './api/GoldenPathFormApi';
