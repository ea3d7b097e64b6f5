import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { SummaryResponse } from '@golden-path/plugin-golden-path-common/client';
import {
  formatCount,
  formatWorkHours,
  formatPercent,
  formatSeconds,
} from '../format';
import type { BusinessCalendar } from '@golden-path/plugin-golden-path-common';
import { baselinesSummary } from './baselines';
import { BaselinesCard } from './BaselinesCard';
import { BaselineLine } from './BaselineLine';
import { MoneyTile } from './MoneyTile';

function Tile(props: {
  id: string;
  title: string;
  value: string;
  detail: string;
  baseline?: string;
}) {
  return (
    <Grid item xs={12} sm={6} md={3}>
      <Card data-testid={`gp-tile-${props.id}`} style={{ height: '100%' }}>
        <CardContent>
          <Typography variant="overline" color="textSecondary">
            {props.title}
          </Typography>
          <Typography
            variant="h4"
            component="p"
            data-testid={`gp-tile-${props.id}-value`}
          >
            {props.value}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {props.detail}
          </Typography>
          <BaselineLine id={props.id} text={props.baseline ?? ''} />
        </CardContent>
      </Card>
    </Grid>
  );
}

const workingTime = (seconds: number | null) =>
  seconds === null ? '—' : `${formatWorkHours(seconds / 3600)} working time`;

/** The headline numbers of a period; those resting on a ticket baseline say which one. */
export function Tiles({
  summary: s,
  calendar,
}: {
  summary: SummaryResponse;
  /** The business calendar working hours are counted in, when the tickets API gives it. */
  calendar?: BusinessCalendar;
}) {
  const finished = s.completed + s.failed + s.denied;
  const baseline = baselinesSummary(s.baselines);
  return (
    <Grid container spacing={2}>
      <Tile
        id="tickets"
        title="Tickets avoided"
        value={formatCount(s.ticketsAvoided)}
        detail={`${formatCount(s.runs)} runs, ${formatCount(
          s.planned,
        )} planned`}
      />
      <Tile
        id="wait"
        title="Developer wait saved"
        value={formatWorkHours(s.developerWaitHoursSaved)}
        detail="working hours (business calendar): the ticket's wait minus the time to provision"
        baseline={baseline}
      />
      <Tile
        id="ops"
        title="Ops hours returned"
        value={formatWorkHours(s.opsHoursSaved)}
        detail={`${formatPercent(s.ticketOpsShare.before)} → ${formatPercent(
          s.ticketOpsShare.after,
        )} of ops capacity on tickets`}
        baseline={baseline}
      />
      <Tile
        id="provision"
        title="Median time to provision"
        value={formatSeconds(s.medianProvisionSeconds)}
        detail={`vs ${workingTime(
          s.medianBaselineQueueSeconds,
        )} in the ticket queue; p90 ${formatSeconds(s.p90ProvisionSeconds)}`}
      />
      <MoneyTile summary={s} baseline={baseline} />
      <Tile
        id="denied"
        title="Guardrail denials"
        value={formatCount(s.denied)}
        detail={`${formatPercent(s.denialRate)} of ${formatCount(
          finished,
        )} finished runs refused before any change`}
      />
      <Tile
        id="failure"
        title="Failure rate"
        value={formatPercent(s.failureRate)}
        detail={`${formatCount(s.failed)} failed runs (denials not included)`}
      />
      <Tile
        id="share"
        title="TicketOps share"
        value={`${formatPercent(s.ticketOpsShare.after)}`}
        detail={`was ${formatPercent(
          s.ticketOpsShare.before,
        )} of ${formatWorkHours(s.ticketOpsShare.capacityHours)} ops capacity`}
        baseline={baseline}
      />
      <Grid item xs={12} md={9}>
        <BaselinesCard baselines={s.baselines} calendar={calendar} />
      </Grid>
    </Grid>
  );
}
