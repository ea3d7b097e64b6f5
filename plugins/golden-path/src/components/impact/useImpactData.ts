import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { bucketFor, Period, toQuery } from './period';

/** Everything the Impact page shows for a period, fetched in parallel. */
export function useImpactData(period: Period) {
  const api = useApi(goldenPathApiRef);
  return useAsyncRetry(async () => {
    const query = toQuery(period);
    const [summary, series, templates, owners] = await Promise.all([
      api.getSummary(query),
      api.getTimeseries(query, bucketFor(period)),
      api.getBreakdown('templates', query),
      api.getBreakdown('owners', query),
    ]);
    return { summary, series, templates: templates.items, owners: owners.items };
  }, [api, period.from, period.to]);
}
