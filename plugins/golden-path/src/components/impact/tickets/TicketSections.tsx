import { InfoCard, Progress } from '@backstage/core-components';
import type { BaselineUse } from '@golden-path/plugin-golden-path-common';
import { BreakdownItem } from '@golden-path/plugin-golden-path-common/client';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { baselineOf } from '../baselines';
import { BeforeAfterCard } from './BeforeAfterCard';
import { beforeAfter } from './beforeAfter';
import { LeakageCard } from './LeakageCard';
import { NextPathsCard } from './NextPathsCard';
import { isNotFound } from './notFound';
import { TicketsNotConfigured } from './TicketsNotConfigured';
import { TicketData } from './useTicketData';

/** A failure other than "not configured" (404), which each card shows as its own empty state. */
const realError = (error: Error | undefined) =>
  error && !isNotFound(error) ? error : undefined;

/**
 * The Impact page's ticket sections: before/after per ticket type that has a path, tickets still
 * opened after a path existed, and the ticket types to build a path for next. Without tickets
 * configured (404, or no types) one short empty state stands for all three.
 */
export function TicketSections(props: {
  data: TicketData;
  baselines: BaselineUse[] | undefined;
  templates: BreakdownItem[] | undefined;
  periodDays: number;
}) {
  const { types, leakage, next } = props.data;
  if (types.loading) return <Progress />;
  if (isNotFound(types.error) || (types.value && !types.value.items.length))
    return <TicketsNotConfigured />;
  const withPath = (types.value?.items ?? []).filter(t => t.hasPath);
  return (
    <Grid container spacing={3} data-testid="gp-tickets">
      <Grid item xs={12}>
        <Typography variant="h5" component="h2">
          Tickets: before and after the paths
        </Typography>
      </Grid>
      {types.error && (
        <Grid item xs={12}>
          <InfoCard title="Ticket types">
            <Typography variant="body2">
              Ticket types could not be loaded ({types.error.message}).
            </Typography>
          </InfoCard>
        </Grid>
      )}
      {types.value && !withPath.length && (
        <Grid item xs={12}>
          <Typography variant="body2">
            No ticket type has a Golden Path yet: see what to build first below.
          </Typography>
        </Grid>
      )}
      {withPath.map(item => (
        <Grid item xs={12} lg={6} key={item.name}>
          <BeforeAfterCard
            item={item}
            figures={beforeAfter(item, props.templates, props.periodDays)}
            used={baselineOf(props.baselines, item.name)}
          />
        </Grid>
      ))}
      <Grid item xs={12}>
        {isNotFound(leakage.error) ? (
          <TicketsNotConfigured title="Tickets still opened after a path existed" />
        ) : (
          <LeakageCard
            leakage={leakage.value}
            loading={leakage.loading}
            error={realError(leakage.error)}
          />
        )}
      </Grid>
      <Grid item xs={12}>
        {isNotFound(next.error) ? (
          <TicketsNotConfigured title="Build these next" />
        ) : (
          <NextPathsCard
            next={next.value}
            loading={next.loading}
            error={realError(next.error)}
          />
        )}
      </Grid>
    </Grid>
  );
}
