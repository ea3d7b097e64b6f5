import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../api/GoldenPathApi';
import { RunItem } from '@golden-path/plugin-golden-path-common/client';
import {
  formatCount,
  formatHourCount,
  formatMoney,
  formatRate,
  formatSeconds,
  formatWorkHours,
} from './format';
import { baselinesSummary } from './impact/baselines';
import { ReadableErrorColors } from './ReadableErrorColors';
import { lastDays, toQuery } from './impact/period';

const REPLACES_TICKET = 'golden-path.io/replaces-ticket';

const STATUS: Record<
  RunItem['outcome'],
  (p: { children: string }) => JSX.Element
> = {
  completed: p => <StatusOK>{p.children}</StatusOK>,
  planned: p => <StatusPending>{p.children}</StatusPending>,
  failed: p => <StatusError>{p.children}</StatusError>,
  denied: p => <StatusWarning>{p.children}</StatusWarning>,
  cancelled: p => <StatusAborted>{p.children}</StatusAborted>,
  running: p => <StatusRunning>{p.children}</StatusRunning>,
};

function Figure({
  label,
  value,
  id,
}: {
  label: string;
  value: string;
  id: string;
}) {
  return (
    <Grid item xs={6} md>
      <Typography variant="overline" color="textSecondary">
        {label}
      </Typography>
      <Typography variant="h5" component="p" data-testid={`gp-card-${id}`}>
        {value}
      </Typography>
    </Grid>
  );
}

/** On a Template's page: this path's runs, tickets avoided and hours saved (last 12 months), and its latest runs. */
export function TemplateImpactCard() {
  const { entity } = useEntity();
  const api = useApi(goldenPathApiRef);
  const template = stringifyEntityRef(entity);
  const isGoldenPath = !!entity.metadata.annotations?.[REPLACES_TICKET];
  const { value, loading, error } = useAsync(async () => {
    if (!isGoldenPath) return undefined;
    const query = { ...toQuery(lastDays(365)), template };
    const [summary, runs] = await Promise.all([
      api.getSummary(query),
      api.getRuns(query, 5),
    ]);
    return { summary, runs: runs.items };
  }, [api, template, isGoldenPath]);

  let body;
  if (!isGoldenPath) {
    body = (
      <Typography variant="body2">
        This template does not declare the ticket it replaces ({REPLACES_TICKET}
        ), so its runs are not counted.
      </Typography>
    );
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (loading || !value) {
    body = <Progress />;
  } else {
    const s = value.summary;
    body = (
      <>
        <Grid container spacing={2}>
          <Figure id="runs" label="Runs" value={formatCount(s.runs)} />
          <Figure
            id="tickets"
            label="Tickets avoided"
            value={formatCount(s.ticketsAvoided)}
          />
          <Figure
            id="ops"
            label="Ops hours saved"
            value={formatWorkHours(s.opsHoursSaved)}
          />
          <Figure
            id="wait"
            label="Developer wait saved (working)"
            value={formatWorkHours(s.developerWaitHoursSaved)}
          />
          <Figure
            id="money"
            label="Money saved"
            value={formatMoney(s.moneySaved, s.currency)}
          />
        </Grid>
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="gp-card-money-parts"
          style={{ marginTop: 8 }}
        >
          Developer wait {formatMoney(s.developerWaitMoney, s.currency)} (
          {formatHourCount(s.developerWaitHoursSaved)} working h ×{' '}
          {formatRate(s.rates.developerHourly, s.currency)}) + ops effort{' '}
          {formatMoney(s.opsEffortMoney, s.currency)} (
          {formatHourCount(s.opsHoursSaved)} h ×{' '}
          {formatRate(s.rates.opsHourly, s.currency)})
          {s.baselines?.length
            ? `. Baseline: ${baselinesSummary(s.baselines)}`
            : ''}
        </Typography>
        <Typography variant="subtitle2" style={{ marginTop: 16 }}>
          Latest runs
        </Typography>
        {value.runs.length ? (
          <ul
            data-testid="gp-card-latest"
            style={{ listStyle: 'none', paddingLeft: 0, margin: 0 }}
          >
            {value.runs.map(r => {
              const Status = STATUS[r.outcome];
              return (
                <li key={r.taskId}>
                  <Status>{`${r.outcome} · ${r.createdAt
                    .slice(0, 16)
                    .replace('T', ' ')} · ${r.createdBy.replace(
                    /^user:(default\/)?/,
                    '',
                  )}${
                    r.durationSeconds !== null
                      ? ` · ${formatSeconds(r.durationSeconds)}`
                      : ''
                  }${
                    r.deniedRules.length ? ` · ${r.deniedRules.join(', ')}` : ''
                  }`}</Status>
                </li>
              );
            })}
          </ul>
        ) : (
          <Typography variant="body2">
            No runs in the last 12 months.
          </Typography>
        )}
      </>
    );
  }
  return (
    <ReadableErrorColors>
      <InfoCard title="Golden Path impact" subheader="Last 12 months">
        {body}
      </InfoCard>
    </ReadableErrorColors>
  );
}
