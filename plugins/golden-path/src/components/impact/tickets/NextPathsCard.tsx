import { InfoCard, Progress } from '@backstage/core-components';
import type { RetireCandidate } from '@golden-path/plugin-golden-path-common';
import { RetireCandidatesResponse } from '@golden-path/plugin-golden-path-common/client';
import Typography from '@material-ui/core/Typography';
import { formatCount, formatWorkHours } from '../../format';
import { Column, SortableTable } from '../SortableTable';

const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

type Ranked = RetireCandidate & { rank: number };

const columns: Column<Ranked>[] = [
  {
    id: 'rank',
    title: 'Rank',
    numeric: true,
    sortValue: c => c.rank,
    render: c => c.rank,
  },
  {
    id: 'ticketType',
    title: 'Ticket type',
    sortValue: c => c.title,
    render: c => (
      <>
        {c.title}
        <Typography variant="body2" color="textSecondary" component="span">
          {' '}
          ({c.ticketType})
        </Typography>
      </>
    ),
  },
  {
    id: 'monthlyVolume',
    title: 'Tickets / month',
    numeric: true,
    sortValue: c => c.monthlyVolume,
    render: c => decimal.format(c.monthlyVolume),
  },
  {
    id: 'opsHoursPerTicket',
    title: 'Ops h / ticket',
    numeric: true,
    nowrap: true,
    sortValue: c => c.opsHoursPerTicket,
    render: c =>
      `${formatWorkHours(c.opsHoursPerTicket)} (${
        c.opsEffortSource === 'measured' ? 'measured' : 'default'
      })`,
  },
  {
    id: 'waitHours',
    title: 'Median wait (working h)',
    numeric: true,
    nowrap: true,
    sortValue: c => c.waitHours,
    render: c => formatWorkHours(c.waitHours),
  },
  {
    id: 'score',
    title: 'Score',
    numeric: true,
    sortValue: c => c.score,
    render: c => (
      <span data-testid={`gp-next-score-${c.ticketType}`}>
        {formatCount(Math.round(c.score))}
      </span>
    ),
  },
  {
    id: 'tickets',
    title: 'Tickets measured',
    numeric: true,
    sortValue: c => c.tickets,
    render: c => formatCount(c.tickets),
  },
];

/**
 * "Build these next": ticket types without a Golden Path in the backend's order, with the three
 * factors of the score beside it, so the ranking can be checked by eye.
 */
export function NextPathsCard(props: {
  next: RetireCandidatesResponse | undefined;
  loading: boolean;
  error?: Error;
}) {
  const items = (props.next?.items ?? []).map((c, i) => ({
    ...c,
    rank: i + 1,
  }));
  return (
    <InfoCard
      title="Build these next"
      subheader="Ticket types without a Golden Path; score = tickets per month × ops hours per ticket × median wait in working hours"
      noPadding
    >
      <div data-testid="gp-next">
        {props.loading && <Progress />}
        {props.error && (
          <Typography variant="body2" style={{ padding: 16 }}>
            The ranking could not be loaded ({props.error.message}).
          </Typography>
        )}
        {props.next && !items.length && (
          <Typography variant="body2" style={{ padding: 16 }}>
            Every configured ticket type already has a Golden Path.
          </Typography>
        )}
        {items.length > 0 && (
          <SortableTable<Ranked>
            label="Build these next"
            testId="gp-next-table"
            columns={columns}
            rows={items}
            rowKey={c => c.ticketType}
            defaultSort={{ column: 'rank', direction: 'asc' }}
          />
        )}
      </div>
    </InfoCard>
  );
}
