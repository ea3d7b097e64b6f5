import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { CodeBlock } from './CodeBlock';

const EXAMPLE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: postgres-database
  annotations:
    golden-path.io/replaces-ticket: provision-database   # the ticket this path replaces
    golden-path.io/ticket-queue-time: P3D                # how long that ticket waited
    golden-path.io/ticket-ops-effort: PT45M              # ops time one ticket took
    backstage.io/time-saved: PT45M`;

/** No runs in the period: say how runs get counted. */
export function EmptyImpact({ from, to }: { from: string; to: string }) {
  return (
    <div data-testid="gp-empty">
      <EmptyState
        missing="data"
        title={`No Golden Path runs between ${from} and ${to}`}
        description="Runs are counted for templates that declare the ticket they replace. Annotate a template as below, then run it from the Create page; plan-mode runs count as planned, dry-runs never count."
        action={
          <>
            <CodeBlock
              text={EXAMPLE}
              label="Example: the annotations of a Golden Path template"
            />
            <Typography variant="body2" style={{ marginTop: 8 }}>
              Missing queue time or effort falls back to the{' '}
              <code>goldenPath.metrics</code> defaults in app-config; a baseline
              measured from imported tickets (docs/tickets.md) wins over both.
            </Typography>
          </>
        }
      />
    </div>
  );
}
