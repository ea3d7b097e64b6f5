import { useApi } from '@backstage/core-plugin-api';
import { MetricsQuery } from '@golden-path/plugin-golden-path-common/client';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../../../api/GoldenPathApi';

/**
 * The ticket figures the Impact page shows next to the runs: types with their measured baselines,
 * the period's leaked tickets, and the ranking of types without a path. Each call answers on its
 * own, and may fail (404: no tickets configured) without taking the rest of the page down.
 */
export function useTicketData(query: MetricsQuery) {
  const api = useApi(goldenPathApiRef);
  const types = useAsync(() => api.getTicketTypes(), [api]);
  const leakage = useAsync(
    () => api.getTicketLeakage(query),
    [api, query.from, query.to, query.template, query.owner],
  );
  const next = useAsync(() => api.getRetireCandidates(), [api]);
  return { types, leakage, next };
}

export type TicketData = ReturnType<typeof useTicketData>;
