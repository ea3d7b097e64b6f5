import { Content, InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { goldenPathApiRef, PolicyResponse } from '../api/GoldenPathApi';

/** The Impact page body (no header: the new frontend system supplies it). */
export function ImpactContent() {
  const api = useApi(goldenPathApiRef);
  const [state, setState] = useState<{ policy?: PolicyResponse; error?: Error }>({});
  useEffect(() => {
    let live = true;
    api.getPolicy().then(
      policy => live && setState({ policy }),
      error => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (state.error) return <ResponseErrorPanel error={state.error} />;
  if (!state.policy) return <Progress />;
  const { policy } = state;
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Golden Path Impact">
            <Typography variant="body1">
              Tickets avoided, hours returned and money saved by the Golden Paths appear here as
              runs are recorded.
            </Typography>
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Policy in force">
            <Typography variant="body2" data-testid="gp-mode">
              Mode: {policy.mode}
            </Typography>
            <Typography variant="body2" data-testid="gp-environments">
              Environments: {Object.keys(policy.environments).join(', ')}
            </Typography>
            <Typography variant="body2">Guardrail rules: {policy.rules.length}</Typography>
          </InfoCard>
        </Grid>
      </Grid>
    </Content>
  );
}
