import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { MetricsQuery } from '@golden-path/plugin-golden-path-common/client';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../../api/GoldenPathApi';

const hours = (h: number | null) => (h === null ? '–' : `${h.toFixed(1)} h`);

/** Exceptions asked for in the period: how many were approved, per rule, and how long approval took. */
export function ExceptionsSummary(props: { query: MetricsQuery }) {
  const api = useApi(goldenPathApiRef);
  const { from, to, template, owner } = props.query;
  const metrics = useAsync(
    () => api.getExceptionMetrics(props.query),
    [api, from, to, template, owner],
  );
  const m = metrics.value;
  return (
    <InfoCard
      title="Exceptions instead of tickets"
      subheader="Requests outside the policy, decided by approvers"
      deepLink={{ title: 'Open the exceptions', link: 'exceptions' }}
    >
      {metrics.loading && <Progress />}
      {metrics.error && (
        <Typography variant="body2">
          Exceptions could not be loaded ({metrics.error.message}).
        </Typography>
      )}
      {m && (
        <div data-testid="gp-exceptions-summary">
          <Typography variant="body1">
            {m.requested} asked for · {m.approved} approved · {m.denied} denied
            · {m.pending} pending · {m.used} used · {m.expired} expired
          </Typography>
          <Typography variant="body2">
            Approval wait: median {hours(m.approvalWaitHours.median)}, p90{' '}
            {hours(m.approvalWaitHours.p90)} over {m.approvalWaitHours.decided}{' '}
            decided
          </Typography>
          {m.byRule.length > 0 && (
            <table style={{ marginTop: 8, borderCollapse: 'collapse' }}>
              <caption style={{ textAlign: 'left' }}>Per rule</caption>
              <thead>
                <tr>
                  <th
                    scope="col"
                    style={{ textAlign: 'left', paddingRight: 16 }}
                  >
                    Rule
                  </th>
                  <th
                    scope="col"
                    style={{ textAlign: 'right', paddingRight: 16 }}
                  >
                    Asked
                  </th>
                  <th scope="col" style={{ textAlign: 'right' }}>
                    Approved
                  </th>
                </tr>
              </thead>
              <tbody>
                {m.byRule.map(r => (
                  <tr key={r.ruleId}>
                    <td style={{ paddingRight: 16 }}>
                      <Link to="exceptions?status=all">{r.ruleId}</Link>
                    </td>
                    <td style={{ textAlign: 'right', paddingRight: 16 }}>
                      {r.requested}
                    </td>
                    <td style={{ textAlign: 'right' }}>{r.approved}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </InfoCard>
  );
}
