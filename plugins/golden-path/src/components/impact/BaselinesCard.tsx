import { InfoCard } from '@backstage/core-components';
import type {
  BaselineUse,
  BusinessCalendar,
} from '@golden-path/plugin-golden-path-common';
import Typography from '@material-ui/core/Typography';
import { formatCount, formatWorkHours } from '../format';
import { baselineLabel } from './baselines';
import { Column, SortableTable } from './SortableTable';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon, Tue, Wed, Thu, Fri from 09:00, 8 h a day (Europe/Berlin), 1 holiday". */
export function describeCalendar(c: BusinessCalendar): string {
  const days = c.workdays.map(d => WEEKDAYS[d - 1] ?? String(d)).join(', ');
  const holidays = c.holidays.length
    ? `, ${formatCount(c.holidays.length)} holiday${
        c.holidays.length === 1 ? '' : 's'
      }`
    : '';
  return `${days} from ${c.workdayStart}, ${c.hoursPerDay} h a day (${c.timeZone})${holidays}`;
}

const columns: Column<BaselineUse>[] = [
  {
    id: 'ticketType',
    title: 'Ticket type',
    nowrap: true,
    sortValue: b => b.ticketType,
    render: b => b.ticketType,
  },
  {
    id: 'source',
    title: 'Baseline',
    sortValue: b => baselineLabel(b),
    render: b => (
      <span data-testid={`gp-baseline-${b.ticketType}`}>
        {baselineLabel(b)}
      </span>
    ),
  },
  {
    id: 'wait',
    title: 'Wait per ticket (working h)',
    numeric: true,
    sortValue: b => b.waitWorkingHours,
    render: b => formatWorkHours(b.waitWorkingHours),
  },
  {
    id: 'ops',
    title: 'Ops effort per ticket',
    numeric: true,
    sortValue: b => b.opsHours,
    render: b => formatWorkHours(b.opsHours),
  },
  {
    id: 'why',
    title: 'Why not measured',
    render: b => (b.source === 'measured' ? '' : b.fallbackReason ?? ''),
  },
];

/**
 * Which baseline each ticket type's figures used in the period: measured from imported tickets,
 * or the template's annotations, Backstage's time-saved, or the configured defaults.
 */
export function BaselinesCard(props: {
  baselines: BaselineUse[] | undefined;
  calendar?: BusinessCalendar;
}) {
  const baselines = props.baselines ?? [];
  return (
    <InfoCard
      title="Ticket baselines used"
      subheader="What one ticket of each type is taken to cost; a baseline measured from imported tickets wins over the template's annotations and the defaults"
      noPadding
    >
      <div data-testid="gp-baselines">
        {baselines.length ? (
          <SortableTable<BaselineUse>
            label="Ticket baselines used"
            columns={columns}
            rows={baselines}
            rowKey={b => b.ticketType}
          />
        ) : (
          <Typography variant="body2" style={{ padding: 16 }}>
            No completed runs in this period, so no baseline was used.
          </Typography>
        )}
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ padding: '8px 16px' }}
          data-testid="gp-calendar"
        >
          Developer wait counts working hours only
          {props.calendar
            ? `: ${describeCalendar(props.calendar)}.`
            : ' (goldenPath.metrics.calendar).'}
        </Typography>
      </div>
    </InfoCard>
  );
}
