import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { SummaryResponse } from '@golden-path/plugin-golden-path-common/client';
import { formatHourCount, formatMoney, formatRate } from '../format';
import { BaselineLine } from './BaselineLine';

function Part(props: {
  id: string;
  title: string;
  amount: string;
  formula: string;
  note: string;
}) {
  return (
    <Grid item xs={12} sm={6}>
      <Typography variant="subtitle2" component="p">
        {props.title}
      </Typography>
      <Typography
        variant="h6"
        component="p"
        data-testid={`gp-money-${props.id}`}
      >
        {props.amount}
      </Typography>
      <Typography variant="body2" data-testid={`gp-money-${props.id}-formula`}>
        {props.formula}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.note}
      </Typography>
    </Grid>
  );
}

/**
 * Money in its two parts, each with its formula: the developers' idle wait (working hours ×
 * developer rate) and the ops team's hands-on effort (hours × ops rate), and their sum.
 */
export function MoneyTile(props: {
  summary: SummaryResponse;
  baseline: string;
}) {
  const s = props.summary;
  const money = (n: number) => formatMoney(n, s.currency);
  const rate = (n: number) => formatRate(n, s.currency);
  return (
    <Grid item xs={12} md={6}>
      <Card data-testid="gp-tile-money" style={{ height: '100%' }}>
        <CardContent>
          <Typography variant="overline" color="textSecondary">
            Estimated money saved
          </Typography>
          <Typography
            variant="h4"
            component="p"
            data-testid="gp-tile-money-value"
          >
            {money(s.moneySaved)}
          </Typography>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            developer wait + ops effort
          </Typography>
          <Grid container spacing={2}>
            <Part
              id="wait"
              title="Developer wait"
              amount={money(s.developerWaitMoney)}
              formula={`${formatHourCount(
                s.developerWaitHoursSaved,
              )} working h × ${rate(s.rates.developerHourly)}`}
              note="working hours on the business calendar, not calendar time"
            />
            <Part
              id="ops"
              title="Ops effort"
              amount={money(s.opsEffortMoney)}
              formula={`${formatHourCount(s.opsHoursSaved)} h × ${rate(
                s.rates.opsHourly,
              )}`}
              note="hands-on ops time per ticket"
            />
          </Grid>
          <BaselineLine id="money" text={props.baseline} />
        </CardContent>
      </Card>
    </Grid>
  );
}
