import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import { useSearchParams } from 'react-router-dom';
import { BreakdownTable } from './impact/BreakdownTable';
import {
  CumulativeHoursChart,
  RunsChart,
  TicketOpsShareChart,
} from './impact/Charts';
import { EmptyImpact } from './impact/EmptyImpact';
import { ExceptionsSummary } from './impact/ExceptionsSummary';
import { ExportButton } from './impact/ExportButton';
import {
  Period,
  periodDays,
  periodFromSearch,
  toQuery,
  toSearch,
} from './impact/period';
import { ScopeChips } from './impact/ScopeChips';
import { PeriodControl } from './impact/PeriodControl';
import { Tiles } from './impact/Tiles';
import { useImpactData } from './impact/useImpactData';
import { TicketSections } from './impact/tickets/TicketSections';
import { useTicketData } from './impact/tickets/useTicketData';

/** The Impact page body (no header: the new frontend system supplies it). The period and scope live in the URL. */
export function ImpactContent() {
  const [search, setSearch] = useSearchParams();
  const period = periodFromSearch(search);
  const show = (next: Period) => setSearch(toSearch(next));
  const setPeriod = (p: Period) => show({ ...period, from: p.from, to: p.to });
  const data = useImpactData(period);
  const tickets = useTicketData(toQuery(period));
  const summary = data.summary.value;
  const templates = data.templates.loading ? undefined : data.templates.value;

  let body;
  if (data.error) {
    body = (
      <div data-testid="gp-error">
        <ResponseErrorPanel
          error={data.error}
          title="Could not load Golden Path metrics"
        />
        <Button
          variant="outlined"
          onClick={data.retry}
          style={{ marginTop: 8 }}
        >
          Try again
        </Button>
      </div>
    );
  } else if (data.summary.loading || !summary) {
    body = <Progress />;
  } else if (!summary.runs) {
    body = <EmptyImpact from={period.from} to={period.to} />;
  } else {
    // Each part renders as soon as its call answers.
    const series = data.series.loading ? undefined : data.series.value;
    const owners = data.owners.loading ? undefined : data.owners.value;
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Tiles summary={summary} calendar={tickets.types.value?.calendar} />
        </Grid>
        <Grid item xs={12} lg={6}>
          {series ? (
            <RunsChart items={series.items} bucket={series.bucket} />
          ) : (
            <Progress />
          )}
        </Grid>
        <Grid item xs={12} lg={6}>
          {series ? (
            <CumulativeHoursChart items={series.items} />
          ) : (
            <Progress />
          )}
        </Grid>
        <Grid item xs={12} lg={6}>
          <TicketOpsShareChart summary={summary} />
        </Grid>
        <Grid item xs={12} lg={6}>
          <ExceptionsSummary query={toQuery(period)} />
        </Grid>
        <Grid item xs={12}>
          {templates ? (
            <BreakdownTable
              by="template"
              items={templates}
              currency={summary.currency}
              baselines={summary.baselines}
              onSelect={template => show({ ...period, template })}
            />
          ) : (
            <Progress />
          )}
        </Grid>
        <Grid item xs={12}>
          {owners ? (
            <BreakdownTable
              by="owner"
              items={owners}
              currency={summary.currency}
              onSelect={owner => show({ ...period, owner })}
            />
          ) : (
            <Progress />
          )}
        </Grid>
      </Grid>
    );
  }

  return (
    <Content>
      <div data-testid="gp-impact">
        <ContentHeader title="Tickets, hours and money the Golden Paths removed from the queue">
          <ExportButton
            query={toQuery(period)}
            fileName={`golden-path-runs-${period.from}-to-${period.to}.csv`}
          />
        </ContentHeader>
        {/* On paper: the date labels' grey reaches 4.5:1 on white, not on the page's grey. */}
        <Paper
          variant="outlined"
          style={{ padding: '8px 16px', marginBottom: 16 }}
        >
          <PeriodControl value={period} onChange={setPeriod} />
          <ScopeChips
            period={period}
            onClear={key => show({ ...period, [key]: undefined })}
          />
        </Paper>
        {body}
        {summary && !data.error && (
          <div style={{ marginTop: 24 }}>
            <TicketSections
              data={tickets}
              baselines={summary.baselines}
              templates={templates}
              periodDays={periodDays(period)}
            />
          </div>
        )}
      </div>
    </Content>
  );
}
