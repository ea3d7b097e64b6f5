import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { SummaryResponse } from '@golden-path/plugin-golden-path-common/client';
import {
  formatCount,
  formatHours,
  formatWorkHours,
  formatMoney,
  formatPercent,
  formatSeconds,
} from '../format';

function Tile(props: {
  id: string;
  title: string;
  value: string;
  detail: string;
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
        </CardContent>
      </Card>
    </Grid>
  );
}

/** The headline numbers of a period. */
export function Tiles({ summary: s }: { summary: SummaryResponse }) {
  const finished = s.completed + s.failed + s.denied;
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
        value={formatHours(s.developerWaitHoursSaved)}
        detail="ticket queue time minus time to provision"
      />
      <Tile
        id="ops"
        title="Ops hours returned"
        value={formatWorkHours(s.opsHoursSaved)}
        detail={`${formatPercent(s.ticketOpsShare.before)} → ${formatPercent(
          s.ticketOpsShare.after,
        )} of ops capacity on tickets`}
      />
      <Tile
        id="money"
        title="Estimated money saved"
        value={formatMoney(s.moneySaved, s.currency)}
        detail="ops hours returned × hourly rate"
      />
      <Tile
        id="provision"
        title="Median time to provision"
        value={formatSeconds(s.medianProvisionSeconds)}
        detail={`vs ${formatSeconds(
          s.medianBaselineQueueSeconds,
        )} in the ticket queue; p90 ${formatSeconds(s.p90ProvisionSeconds)}`}
      />
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
      />
    </Grid>
  );
}
