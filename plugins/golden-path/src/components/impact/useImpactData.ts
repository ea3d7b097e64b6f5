import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { bucketFor, Period, toQuery } from './period';

/**
 * Everything the Impact page shows for a period, fetched in parallel and delivered as each call
 * answers, so the tiles do not wait for the tables.
 */
export function useImpactData(period: Period) {
  const api = useApi(goldenPathApiRef);
  const [attempt, setAttempt] = useState(0);
  const query = toQuery(period);
  const deps = [
    api,
    query.from,
    query.to,
    query.template,
    query.owner,
    attempt,
  ];
  const summary = useAsync(() => api.getSummary(query), deps);
  const series = useAsync(
    () => api.getTimeseries(query, bucketFor(period)),
    deps,
  );
  const templates = useAsync(
    async () => (await api.getBreakdown('templates', query)).items,
    deps,
  );
  const owners = useAsync(
    async () => (await api.getBreakdown('owners', query)).items,
    deps,
  );
  return {
    summary,
    series,
    templates,
    owners,
    error: summary.error ?? series.error ?? templates.error ?? owners.error,
    retry: () => setAttempt(n => n + 1),
  };
}
