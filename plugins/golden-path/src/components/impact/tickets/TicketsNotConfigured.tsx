import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/**
 * The tickets API answered 404 (no ticket source configured, or a backend without it): say what
 * tickets would add and where to set them up, instead of an error.
 */
export function TicketsNotConfigured(props: { title?: string }) {
  return (
    <InfoCard title={props.title ?? 'Tickets: before and after the paths'}>
      <div data-testid="gp-tickets-empty">
        <Typography variant="body2" paragraph>
          No ticket data yet. Connect Jira or GitHub issues, or import a CSV
          export, to measure what each ticket type really cost (wait in working
          hours, ops effort), see which teams still open tickets after a path
          exists, and rank the ticket types to automate next. Until then the
          figures use the templates’ annotations and the configured defaults.
        </Typography>
        <Typography variant="body2" data-testid="gp-tickets-docs">
          How to set it up: the platform team configures{' '}
          <code>goldenPath.tickets</code> in app-config (ticket types, Jira or
          GitHub sources, who may import CSV exports), as the Golden Path
          documentation describes in docs/tickets.md.
        </Typography>
      </div>
    </InfoCard>
  );
}
